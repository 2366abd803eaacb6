import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { carried, startProxy, type DeliveryProxy, type EventPost } from './delivery-proxy';
import { eventually, launchChromium, removeDir, startServer, type RunningServer } from './harness';
import { contextFor, hostPage, hostSite, keysOf, type Site } from './host';

// Every event the host tracks is stored exactly once, whatever the network and the server do
// meanwhile: 500s, going offline, a request that never returns while the page reloads, the server
// killed mid-stream, the tab closing, two tabs at once. The widget talks to the real server through
// a loopback proxy (`data-api`) that can fail or swallow `POST /v1/events`, or hold back the server's
// answer; what counts is what the server's database holds in the end.

let server: RunningServer;
let proxy: DeliveryProxy;
let site: Site;
let browser: Browser;
let key: string;
const contexts: BrowserContext[] = [];

type Tracker = { Upshift: { loaded?: boolean; track(name: string, props: object): void } };
type EventFetches = Window & { eventFetches: { started: number; failed: number; settled: number } };

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

/** `props.i` of every stored `e2e_*` track event of this person, in order: `range(0, n)` means each of n stored once. */
function stored(user: string): number[] {
  const db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("SELECT name, json_extract(props, '$.i') AS i FROM events WHERE type = 'track' AND name LIKE 'e2e%' AND user_id = ? ORDER BY i").all(`user_${user}`) as { name: string; i: number }[];
    expect(rows.every((r) => r.name === 'e2e_n')).toBe(true);
    return rows.map((r) => r.i);
  } finally {
    db.close();
  }
}

const storedExactly = (user: string, n: number, timeoutMs = 40_000) => eventually(() => expect(stored(user)).toEqual(range(0, n)), timeoutMs);

/** A new tab (in a fresh browser profile unless `context` is given) on the host app, signed in as `user`. */
async function open(user: string, context?: BrowserContext): Promise<Page> {
  if (!context) contexts.push((context = await browser.newContext()));
  const page = await context.newPage();
  await page.goto(`${site.url}/?user=${user}`);
  await page.waitForFunction(() => (window as unknown as Tracker).Upshift.loaded === true);
  return page;
}

/** `Upshift.track('e2e_n', { i })` for each i in [from, to). */
const fire = (page: Page, from: number, to: number) =>
  page.evaluate(([a, b]) => {
    for (let i = a; i < b; i++) (window as unknown as Tracker).Upshift.track('e2e_n', { i });
  }, [from, to] as const);

/** The `props.i` of the e2e events the proxy saw in `posts`, sorted. */
const sent = (posts: EventPost[]) =>
  posts
    .flatMap(carried)
    .filter((e) => e.name === 'e2e_n')
    .map((e) => e.props?.i)
    .sort((a, b) => a! - b!);

const failed = (status: number) => proxy.posts.filter((p) => p.status === status);

beforeAll(async () => {
  server = await startServer();
  key = keysOf(server).publishable;
  proxy = await startProxy(server.url);
  site = await hostSite((path, q) => (path === '/' ? hostPage({ src: `${proxy.url}/upshift.js`, key, api: proxy.url, context: contextFor(q.get('user') ?? 'anon') }) : null));
  browser = await launchChromium();
});

beforeEach(() => {
  proxy.mode = 'pass';
  proxy.posts.splice(0);
});

afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await proxy?.close();
  await server?.stop();
  removeDir(server.dir);
});

