import { defineConfig } from 'vite';

/** The demo host app and the admin console: plain pages served by the server under /demo and /admin. */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  base: '/',
  publicDir: false,
  build: {
    outDir: 'dist/pages',
    emptyOutDir: true,
    target: 'es2020',
    rolldownOptions: {
      input: { demo: 'demo/index.html', admin: 'admin/index.html' },
    },
  },
});
