import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AREAS } from '../../admin/src/areas/registry';
import { root } from '../../scripts/build-if-stale.mjs';

/** The console's budget for the JavaScript a first visit runs (ARCHITECTURE.md, "Budgets"). */
const BUDGET = 80 * 1024;
const pages = join(root, 'dist/pages');
const read = (url: string) => readFileSync(join(pages, url), 'utf8');

/** `/assets/x.js` files the page loads up front: its module script and its modulepreload links. */
function initialFromHtml(html: string): string[] {
  const scripts = [...html.matchAll(/<script\b[^>]*type="module"[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!);
  const preloads = [...html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*\shref="([^"]+)"/g)].map((m) => m[1]!);
  return [...new Set([...scripts, ...preloads])];
}

/** A chunk's static imports (`import … from "./x.js"`, `export … from`), as `/assets/` URLs; dynamic `import()` is left out. */
const staticImports = (code: string, dir: string): string[] =>
  [...code.matchAll(/(?:\bimport|\bexport)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["'](\.\/[^"']+)["']/g)].map((m) => `${dir}/${m[1]!.slice(2)}`);

const dynamicImports = (code: string): string[] => [...code.matchAll(/\bimport\(\s*[`"']\.\/([^`"']+)[`"']\s*\)/g)].map((m) => `/assets/${m[1]!}`);

/** Everything a first visit runs: the HTML's scripts and preloads, and whatever they import statically. */
function initialJs(): string[] {
  const seen = new Set<string>();
  const visit = (url: string) => {
    if (seen.has(url)) return;
    seen.add(url);
    staticImports(read(url), url.slice(0, url.lastIndexOf('/'))).forEach(visit);
  };
  initialFromHtml(read('admin/index.html')).forEach(visit);
  return [...seen];
}

describe('console bundle size', () => {
  const initial = initialJs();
  const gz = (url: string) => gzipSync(read(url), { level: 9 }).length;

  it(`loads at most ${BUDGET / 1024} KB of gzipped JavaScript up front`, () => {
    const total = initial.reduce((sum, url) => sum + gz(url), 0);
    expect(total, `initial JS ${total} B gzip: ${initial.join(', ')}`).toBeLessThanOrEqual(BUDGET);
  });

  it('loads every area as its own chunk, none of them up front', () => {
    const entry = initial.find((u) => /\/admin-[\w-]+\.js$/.test(u));
    expect(entry).toBeDefined();
    const areas = new Set(dynamicImports(read(entry!)));
    expect(areas.size).toBe(Object.keys(AREAS).length);
    for (const area of Object.keys(AREAS)) expect([...areas].some((u) => u.includes(`/${area}-`)), `a chunk for ${area}`).toBe(true);
    for (const url of areas) expect(initial).not.toContain(url);
  });

  it('keeps zod out of the initial JavaScript', () => {
    for (const url of initial) expect(read(url), url).not.toMatch(/ZodError|\$ZodType/);
  });
});