describe('event delivery from the widget in Chromium, through failures', () => {
  it('stores every event once when the server answers 500 for a while, then recovers', async () => {
    const page = await open('d-500');
    proxy.mode = 'fail500';
    await fire(page, 0, 15);
    await eventually(() => expect(failed(500).length).toBeGreaterThan(0), 20_000);
    await fire(page, 15, 30);
    await eventually(() => expect(failed(500).length).toBeGreaterThanOrEqual(2), 30_000);
    // The retries carried the same events again.
    const counts = new Map<number | undefined, number>();
    for (const i of sent(failed(500))) counts.set(i, (counts.get(i) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBeGreaterThanOrEqual(2);
    expect(stored('d-500')).toEqual([]);

    proxy.mode = 'pass';
    await storedExactly('d-500', 30);
  });

  it('stores every event once when the browser goes offline, then back online', async () => {
    // The page's clock is Playwright's: the 5 s batching and the backoff run only when the test moves it.
    const context = await browser.newContext();
    contexts.push(context);
    await context.clock.install();
    // What the widget's fetches of /v1/events came to, counted in the page before the widget's own handlers run.
    await context.addInitScript(() => {
      const w = window as unknown as EventFetches;
      const real = w.fetch.bind(w);
      w.eventFetches = { started: 0, failed: 0, settled: 0 };
      w.fetch = (input, init) => {
        const p = real(input, init);
        if (!String(input instanceof Request ? input.url : input).includes('/v1/events')) return p;
        const n = w.eventFetches;
        n.started++;
        p.then(
          () => n.settled++,
          () => (n.failed++, n.settled++),
        );
        return p;
      };
    });
    const page = await open('d-offline', context);
    const fetches = () => page.evaluate(() => (window as unknown as EventFetches).eventFetches);
    /** Runs the page's clock for `ms`, then waits until the sends that started have all failed: the widget has scheduled its next try. Returns how many failed so far. */
    const run = async (ms: number) => {
      await page.clock.runFor(ms);
      await expect.poll(fetches, { timeout: 20_000 }).toSatisfy((f) => f.failed === f.started && f.settled === f.started);
      return (await fetches()).failed;
    };
    const failures: string[] = [];
    page.on('requestfailed', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/v1/events') failures.push(r.failure()?.errorText ?? '');
    });
    // From here the page's time stands still unless the test runs it.
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);

    await page.context().setOffline(true);
    await fire(page, 0, 20);
    // The batch waits its 5 s, then fails.
    expect(await run(4999)).toBe(0);
    let failed = await run(1);
    expect(failed).toBe(1);
    await eventually(() => expect(failures[0]).toMatch(/INTERNET_DISCONNECTED/), 10_000);
    // Each retry comes once the clock passes its backoff, which doubles: several fail.
    while (failed < 5) failed = await run(10_000);
    await fire(page, 20, 25);
    // Nothing got through while offline.
    expect(proxy.posts).toEqual([]);

    // Back online, the clock standing still: no timer can fire, only the `online` event can send.
    const before = await page.evaluate(() => Date.now());
    await page.context().setOffline(false);
    await storedExactly('d-offline', 25, 20_000);
    expect(await page.evaluate(() => Date.now())).toBe(before);
    // All of it at once, in the one request the `online` event made.
    expect(proxy.posts.map((p) => [sent([p]), JSON.parse(p.answer ?? '{}')])).toEqual([[range(0, 25), { accepted: 25, duplicates: 0 }]]);
    expect(await fetches()).toEqual({ started: failed + 1, settled: failed + 1, failed });
  });

  it('stores every event once when the page reloads while a request hangs', async () => {
    const page = await open('d-reload');
    proxy.mode = 'blackhole';
    await fire(page, 0, 20);
    // The batch is on its way and will never be answered.
    await eventually(() => expect(sent(proxy.posts.filter((p) => p.mode === 'blackhole'))).toEqual(range(0, 20)), 20_000);

    proxy.mode = 'pass';
    await page.reload();
    await page.waitForFunction(() => (window as unknown as Tracker).Upshift.loaded === true);
    await fire(page, 20, 30);
    await storedExactly('d-reload', 30);
  });

  it('when everything sent on the way out is lost too, the reloaded page takes the queue over and sends it', async () => {
    const page = await open('d-reload-lost');
    proxy.mode = 'blackhole';
    await fire(page, 0, 20);
    await eventually(() => expect(sent(proxy.posts)).toEqual(range(0, 20)), 20_000);
    // The old page's beacon vanishes too, and so does the retry its failed request fires as the page goes.
    // That failure used to re-date the stored queue after pagehide, so the next page left it alone for 5 minutes.
    await page.reload();
    const beacons = () => proxy.posts.filter((p) => p.headers['sec-fetch-mode'] === 'no-cors');
    await eventually(() => expect(sent(beacons())).toEqual(range(0, 20)), 10_000);
    expect(stored('d-reload-lost')).toEqual([]);

    // Only the new page can deliver them now: it sends what it took over (a swallowed try is retried after the 15 s timeout).
    proxy.mode = 'pass';
    await storedExactly('d-reload-lost', 20, 45_000);
  });

  it('delivers an event fired just before the tab closes, by beacon', async () => {
    const page = await open('d-beacon');
    await fire(page, 0, 1);
    // The widget batches for 5 s: only the close-time send can deliver this before the tab is gone.
    // As a person closing the tab: unload handlers run (close() alone would not wait for them).
    await Promise.all([page.waitForEvent('close'), page.close({ runBeforeUnload: true })]);
    await storedExactly('d-beacon', 1, 10_000);
    await eventually(() => {
      // sendBeacon is the no-cors request; the widget's own fetches are cors.
      const beacons = proxy.posts.filter((p) => p.headers['sec-fetch-mode'] === 'no-cors');
      expect(beacons.map((p) => [sent([p]), p.headers['content-type'], p.status])).toContainEqual([[0], 'text/plain;charset=UTF-8', 200]);
      // However many requests carried it, the server stored it once.
      const answers = proxy.posts.map((p) => JSON.parse(p.answer ?? '{}') as { accepted?: number });
      expect(answers.reduce((n, a) => n + (a.accepted ?? 0), 0)).toBe(1);
    }, 10_000);
  });

  it('with two tabs of the same app, each sends its own events, once', async () => {
    const first = await open('d-tabs');
    const second = await open('d-tabs', first.context());
    await Promise.all([fire(first, 0, 20), fire(second, 20, 40)]);
    await fire(first, 40, 45);
    await storedExactly('d-tabs', 45);
    // No event was sent by both tabs, nor twice by one: one POST per event, not two.
    expect(sent(proxy.posts)).toEqual(range(0, 45));
    for (const p of proxy.posts) expect(JSON.parse(p.answer ?? '{}')).toMatchObject({ duplicates: 0 });
  });

  it('stores every event once when the server is killed mid-stream and restarted on the same database', { timeout: 120_000 }, async () => {
    const TOTAL = 240;
    const page = await open('d-kill');
    // 20 events a second for 12 s: a 50-event batch every 2.5 s.
    await page.evaluate((total) => {
      let i = 0;
      const timer = setInterval(() => {
        (window as unknown as Tracker).Upshift.track('e2e_n', { i: i++ });
        if (i === total) clearInterval(timer);
      }, 50);
      (window as unknown as { fired: () => number }).fired = () => i;
    }, TOTAL);
    const fired = () => page.evaluate(() => (window as unknown as { fired: () => number }).fired());

    await eventually(() => expect(stored('d-kill').length).toBeGreaterThanOrEqual(50), 20_000);
    // The next batch reaches the server, which stores it and answers; the answer goes no further.
    proxy.mode = 'hold';
    await eventually(() => expect(proxy.posts.find((p) => p.mode === 'hold')?.status).toBe(200), 20_000);
    proxy.mode = 'pass';
    const held = proxy.posts.find((p) => p.mode === 'hold')!;
    const heldEvents = sent([held]);
    expect(heldEvents.length).toBeGreaterThan(0);
    expect(JSON.parse(held.answer!)).toEqual({ accepted: carried(held).length, duplicates: 0 });

    expect(await server.stop('SIGKILL')).toBe(null);
    expect(server.proc.signalCode).toBe('SIGKILL');
    // Killed in the worst place: the batch is committed, and the widget is still waiting to hear so.
    expect(held.waiting).toBe(true);
    expect(stored('d-kill')).toEqual(expect.arrayContaining(heldEvents));
    expect(await fired()).toBeLessThan(TOTAL);
    // The answer is lost with the server; the retry, and every send while it is down, fail (the proxy answers 502, as a gateway would).
    proxy.release();
    await eventually(() => expect(failed(502).length).toBeGreaterThan(0), 20_000);

    server = await startServer({ dir: server.dir });
    proxy.target = server.url;
    await expect.poll(fired, { timeout: 30_000 }).toBe(TOTAL);
    await storedExactly('d-kill', TOTAL, 90_000);
    // The held batch came again, whole, and the restarted server knew every event of it.
    const again = proxy.posts.filter((p) => p.status === 200 && p !== held && heldEvents.every((i) => sent([p]).includes(i)));
    expect(again.map((p) => (JSON.parse(p.answer!) as { duplicates: number }).duplicates)).toEqual([carried(held).length]);

    const db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const dups = db.prepare('SELECT event_id FROM events GROUP BY environment_id, event_id HAVING COUNT(*) > 1').all();
      expect(dups).toEqual([]);
    } finally {
      db.close();
    }
    expect(server.output()).not.toMatch(/SQLITE_|corrupt/i);
  });
});
