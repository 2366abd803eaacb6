import { defineConfig } from 'vite';

/** dist/server.js: the server bundled for Node; packages stay external and load from node_modules. */
export default defineConfig({
  publicDir: false,
  build: {
    ssr: 'server/main.ts',
    outDir: 'dist',
    emptyOutDir: false,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      output: { format: 'esm', entryFileNames: 'server.js' },
    },
  },
});
