import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/readme';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return sources(path);
    return /\.tsx?$/.test(d.name) && !d.name.endsWith('.config.ts') ? [path] : [];
  });
}

/** Code with comments and string literals removed, so only real references count. */
const code = (file: string) =>
  readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/(['"`])(?:\\.|(?!\1)[^\\])*\1/g, '""');

const PAGE_GLOBALS = /\b(window|document|localStorage|sessionStorage|navigator|location|history)\b/;

describe('module boundaries', () => {
  // Declarations (.d.ts) have no runtime: upshift.d.ts declares `window.Upshift` for host apps.
  it.each(sources(join(root, 'widget')).filter((f) => !f.endsWith('entry.ts') && !f.endsWith('.d.ts')).map((f) => [relative(root, f), f]))(
    '%s does not touch page globals (only widget/entry.ts may)',
    (_name, file) => {
      expect(code(file)).not.toMatch(PAGE_GLOBALS);
    },
  );

  it.each(sources(join(root, 'widget')).map((f) => [relative(root, f), f]))('%s does not import zod or server code', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/from ['"](zod|zod\/.*)['"]/);
    expect(text).not.toMatch(/from ['"][./]*\/server\//);
  });

  it.each(sources(join(root, 'shared')).map((f) => [relative(root, f), f]))('%s imports nothing outside shared/ but zod', (_name, file) => {
    const imports = [...readFileSync(file, 'utf8').matchAll(/from ['"]([^'"]+)['"]/g)].map((m) => m[1]!);
    for (const spec of imports) {
      const ok = spec === 'zod' || (spec.startsWith('.') && !relative(join(root, 'shared'), join(file, '..', spec)).startsWith('..'));
      expect(ok, `${spec} in ${relative(root, file)}`).toBe(true);
    }
  });

  it.each(sources(join(root, 'shared', 'engine')).map((f) => [relative(root, f), f]))('%s (bundled into the widget) imports schemas only as types', (_name, file) => {
    for (const m of readFileSync(file, 'utf8').matchAll(/^import (type )?[^;]*from ['"]([^'"]+)['"]/gm)) {
      if (m[2]!.includes('schemas') || m[2] === 'zod') expect(m[1], `${m[0]} in ${relative(root, file)}`).toBe('type ');
    }
  });
});
