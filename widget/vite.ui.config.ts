import { defineConfig } from 'vite';

/**
 * upshift-ui.<hash>.js: the prompt UI (Preact, the surfaces, the actions, the styles), loaded by
 * upshift.js only when a prompt must render. Built first: the core's build reads its name and
 * integrity hash (widget/vite.config.ts). It imports the engine's modules for types and tables
 * only; test/widget/bundles.test.ts checks it carries no copy of the engine or of signals.
 */
export default defineConfig({
  // Classic JSX: surfaces call preact's own h(), which the bundle has anyway; the automatic runtime would add its own.
  oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment', development: false } },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: 'dist/widget',
    // The first widget build: it clears the UI bundles of earlier builds.
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    copyPublicDir: false,
    rolldownOptions: {
      input: 'widget/ui/entry.ts',
      output: { format: 'iife', entryFileNames: 'upshift-ui.[hash].js' },
    },
  },
});
