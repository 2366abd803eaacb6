import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, minify, type Plugin } from 'vite';

const OUT = 'dist/widget';

/**
 * The prompt UI built just before (widget/vite.ui.config.ts writes upshift-ui.json): its
 * content-hashed file name and its Subresource Integrity hash, compiled into upshift.js, so a core
 * only ever loads the UI of its own release, and the browser refuses any other bytes under that name.
 */
function ui(): Record<string, string> {
  const path = join(OUT, 'upshift-ui.json');
  if (!existsSync(path)) throw new Error(`${path} is missing: build the prompt UI first (npm run build)`);
  const { file, integrity } = JSON.parse(readFileSync(path, 'utf8')) as { file: string; integrity: string };
  return { __UPSHIFT_UI_FILE__: JSON.stringify(file), __UPSHIFT_UI_INTEGRITY__: JSON.stringify(integrity) };
}

/**
 * oxc's minifier over terser's output (`build.minify: 'terser'`): each finds what the other leaves,
 * and in this order the two measured 214 B gzip less than oxc alone on upshift.js. It runs after
 * every other renderChunk, and not at all when a build turns minifying off (test/widget/bundles.test.ts
 * reads the bundler's module comments from an unminified build).
 */
function oxcAfterTerser(): Plugin {
  return {
    name: 'upshift-oxc-after-terser',
    renderChunk: {
      order: 'post',
      async handler(code, chunk, options) {
        if (this.environment.config.build.minify !== 'terser') return null;
        const out = await minify(chunk.fileName, code, { compress: { target: 'es2022' }, mangle: true, sourcemap: !!options.sourcemap });
        if (out.errors.length) throw new Error(out.errors.map((e) => e.message).join('\n'));
        return { code: out.code, map: out.map ?? null };
      },
    },
  };
}

/** upshift.js: one self-contained IIFE with no exports, so it defines no global but `window.Upshift`. */
export default defineConfig(() => ({
  plugins: [oxcAfterTerser()],
  // __UPSHIFT_LEAN__ drops the facts behind each reason code (shared/engine/facts.ts); debug() gets them from upshift-debug.js.
  define: { 'process.env.NODE_ENV': JSON.stringify('production'), __UPSHIFT_LEAN__: 'true', ...ui() },
  build: {
    outDir: OUT,
    emptyOutDir: false,
    target: 'es2022',
    // Every byte here is on every host page: terser, then oxc over its output (oxcAfterTerser).
    // Safe options only: no unsafe transforms and no property mangling (names cross into
    // upshift-ui.js, upshift-debug.js, JSON and the host's API). safari10 off: no Safari 10 runs an
    // es2022 build, and its workarounds cost bytes. Names are left to oxc's mangler, which comes last.
    minify: 'terser' as const,
    terserOptions: { ecma: 2020 as const, safari10: false, compress: { passes: 3 }, mangle: false },
    sourcemap: false,
    copyPublicDir: false,
    rolldownOptions: {
      input: 'widget/entry.ts',
      output: { format: 'iife' as const, entryFileNames: 'upshift.js' },
    },
  },
}));
