// @ts-check
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(fileURLToPath(import.meta.url), '../..');

const OUTPUTS = ['dist/widget/upshift-ui.json', 'dist/widget/upshift.js', 'dist/widget/upshift-debug.js', 'dist/widget/upshift.d.ts', 'dist/pages/demo/index.html', 'dist/pages/admin/index.html', 'dist/pages/apidocs/index.html', 'dist/server.js', 'dist/rekey.js', 'dist/admin-create.js', 'dist/cli.js', 'dist/client.js', 'dist/client-types/client/index.d.ts'];
const SOURCES = ['shared', 'widget', 'server', 'demo', 'admin', 'apidocs', 'client', 'cli', 'package.json', 'package-lock.json', 'vite.pages.config.ts'];

/**
 * Newest modification time under `path`, skipping nothing but missing paths.
 * @param {string} path
 * @returns {number}
 */
export function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

/**
 * Why a build is needed, or null when every output exists and is newer than every source.
 * @returns {string | null}
 */
export function staleReason() {
  const missing = OUTPUTS.find((out) => !existsSync(join(root, out)));
  if (missing) return `${missing} is missing`;
  // The prompt UI goes by its content hash; upshift.js names the one it was built with (upshift-ui.json says which).
  const ui = JSON.parse(readFileSync(join(root, 'dist/widget/upshift-ui.json'), 'utf8')).file;
  if (!existsSync(join(root, 'dist/widget', ui))) return `dist/widget/${ui} is missing`;
  const built = Math.min(...OUTPUTS.map((out) => statSync(join(root, out)).mtimeMs));
  const changed = SOURCES.find((src) => newest(join(root, src)) > built);
  return changed ? `${changed} changed since the last build` : null;
}

/** Runs `npm run build` when the build output is missing or older than the sources. */
export function buildIfStale() {
  const reason = staleReason();
  if (!reason) return;
  console.log(`Building Upshift (${reason})…`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('`npm run build` failed; see the output above');
}
