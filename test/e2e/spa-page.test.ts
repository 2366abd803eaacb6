import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readmeLoaderStub } from '../helpers/readme';
import { launchChromium, removeDir, startServer, type RunningServer } from './harness';
import { contextFor, hostSite, keysOf, publishRules, secretApi, type Site } from './host';

// Page targeting in a single-page app, in Chromium (issue 12, point 5): the host calls identify
// once, then moves between views with the History API, the back button, the title and the hash.
// The widget reads where the person is by itself and decides again on every move.

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let site: Site;
const pages: Page[] = [];

const TITLES = {
  path: 'On the dashboard: half your API calls are used',
  title: 'Billing: half your API calls are used',
  hash: 'Usage tab: half your API calls are used',
} as const;
type Case = keyof typeof TITLES;

/** A banner at 50 % of the API calls, for people whose `test` trait names `which`, on the pages `where` describes. */
const banner = (which: Case, where: object) => ({
  id: `spa-${which}`,
  name: `Page targeting by ${which}`,
  status: 'live',
  priority: 10,
  surface: 'banner',
  audience: { all: [{ attr: 'user.traits.test', op: 'eq', value: which }, where] },
  offer: { type: 'upgrade', plan: 'next' },
  trigger: { type: 'usage', metric: 'api_calls', tiers: [{ id: 'half', at: { percent: 50 }, tone: 'recommend', content: { title: TITLES[which], body: '{{usage}} of {{limit}} used.', cta: 'Upgrade' } }] },
});

const rules = [
  banner('path', { attr: 'page.path', op: 'eq', value: '/dashboard' }),
  banner('title', { attr: 'page.title', op: 'contains', value: 'Billing' }),
  banner('hash', { attr: 'page.url', op: 'matches', value: '#usage$' }),
];

const json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * The host app: one HTML page for every route. Links move with `history.pushState`, the back
 * button with `history.back()`. Right after the README's loader stub,
 * `window.Upshift.identify` is replaced by a counting wrapper that stays in place when upshift.js
 * installs the real method (an accessor), so every identify call, the host's or a replayed one, is
 * counted; then the host calls identify once.
 */
function spa(who: string, test: Case): string {
  const { publishable } = keysOf(server);
  const ctx = contextFor(who, { user: { traits: { test } }, usage: { api_calls: 6000 } });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Reports — Host app</title>
<script>
${readmeLoaderStub()}
(function () {
  var real = Upshift.identify;
  window.identifyCalls = 0;
  function counted() { window.identifyCalls++; return real.apply(this, arguments); }
  Object.defineProperty(Upshift, 'identify', { configurable: true, enumerable: true, get: function () { return counted; }, set: function (fn) { real = fn; } });
})();
Upshift.identify(${json(ctx)});
</script>
<script async src="${server.url}/upshift.js" data-key="${publishable}"></script>
</head>
<body>
<nav>
  <a href="/dashboard" data-spa>Dashboard</a>
  <a href="/deals" data-spa>Deals</a>
  <a href="#usage">Usage tab</a>
  <a href="#seats">Seats tab</a>
  <button type="button" id="back" onclick="history.back()">Back</button>
  <button type="button" onclick="document.title = 'Billing — Host app'">Open billing</button>
  <button type="button" onclick="document.title = 'Reports — Host app'">Close billing</button>
</nav>
<main><h1>Host app</h1></main>
<script>
// The URL is all that changes: no DOM change gives the widget's MutationObserver a reason to look,
// so only its History API wrappers and its popstate and hashchange listeners can tell it.
document.addEventListener('click', function (e) {
  var a = e.target.closest('a[data-spa]');
  if (!a) return;
  e.preventDefault();
  history.pushState({}, '', a.getAttribute('href'));
});
</script>
</body>
</html>`;
}

beforeAll(async () => {
  server = await startServer();
  await publishRules(secretApi(server, keysOf(server).secret), rules);
  site = await hostSite((path, q) => (['/', '/dashboard', '/deals', '/reports'].includes(path) ? spa(q.get('who') ?? 'anon', (q.get('test') ?? 'path') as Case) : null));
  browser = await launchChromium();
  context = await browser.newContext();
});

afterEach(async () => {
  for (const p of pages.splice(0)) await p.close();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await server?.stop();
  if (server) removeDir(server.dir);
});

let visits = 0;
/** A new tab and a new person on `path` of the host app. */
async function open(test: Case, path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  pages.push(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${site.url}${path}?who=spa-${test}-${++visits}&test=${test}`);
  return { page, errors };
}

