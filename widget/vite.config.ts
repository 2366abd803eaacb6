import { defineConfig } from 'vite';

/** upshift.js: one self-contained IIFE with no exports, so it defines no global but `window.Upshift`. */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
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
