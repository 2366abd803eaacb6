import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Page } from 'playwright-core';

// What the prompt-UI browser tests (ui-bundle*.test.ts) share: the UI file's name pattern, a
// transparent hop in front of a server, and a record of the UI's script elements kept in the page.

/** The prompt UI's content-hashed file name as it appears in a request path. */
export const UI_PATH = /\/upshift-ui\.[\w-]+\.js$/;

/**
 * Passes `req` to `target` + `path` and streams the answer back as it came: method, headers and
 * body go through unchanged, so caching and CORS behave exactly as against the server itself.
 */
export function passThrough(target: string, req: IncomingMessage, res: ServerResponse, path: string): void {
  const url = new URL(path, target);
  const upstream = request(url, { method: req.method ?? 'GET', headers: { ...req.headers, host: url.host } }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(upstream);
}

/** A `<script>` element the core added for the prompt UI, as it was when added. */
export interface UiScript {
  src: string;
  integrity: string;
  crossOrigin: string | null;
  nonce: string;
}

const KEY = 'upshift-ui watch';

/**
 * Keeps a record in the page, from before its first script, of every prompt-UI `<script>` element
 * ever added (the core removes it once it is done with it) and of the UI handing itself over (the
 * `upshift:ui` event). Init scripts are not subject to the page's CSP.
 */
export async function watchUi(page: Page): Promise<{ scripts(): Promise<UiScript[]>; handedOver(): Promise<boolean> }> {
  await page.addInitScript((key) => {
    const seen = { scripts: [] as UiScript[], handedOver: false };
    Object.defineProperty(window, Symbol.for(key), { value: seen });
    document.addEventListener('upshift:ui', () => (seen.handedOver = true));
    new MutationObserver((records) => {
      for (const r of records) {
        for (const n of r.addedNodes) {
          if (n instanceof HTMLScriptElement && n.src.includes('/upshift-ui.')) seen.scripts.push({ src: n.src, integrity: n.integrity, crossOrigin: n.crossOrigin, nonce: n.nonce });
        }
      }
    }).observe(document, { childList: true, subtree: true });
  }, KEY);
  const read = () => page.evaluate((key) => (window as unknown as Record<symbol, { scripts: UiScript[]; handedOver: boolean }>)[Symbol.for(key)]!, KEY);
  return { scripts: async () => (await read()).scripts, handedOver: async () => (await read()).handedOver };
}
