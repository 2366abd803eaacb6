import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { root } from '../../scripts/build-if-stale.mjs';

// The API reference is a page engineers open now and then: small enough to load at once, with no
// zod in it (full zod probes for eval, which the pages' CSP refuses). 24 KB is what Preact, signals
// and the page take today (about 17 KB) with room to grow, against Swagger UI's several hundred.
const BUDGET = 24 * 1024;
const pages = join(root, 'dist/pages');
const read = (url: string) => readFileSync(join(pages, url), 'utf8');

/** The page's module script and preloads, and whatever they import statically, as `/assets/` URLs. */
function pageJs(): string[] {
  const html = read('apidocs/index.html');
  const seen = new Set<string>();
  const visit = (url: string) => {
    if (seen.has(url)) return;
    seen.add(url);
    for (const m of read(url).matchAll(/(?:\bimport|\bexport)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["']\.\/([^"']+)["']/g)) visit(`/assets/${m[1]!}`);
  };
  for (const m of html.matchAll(/<(?:script|link)\b[^>]*(?:type="module"|rel="modulepreload")[^>]*\s(?:src|href)="([^"]+\.js)"/g)) visit(m[1]!);
  return [...seen];
}

describe('API reference bundle size', () => {
  const js = pageJs();

  it(`loads at most ${BUDGET / 1024} KB of gzipped JavaScript`, () => {
    expect(js.some((u) => /\/apidocs-[\w-]+\.js$/.test(u)), js.join(', ')).toBe(true);
    const total = js.reduce((sum, url) => sum + gzipSync(read(url), { level: 9 }).length, 0);
    expect(total, `JS ${total} B gzip: ${js.join(', ')}`).toBeLessThanOrEqual(BUDGET);
  });

  it('has no zod in it', () => {
    for (const url of js) expect(read(url), url).not.toMatch(/ZodError|\$ZodType/);
  });
});
