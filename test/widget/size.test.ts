import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { builtUi, readmeLoaderStub, root } from '../helpers/readme';

// ARCHITECTURE.md's budgets for what a host page downloads, measured on the built files as a
// browser receives them: gzip at level 9 (what the server sends), brotli printed beside it.

/** upshift.js, the core every page loads. */
const CORE_BUDGET = 12 * 1024;
/** upshift.js plus upshift-ui.js, what a page that shows a prompt loads. */
const WITH_UI_BUDGET = 24 * 1024;
/** The README's loader stub, minified as it is pasted. */
const STUB_BUDGET = 1024;

const dir = join(root, 'dist', 'widget');
const read = (name: string) => readFileSync(join(dir, name));
const uiFile = builtUi().file;
const core = read('upshift.js');
const ui = read(uiFile);

const gzip = (b: Buffer) => gzipSync(b, { level: 9 }).length;
const brotli = (b: Buffer) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const line = (name: string, b: Buffer, budget: number, total = gzip(b)) => `${name}: ${b.length} B raw, ${total} B gzip (budget ${budget}: ${budget - total} B left), ${brotli(b)} B brotli`;

describe('the widget bundles as built', () => {
  // Earlier builds' UIs live in dist/widget-previous: summing this folder gives what a page loads.
  it('dist/widget holds one prompt UI, the one upshift.js loads', () => {
    expect(readdirSync(dir).filter((f) => /^upshift-ui\..*\.js$/.test(f))).toEqual([uiFile]);
  });

  it(`upshift.js, loaded on every page, is at most ${CORE_BUDGET} B gzip`, () => {
    console.info(line('upshift.js', core, CORE_BUDGET));
    expect(gzip(core)).toBeLessThanOrEqual(CORE_BUDGET);
  });

  it(`upshift.js with upshift-ui.js, loaded where a prompt shows, is at most ${WITH_UI_BUDGET} B gzip`, () => {
    const both = gzip(core) + gzip(ui);
    console.info(`${uiFile}: ${ui.length} B raw, ${gzip(ui)} B gzip, ${brotli(ui)} B brotli`);
    console.info(`upshift.js + UI: ${both} B gzip (budget ${WITH_UI_BUDGET}: ${WITH_UI_BUDGET - both} B left), ${brotli(core) + brotli(ui)} B brotli`);
    expect(both).toBeLessThanOrEqual(WITH_UI_BUDGET);
  });

  it(`the README's loader stub is at most ${STUB_BUDGET} B`, () => {
    const stub = Buffer.from(readmeLoaderStub());
    console.info(`loader stub: ${stub.length} B, ${gzip(stub)} B gzip, ${brotli(stub)} B brotli`);
    expect(stub.length).toBeLessThanOrEqual(STUB_BUDGET);
  });

  it('ship no zod and no development-only Preact code', () => {
    for (const b of [core, ui]) {
      const text = b.toString('utf8');
      expect(text).not.toMatch(/ZodError|\$ZodType|zod\.dev/);
      expect(text).not.toMatch(/preact\/debug|__PREACT_DEVTOOLS__/);
    }
  });

  it('are classic scripts that export nothing', () => {
    for (const b of [core, ui]) {
      const text = b.toString('utf8');
      expect(text).not.toMatch(/^\s*(import|export)\s/m);
      expect(text.trimStart().startsWith('(function(){')).toBe(true);
    }
  });
});
