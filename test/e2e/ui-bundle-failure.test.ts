import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { builtUi, root } from '../helpers/readme';
import { launchChromium, removeDir, startServer, type RunningServer } from './harness';
import { contextFor, hostPage, hostSite, keysOf, listen, publishRules, secretApi, type Site } from './host';
import { passThrough, watchUi, type UiScript } from './ui-watch';

// When the prompt UI (upshift-ui.<hash>.js) cannot be had, the host page must not notice: no
// prompt, one console warning, nothing thrown, and a click on a locked feature stays the host's own
// action. The host app has an origin of its own, as a customer's app would; a stand-in server on
// another serves the real built upshift.js under /<case>/, answers the UI file next to it per case,
// and passes the API (/api/v1/*) through to a real server whose rules would show a banner and
// explain the locked feature, as the `ok` case shows.

let server: RunningServer;
let standIn: Site;
let site: Site;
let browser: Browser;
let context: BrowserContext | undefined;

const widget = readFileSync(join(root, 'dist', 'widget', 'upshift.js'));
const uiName = builtUi().file;
const ui = readFileSync(join(root, 'dist', 'widget', uiName));

const BANNER = 'You are about to run out of API calls';
const PANEL = 'Get every dashboard in your inbox';
/** What the host app itself does when someone opens scheduled reports. */
const HOST_REPORTS = 'The host app opened its own reports page';

const js = { 'Content-Type': 'text/javascript; charset=utf-8', 'Access-Control-Allow-Origin': '*' };
/** Script that would leave a trace if it ever ran, and would hand the core a UI that marks the page. */
const HOSTILE = `window.__garbageRan = true;
document.dispatchEvent(new CustomEvent('upshift:ui', { detail: function () { window.__garbageRan = 'handed over'; document.body.append('pwned'); return []; } }));`;

/** How the UI file is answered, per case: everything but `ok` and `hang` is a bad answer the browser gets at once. */
const CASES = {
  ok: (res: ServerResponse) => res.writeHead(200, js).end(ui),
  '404': (res: ServerResponse) => res.writeHead(404, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' }).end('{"error":{"code":"not_found","message":"No prompt UI"}}'),
  // A CDN in front that strips CORS headers: the bytes are right, but the integrity check cannot read them.
  'no-cors': (res: ServerResponse) => res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(ui),
  // Someone else's JavaScript under the UI's name (a tampered CDN): the integrity check must keep it from running.
  'other-js': (res: ServerResponse) => res.writeHead(200, js).end(HOSTILE),
  // The real UI with a line added at the end.
  'altered-js': (res: ServerResponse) => res.writeHead(200, js).end(Buffer.concat([ui, Buffer.from(`\n;${HOSTILE}`)])),
  garbage: (res: ServerResponse) => res.writeHead(200, js).end(randomBytes(4096)),
  // A captive portal or a corporate proxy's login page.
  html: (res: ServerResponse) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Access-Control-Allow-Origin': '*' }).end(`<!doctype html><title>Sign in</title><form><input name="user"></form><script>${HOSTILE}</script>`),
  // Never answers: the core gives up after 10 s, on the page's (fake) clock.
  hang: () => {},
} as const;
type Case = keyof typeof CASES;

/** The UI requests the stand-in received, by case. */
const uiHits: Partial<Record<Case, number>> = {};

function hostApp(mode: string): string {
  return hostPage({
    src: `${standIn.url}/${mode}/upshift.js`,
    key: keysOf(server).publishable,
    api: `${standIn.url}/api`,
    // At 97 % of the API calls, on Starter (no scheduled reports): a working UI shows the banner and explains the feature.
    context: contextFor(`ui-failure-${mode}`, { usage: { api_calls: 9700 } }),
    body: `
<p><button type="button" id="add">Add item</button> <button type="button" data-upshift-feature="scheduled_reports">Scheduled reports</button></p>
<ul id="items"></ul>
<p id="reports" hidden>${HOST_REPORTS}</p>
<script>
(() => {
  let n = 0;
  document.getElementById('add').addEventListener('click', () => {
    const li = document.createElement('li');
    li.textContent = 'Item ' + ++n;
    document.getElementById('items').append(li);
  });
  document.querySelector('[data-upshift-feature]').addEventListener('click', () => (document.getElementById('reports').hidden = false));
})();
</script>`,
  });
}

interface Visit {
  page: Page;
  errors: string[];
  /** The `[upshift]` warnings so far, as the page itself logged them (read in the page: in step with its clock). */
  warnings(): Promise<string[]>;
  /** Every script element the core added for the prompt UI. */
  uiScripts(): Promise<UiScript[]>;
}

async function open(mode: Case): Promise<Visit> {
  context = await browser.newContext();
  // The page's clock stands still from the start: only the test moves it, so a test can run every
  // timer the core has set (its 10 s limit on the UI among them) and know nothing more is due.
  await context.clock.install();
  await context.clock.pauseAt(Date.now() + 1000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.defineProperty(window, Symbol.for('upshift warnings'), { value: seen });
    const warn = console.warn.bind(console);
    console.warn = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].startsWith('[upshift]')) seen.push(args.join(' '));
      warn(...args);
    };
  });
  const ui = await watchUi(page);
  await page.goto(`${site.url}/${mode}/`);
  return { page, errors, uiScripts: ui.scripts, warnings: () => page.evaluate(() => [...(window as unknown as Record<symbol, string[]>)[Symbol.for('upshift warnings')]!]) };
}

