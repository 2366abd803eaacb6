import { defineConfig } from 'vite';

/**
 * dist/rekey.js (`npm run secrets:rekey`) and dist/admin-create.js (`npm run admin:create`):
 * command-line tools bundled for Node like dist/server.js, each on its own so the server bundle stays one file.
 */
export default defineConfig({
  publicDir: false,
  build: {
    ssr: true,
    outDir: 'dist',
    emptyOutDir: false,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      input: { rekey: 'server/cli/rekey-main.ts', 'admin-create': 'server/cli/admin-create-main.ts' },
      output: { format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'tools/[name]-[hash].js' },
    },
  },
});
