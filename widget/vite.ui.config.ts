import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { retireEarlierUis } from './build/retire-uis';

const OUT = 'dist/widget';
/** Where earlier builds' prompt UIs go: still served (server/http/assets.ts), but out of what a page loads. */
const PREVIOUS = 'dist/widget-previous';
/** Prompt UIs of earlier builds kept, for the upshift.js copies browsers and CDNs still hold (cached up to a day). */
const KEEP_EARLIER = 2;

/**
 * Writes `upshift-ui.json` (the new UI's file name and Subresource Integrity hash, which the core's
 * build compiles in) and moves earlier UIs to dist/widget-previous, keeping the last few: each name is
 * its content, so an upshift.js from before a deploy still finds the very UI it was built with.
 */
function manifest(): Plugin {
  return {
    name: 'upshift-ui-manifest',
    writeBundle(_options, bundle) {
      const file = Object.keys(bundle).find((name) => /^upshift-ui\.[\w-]+\.js$/.test(name))!;
      const integrity = `sha384-${createHash('sha384').update(readFileSync(join(OUT, file))).digest('base64')}`;
      writeFileSync(join(OUT, 'upshift-ui.json'), `${JSON.stringify({ file, integrity })}\n`);
      retireEarlierUis(OUT, PREVIOUS, file, KEEP_EARLIER);
    },
  };
}

/**
 * upshift-ui.<hash>.js: the prompt UI (Preact, the surfaces, the actions, the styles, the words of
 * a prompt), loaded by upshift.js only when a prompt must render. Built first: the core's build
 * reads its name and integrity hash from upshift-ui.json (widget/vite.config.ts).
 * test/widget/bundles.test.ts checks it carries no copy of the engine or the store.
 */
export default defineConfig({
  // Classic JSX: surfaces call preact's own h(), which the bundle has anyway; the automatic runtime would add its own.
  oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment', development: false } },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  plugins: [manifest()],
  build: {
    outDir: OUT,
    // Earlier UIs move out in manifest(); every other file of the folder is written anew by the builds after this one.
    emptyOutDir: false,
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
