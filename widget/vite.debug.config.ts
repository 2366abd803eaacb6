import { defineConfig } from 'vite';

/**
 * upshift-debug.js: the explainer that words the engine's reason codes. `Upshift.debug()` loads it
 * on demand, so the sentences never weigh on upshift.js for end users.
 */
export default defineConfig({
  build: {
    outDir: 'dist/widget',
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    copyPublicDir: false,
    rolldownOptions: {
      input: 'widget/debug-entry.ts',
      output: { format: 'iife', entryFileNames: 'upshift-debug.js' },
    },
  },
});
