import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vite';

const OUT = 'dist/widget';

/**
 * The prompt UI built just before (widget/vite.ui.config.ts): its content-hashed file name and its
 * Subresource Integrity hash, compiled into upshift.js, so a core only ever loads the UI of its
 * own release, and the browser refuses any other bytes under that name.
 */
function ui(): Record<string, string> {
  const files = readdirSync(OUT).filter((f) => /^upshift-ui\.[\w-]+\.js$/.test(f));
  if (files.length !== 1) throw new Error(`expected one upshift-ui.<hash>.js in ${OUT}, found ${files.length}: build it first (npm run build)`);
  const file = files[0]!;
  const integrity = `sha384-${createHash('sha384').update(readFileSync(join(OUT, file))).digest('base64')}`;
  return { __UPSHIFT_UI_FILE__: JSON.stringify(file), __UPSHIFT_UI_INTEGRITY__: JSON.stringify(integrity) };
}

/** upshift.js: one self-contained IIFE with no exports, so it defines no global but `window.Upshift`. */
export default defineConfig(() => ({
  // __UPSHIFT_LEAN__ drops the facts behind each reason code (shared/engine/facts.ts); debug() gets them from upshift-debug.js.
  define: { 'process.env.NODE_ENV': JSON.stringify('production'), __UPSHIFT_LEAN__: 'true', ...ui() },
  build: {
    outDir: OUT,
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    copyPublicDir: false,
    rolldownOptions: {
      input: 'widget/entry.ts',
      output: { format: 'iife' as const, entryFileNames: 'upshift.js' },
    },
  },
}));
