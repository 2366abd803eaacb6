import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');

/** The loader stub's JavaScript exactly as the README tells users to paste it. */
export function readmeLoaderStub(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const embed = /<!-- embed:start -->([\s\S]*?)<!-- embed:end -->/.exec(readme)?.[1];
  const stub = embed && /<script>\n([\s\S]*?)\n<\/script>/.exec(embed)?.[1];
  if (!stub) throw new Error('README.md has no loader stub between the embed markers');
  return stub;
}

/** The prompt UI `npm run build` made last, as upshift-ui.json names it (earlier builds' UIs stay beside it). */
export function builtUi(): { file: string; integrity: string } {
  return JSON.parse(readFileSync(join(root, 'dist', 'widget', 'upshift-ui.json'), 'utf8')) as { file: string; integrity: string };
}
