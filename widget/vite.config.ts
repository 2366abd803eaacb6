import { defineConfig } from 'vite';

/** upshift.js: one self-contained IIFE with no exports, so it defines no global but `window.Upshift`. */
export default defineConfig({
  // Classic JSX: surfaces call preact's own h(), which the bundle has anyway; the automatic runtime would add its own.
  oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment', development: false } },
  // __UPSHIFT_LEAN__ drops the facts behind each reason code (shared/engine/facts.ts); debug() gets them from upshift-debug.js.
  define: { 'process.env.NODE_ENV': JSON.stringify('production'), __UPSHIFT_LEAN__: 'true' },
  build: {
    outDir: 'dist/widget',
    emptyOutDir: true,
    target: 'es2020',
    minify: true,
    sourcemap: false,
    copyPublicDir: false,
    rolldownOptions: {
      input: 'widget/entry.ts',
      output: { format: 'iife', entryFileNames: 'upshift.js' },
    },
  },
});