type Debug = { configVersion: number | null; waitingForServerState: boolean };
/** Resolves once the widget has decided with the config and this person's server history. */
const decided = (page: Page) =>
  expect
    .poll(() => page.evaluate(async () => (await (window as unknown as { Upshift: { debug(): Promise<Debug> } }).Upshift.debug()) as Debug), { timeout: 15_000 })
    .toEqual(expect.objectContaining({ configVersion: expect.any(Number), waitingForServerState: false }));

const gate = (page: Page) => page.evaluate(() => (window as unknown as { Upshift: { gate(id: string): unknown } }).Upshift.gate('scheduled_reports'));

/** Clicks the host's own button and returns the list it updates. */
async function addItem(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: 'Add item' }).click();
  return page.locator('#items li').allTextContents();
}

/** After the one warning: the page shows nothing of ours, works, and keeps its own action on the locked feature. */
async function expectHostUnaffected({ page, errors, warnings, uiScripts }: Visit, warning: RegExp): Promise<void> {
  expect(await page.locator('upshift-root, upshift-slot').count()).toBe(0);
  expect(await page.getByRole('region').count()).toBe(0);
  expect(await page.getByRole('dialog').count()).toBe(0);
  // The lock badge needs no UI: it is there.
  expect(await page.locator('[data-upshift-feature="scheduled_reports"] > upshift-badge').count()).toBe(1);

  expect(await addItem(page)).toEqual(['Item 1']);
  // Reaching for the locked feature and clicking it: the host's own handler runs, Upshift opens nothing and fetches nothing again.
  await page.getByRole('button', { name: /^Scheduled reports/ }).hover();
  await page.getByRole('button', { name: /^Scheduled reports/ }).click();
  await page.getByText(HOST_REPORTS).waitFor({ state: 'visible' });
  expect(await page.getByRole('dialog').count()).toBe(0);
  // The public API still answers, from the config the core has.
  expect(await gate(page)).toEqual({ locked: true, plan: { id: 'pro', name: 'Pro' } });

  expect(await page.evaluate(() => (window as unknown as { __garbageRan?: unknown }).__garbageRan)).toBeUndefined();
  expect(await page.getByText('pwned').count()).toBe(0);
  // Asked for once, and the element is gone again: the host's markup is as it was.
  expect(await uiScripts()).toHaveLength(1);
  expect(await page.locator('script[src*="/upshift-ui."]').count()).toBe(0);
  // Every timer the core set has run by now (the UI's 10 s limit among them): still the one warning.
  await page.clock.runFor(60_000);
  expect(await warnings()).toEqual([expect.stringMatching(warning)]);
  expect(errors).toEqual([]);
}

beforeAll(async () => {
  server = await startServer();
  await publishRules(secretApi(server, keysOf(server).secret), [
    {
      id: 'ui-failure-banner',
      name: 'API calls nearly used up',
      status: 'live',
      priority: 10,
      surface: 'banner',
      offer: { type: 'upgrade', plan: 'next' },
      trigger: { type: 'usage', metric: 'api_calls', tiers: [{ id: 'p90', at: { percent: 90 }, tone: 'urgent', content: { title: BANNER, body: '{{usage}} of {{limit}} used.', cta: 'Upgrade' } }] },
    },
    {
      id: 'ui-failure-panel',
      name: 'Locked scheduled reports: a trial',
      status: 'live',
      priority: 10,
      surface: 'panel',
      offer: { type: 'trial', feature: 'scheduled_reports', days: 14 },
      trigger: { type: 'feature', feature: 'scheduled_reports' },
      content: { title: PANEL, body: 'Scheduled reports are part of {{offer.plan.name}}.', cta: 'Start the {{offer.days}}-day trial' },
    },
  ]);
  standIn = await listen((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const [, mode, ...rest] = url.pathname.split('/');
    if (mode === 'api') return passThrough(server.url, req, res, `/${rest.join('/')}${url.search}`);
    const answer = CASES[mode as Case];
    if (!answer) return void res.writeHead(404).end();
    const file = rest.join('/');
    if (file === 'upshift.js') return void res.writeHead(200, js).end(widget);
    if (file === uiName) {
      uiHits[mode as Case] = (uiHits[mode as Case] ?? 0) + 1;
      return void answer(res);
    }
    res.writeHead(404).end();
  });
  site = await hostSite((path) => {
    const mode = /^\/([\w-]+)\/$/.exec(path)?.[1];
    return mode && mode in CASES ? hostApp(mode) : null;
  });
  browser = await launchChromium();
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await standIn?.close();
  await server?.stop();
  removeDir(server.dir);
});

