import { defineConfig } from 'vite';

/** dist/rekey.js: `npm run secrets:rekey`, bundled for Node like dist/server.js, and on its own so the server bundle stays one file. */
export default defineConfig({
  publicDir: false,
  build: {
    ssr: 'server/rekey-main.ts',
    outDir: 'dist',
    emptyOutDir: false,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      output: { format: 'esm', entryFileNames: 'rekey.js' },
    },
  },
});
