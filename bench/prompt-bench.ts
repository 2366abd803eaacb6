// How long a person waits between the decision that a prompt should show and the prompt on screen:
// with upshift-ui.js fetched cold (a new browser profile), from the HTTP cache (warm: an earlier
// page of the app loaded it; it is served immutable), and already running in the page (the
// baseline: the decision and a render, no loading). Real Chromium, the real server on loopback.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from '../test/e2e/harness';
import { readmeLoaderStub } from '../test/helpers/readme';
import type { ServerChild } from './child';
import { median, range, ratio, table } from './report';

const RUNS = 12;
const DAY = 86_400_000;

/** The host page: the README's embed, then an account at 10 % of its API calls (no prompt). */
const page = (upshift: string, key: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bench host</title>
<script>${readmeLoaderStub()}</script><script async src="${upshift}/upshift.js" data-key="${key}"></script></head>
<body><main><h1>Bench host</h1></main></body></html>`;

/**
 * In the page: identifies the person at 97 % of their API calls, which decides the urgent banner at
 * once, and resolves with the milliseconds until the banner's card is in the widget's shadow root
 * and a frame has been painted with it. A string, so that no build step rewrites it (tsx names
 * functions with a helper the page does not have).
 */
const TIME_PROMPT = `(ctx) => new Promise((resolve) => {
  const card = () => document.querySelector('upshift-root')?.shadowRoot?.querySelector('.card.banner');
  const t0 = performance.now();
  const watch = new MutationObserver(() => {
    const root = document.querySelector('upshift-root')?.shadowRoot;
    if (card()) {
      watch.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - t0));
    } else if (root) watch.observe(root, { subtree: true, childList: true });
  });
  watch.observe(document.body, { childList: true });
  const root = document.querySelector('upshift-root')?.shadowRoot;
  if (root) watch.observe(root, { subtree: true, childList: true });
  Upshift.identify(ctx);
})`;
const timePrompt = (ctx: object) => `(${TIME_PROMPT})(${JSON.stringify(ctx)})`;

/** Resolves true once the decision is made: the config is in, the person's history has arrived, and no prompt shows. */
const SETTLED = 'Upshift.debug().then((d) => d.configVersion !== null && !d.waitingForServerState && !d.shown)';

export async function promptBench(upshift: ServerChild): Promise<string> {
  const base = `http://127.0.0.1:${upshift.port}`;
  const host: Server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(page(base, upshift.publishableKey!)));
  await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
  const hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/`;
  const browser: Browser = await launchChromium();
  let visits = 0;
  const context = (n: number) => ({
    user: { id: `bench_${n}`, locale: 'en' },
    account: { id: `bench_acct_${n}`, plan: 'starter', createdAt: new Date(Date.now() - 200 * DAY).toISOString() },
    usage: { api_calls: 1000, seats: 1 },
  });
  /** One visit: waits for the decision of "no prompt", then times the banner's way to the screen (twice with `inPage`). */
  const visit = async (ctx: BrowserContext, inPage = false): Promise<number> => {
    const n = ++visits;
    const p = await ctx.newPage();
    await p.goto(hostUrl);
    await p.evaluate(`Upshift.identify(${JSON.stringify(context(n))})`);
    await p.waitForFunction(SETTLED, undefined, { polling: 50 });
    let ms = await p.evaluate<number>(timePrompt({ ...context(n), usage: { api_calls: 9700, seats: 1 } }));
    if (inPage) {
      // The UI is running now: a second person in the same page, whose banner needs no loading.
      await p.evaluate(`Upshift.identify(${JSON.stringify(context(n + 10_000))})`);
      await p.waitForFunction(SETTLED, undefined, { polling: 50 });
      ms = await p.evaluate<number>(timePrompt({ ...context(n + 10_000), usage: { api_calls: 9700, seats: 1 } }));
    }
    await p.close();
    return ms;
  };
  try {
    const cold: number[] = [];
    const warm: number[] = [];
    const running: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const fresh = await browser.newContext();
      cold.push(await visit(fresh));
      warm.push(await visit(fresh));
      running.push(await visit(fresh, true));
      await fresh.close();
    }
    // What a page pays the first time it formats a number, whatever the widget does: ICU starts up.
    const intl: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const p = await browser.newPage();
      intl.push(await p.evaluate<number>('(() => { const t0 = performance.now(); new Intl.NumberFormat("en").format(1); return performance.now() - t0; })()'));
      await p.close();
    }
    const row = (name: string, xs: number[]) => [name, `${median(xs).toFixed(1)} ms`, `${range(xs)} ms`, ratio(median(xs) / median(running))];
    return [
      `Decision to prompt on screen (identify() that decides the banner → card in the shadow root and a frame painted), ${RUNS} visits each`,
      table([
        ['upshift-ui.js', 'median', 'range', 'vs running'],
        row('cold (new profile, fetched)', cold),
        row('warm (HTTP cache)', warm),
        row('running (already in the page)', running),
        row('(a page\'s first Intl.NumberFormat)', intl),
      ]),
    ].join('\n');
  } finally {
    await browser.close();
    await new Promise((r) => host.close(r));
  }
}
