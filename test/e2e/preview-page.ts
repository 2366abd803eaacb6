import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { newNonce, pagePolicy } from '../../server/http/page-policy';
import { listen, type Site } from './host';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

export interface PreviewSite extends Site {
  dir: string;
}

/**
 * Builds rule-preview-entry.tsx with Vite as the console is built, and serves it under the
 * console's own Content-Security-Policy (a fresh nonce per page, no inline style or script
 * without it). `props(query)` gives the page's rule, catalog, settings and previewed account.
 */
export async function previewSite(props: (query: URLSearchParams) => object): Promise<PreviewSite> {
  const dir = mkdtempSync(join(tmpdir(), 'upshift-preview-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    root,
    publicDir: false,
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: {
      outDir: dir,
      emptyOutDir: true,
      target: 'es2020',
      rolldownOptions: { input: join(root, 'test/e2e/rule-preview-entry.tsx'), output: { entryFileNames: 'entry.js', chunkFileNames: '[name]-[hash].js', assetFileNames: '[name][extname]' } },
    },
  });
  const css = readdirSync(dir).filter((f) => f.endsWith('.css'));
  const site = await listen((req, res) => {
    const url = new URL(req.url ?? '/', 'http://preview');
    if (url.pathname === '/') {
      const nonce = newNonce();
      const json = JSON.stringify(props(url.searchParams)).replace(/</g, '\\u003c');
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': pagePolicy(nonce), 'Cache-Control': 'no-store' }).end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Rule preview</title><link rel="icon" href="data:,">
${css.map((f) => `<link rel="stylesheet" href="/${f}">`).join('')}
<script type="application/json" id="props">${json}</script>
<script type="module" nonce="${nonce}" src="/entry.js"></script>
</head><body><div id="app"></div></body></html>`);
      return;
    }
    const file = url.pathname.slice(1);
    if (!/^[\w.-]+$/.test(file) || !TYPES[extname(file)] || !readdirSync(dir).includes(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)]! }).end(readFileSync(join(dir, file)));
  });
  return { ...site, dir };
}