const bannerOf = (page: Page, test: Case): Locator => page.getByRole('region', { name: TITLES[test] });
const shows = (b: Locator) => b.waitFor({ state: 'visible', timeout: 15_000 });
const goes = (b: Locator) => b.waitFor({ state: 'detached', timeout: 10_000 });
const identifyCalls = (page: Page) => page.evaluate(() => (window as unknown as { identifyCalls: number }).identifyCalls);
interface Report {
  waitingForServerState: boolean;
  context: { page?: { path?: string; url?: string; title?: string } } | null;
  rules: { ruleId: string; code: string; params?: Record<string, unknown> }[];
}
const debugReport = (page: Page) => page.evaluate(() => (window as unknown as { Upshift: { debug(): Promise<Report> } }).Upshift.debug());
/** Where the widget believes the person is: the page of the context it decided with. */
const seenPage = async (page: Page) => (await debugReport(page)).context?.page;
/**
 * The reason the widget gives for `spa-<test>` once the decision is final (the person's server
 * state has arrived), or 'waiting': the signal that a banner which is not there will not come.
 */
const reasonOf = async (page: Page, test: Case) => {
  const r = await debugReport(page);
  if (r.waitingForServerState) return 'waiting';
  const reason = r.rules.find((x) => x.ruleId === `spa-${test}`);
  return reason && { code: reason.code, attr: reason.params?.attr, actual: reason.params?.actual };
};

describe('page targeting in a single-page app, in Chromium', () => {
  it('a page.path banner shows on /dashboard, goes on pushState to /deals, and comes back with the back button, all from one identify', async () => {
    const { page, errors } = await open('path', '/dashboard');
    const b = bannerOf(page, 'path');
    await shows(b);
    const calls = await identifyCalls(page);
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(await seenPage(page)).toEqual({ path: '/dashboard', url: `${site.url}/dashboard?who=spa-path-${visits}&test=path`, title: 'Reports — Host app' });

    await page.getByRole('link', { name: 'Deals' }).click();
    expect(new URL(page.url()).pathname).toBe('/deals');
    await goes(b);
    expect(await seenPage(page)).toMatchObject({ path: '/deals', url: `${site.url}/deals` });

    // history.back() → popstate: the dashboard again, and its banner.
    await page.getByRole('button', { name: 'Back' }).click();
    await page.waitForURL((u) => u.pathname === '/dashboard');
    await shows(b);

    // And forward again with the History API.
    await page.getByRole('link', { name: 'Deals' }).click();
    await goes(b);

    expect(await identifyCalls(page)).toBe(calls);
    expect(errors).toEqual([]);
  });

  it('a page.path banner waits on /deals until the person moves to /dashboard', async () => {
    const { page } = await open('path', '/deals');
    // The decision on /deals is final (the server state has arrived) and names the page it missed on.
    await expect.poll(() => reasonOf(page, 'path'), { timeout: 15_000 }).toEqual({ code: 'audience.miss', attr: 'page.path', actual: '/deals' });
    expect(await bannerOf(page, 'path').count()).toBe(0);
    const calls = await identifyCalls(page);

    await page.getByRole('link', { name: 'Dashboard' }).click();
    await shows(bannerOf(page, 'path'));
    expect(await identifyCalls(page)).toBe(calls);
  });

  it('history.replaceState is seen too', async () => {
    const { page } = await open('path', '/dashboard');
    const b = bannerOf(page, 'path');
    await shows(b);
    await page.evaluate(() => history.replaceState({}, '', '/deals'));
    await goes(b);
    await page.evaluate(() => history.replaceState({}, '', '/dashboard'));
    await shows(b);
  });

  it('a page.title banner shows when the host sets document.title to a billing title, and goes when it changes back', async () => {
    const { page, errors } = await open('title', '/reports');
    const b = bannerOf(page, 'title');
    await expect.poll(() => reasonOf(page, 'title'), { timeout: 15_000 }).toEqual({ code: 'audience.miss', attr: 'page.title', actual: 'Reports — Host app' });
    expect(await b.count()).toBe(0);
    const calls = await identifyCalls(page);

    await page.getByRole('button', { name: 'Open billing' }).click();
    await shows(b);
    expect(await seenPage(page)).toMatchObject({ path: '/reports', title: 'Billing — Host app' });

    await page.getByRole('button', { name: 'Close billing' }).click();
    await goes(b);

    // Set by script, as a router would, rather than by a click.
    await page.evaluate(() => (document.title = 'Invoices · Billing'));
    await shows(b);
    expect(await identifyCalls(page)).toBe(calls);
    expect(errors).toEqual([]);
  });

  it('a page.url banner follows the hash: #usage shows it, #seats hides it, back restores it', async () => {
    const { page, errors } = await open('hash', '/reports');
    const b = bannerOf(page, 'hash');
    await expect.poll(() => reasonOf(page, 'hash'), { timeout: 15_000 }).toEqual({ code: 'audience.miss', attr: 'page.url', actual: `${site.url}/reports?who=spa-hash-${visits}&test=hash` });
    expect(await b.count()).toBe(0);
    const calls = await identifyCalls(page);

    await page.getByRole('link', { name: 'Usage tab' }).click();
    await shows(b);
    expect((await seenPage(page))?.url).toMatch(/#usage$/);

    // Set by script: only hashchange (and the popstate a fragment move fires) can tell the widget.
    await page.evaluate(() => (location.hash = 'seats'));
    await goes(b);
    await page.goBack();
    await shows(b);
    expect(await identifyCalls(page)).toBe(calls);
    expect(errors).toEqual([]);
  });
});
