import { defineConfig } from 'vite';

/**
 * dist/cli.js (the `upshift` command) and dist/client.js (`upshift/client`), bundled for Node like
 * dist/server.js: packages stay external and load from node_modules. The client's code is one
 * chunk both import.
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
      input: { cli: 'cli/index.ts', client: 'client/index.ts' },
      output: { format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'cli-chunks/[name]-[hash].js' },
    },
  },
});
