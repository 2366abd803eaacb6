import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/readme';

/** ARCHITECTURE.md: upshift.js, gzip, everything included, at most 18 KB. */
const GZIP_BUDGET = 18 * 1024;

describe('upshift.js (the built bundle)', () => {
  const bundle = readFileSync(join(root, 'dist', 'widget', 'upshift.js'));

  it(`stays within ${GZIP_BUDGET} bytes gzipped`, () => {
    const gzip = gzipSync(bundle, { level: 9 }).length;
    const brotli = brotliCompressSync(bundle, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    console.info(`upshift.js: ${bundle.length} B raw, ${gzip} B gzip, ${brotli} B brotli (budget ${GZIP_BUDGET} B gzip, ${GZIP_BUDGET - gzip} B left)`);
    expect(gzip).toBeLessThanOrEqual(GZIP_BUDGET);
  });

  it('ships no zod and no development-only Preact code', () => {
    const text = bundle.toString('utf8');
    expect(text).not.toMatch(/ZodError|\$ZodType|zod\.dev/);
    expect(text).not.toMatch(/preact\/debug|__PREACT_DEVTOOLS__/);
  });

  it('is one classic script that exports nothing', () => {
    const text = bundle.toString('utf8');
    expect(text).not.toMatch(/^\s*(import|export)\s/m);
    expect(text.trimStart().startsWith('(function(){')).toBe(true);
  });
});
