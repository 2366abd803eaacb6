import { defineConfig } from 'vite';

/** The demo host app, the admin console and the API reference: plain pages served by the server under /demo, /admin and /docs/api. */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  base: '/',
  publicDir: false,
  build: {
    outDir: 'dist/pages',
    emptyOutDir: true,
    target: 'es2020',
    rolldownOptions: {
      input: { demo: 'demo/index.html', admin: 'admin/index.html', apidocs: 'apidocs/index.html' },
    },
  },
});
