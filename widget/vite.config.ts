import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vite';

const OUT = 'dist/widget';

/**
 * The prompt UI built just before (widget/vite.ui.config.ts writes upshift-ui.json): its
 * content-hashed file name and its Subresource Integrity hash, compiled into upshift.js, so a core
 * only ever loads the UI of its own release, and the browser refuses any other bytes under that name.
 */
function ui(): Record<string, string> {
  const path = join(OUT, 'upshift-ui.json');
  if (!existsSync(path)) throw new Error(`${path} is missing: build the prompt UI first (npm run build)`);
  const { file, integrity } = JSON.parse(readFileSync(path, 'utf8')) as { file: string; integrity: string };
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