describe('the host page when the prompt UI cannot be had, in Chromium', () => {
  it('with the UI served as built, the same page shows the banner and the click opens the panel instead of the host action (the control)', async () => {
    const visit = await open('ok');
    const { page, errors, warnings } = visit;
    await page.getByRole('region', { name: BANNER }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.getByRole('button', { name: /^Scheduled reports/ }).click();
    await page.getByRole('dialog', { name: PANEL }).waitFor({ state: 'visible', timeout: 15_000 });
    // Upshift took the click over: the host's own handler did not run.
    expect(await page.getByText(HOST_REPORTS).isVisible()).toBe(false);
    expect(uiHits.ok).toBe(1);
    // Its 10 s limit, passed after the UI arrived, says nothing.
    await page.clock.runFor(60_000);
    expect(await warnings()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it.each([
    ['404', 'the UI file is not found (404)'],
    ['no-cors', 'the UI comes without CORS headers, so its integrity cannot be checked'],
    ['other-js', 'other JavaScript is served under the UI name'],
    ['altered-js', 'the UI bytes were altered'],
    ['garbage', 'random bytes are served as JavaScript'],
    ['html', 'a login page answers instead (HTTP 200, HTML)'],
  ] as const)('%s: when %s, nothing runs, no prompt shows, one warning, and the host keeps its own click', async (mode, _) => {
    const visit = await open(mode);
    // The one warning is the signal that the core has given up on the UI.
    await expect.poll(visit.warnings, { timeout: 15_000 }).not.toEqual([]);
    expect(uiHits[mode]).toBe(1);
    await expectHostUnaffected(visit, new RegExp(`^\\[upshift\\] ${standIn.url}/${mode}/${uiName.replace(/\./g, '\\.')} did not load$`));
  });

  it('hang: when the UI never arrives, the core gives up after 10 s of the page clock, and the host keeps its own click', async () => {
    const visit = await open('hang');
    const { page, warnings } = visit;
    // The core asked for the UI (the banner would show) and has this person's history: nothing else is pending.
    await expect.poll(() => uiHits.hang ?? 0, { timeout: 15_000 }).toBe(1);
    await decided(page);

    // The clock stood still since the page loaded: almost 10 s on, the core is still waiting…
    await page.clock.runFor(9_500);
    expect(await warnings()).toEqual([]);
    // …a second later it has given up, once.
    await page.clock.runFor(1_000);
    expect(await warnings()).toEqual([expect.stringMatching(/ timed out$/)]);
    await expectHostUnaffected(visit, new RegExp(`^\\[upshift\\] ${standIn.url}/hang/${uiName.replace(/\./g, '\\.')} timed out$`));
    expect(uiHits.hang).toBe(1);
  });

  it('hang: a click on the locked feature taken over while the UI is on its way goes back to the host when the UI never comes', async () => {
    // The stand-in counts the UI requests of the whole file: this page's is the next one.
    const before = uiHits.hang ?? 0;
    const visit = await open('hang');
    const { page, warnings } = visit;
    await expect.poll(() => uiHits.hang ?? 0, { timeout: 15_000 }).toBe(before + 1);
    await decided(page);
    // The rule explains the feature, so Upshift takes the click over, waiting for its UI.
    await page.getByRole('button', { name: /^Scheduled reports/ }).click();
    expect(await page.getByText(HOST_REPORTS).isVisible()).toBe(false);
    // The UI never comes: the click is the host's after all, once.
    await page.clock.runFor(10_500);
    await page.getByText(HOST_REPORTS).waitFor({ state: 'visible' });
    expect(await warnings()).toEqual([expect.stringMatching(/ timed out$/)]);
    expect(await page.getByRole('dialog').count()).toBe(0);
  });
});
