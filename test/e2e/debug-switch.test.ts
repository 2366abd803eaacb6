import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/seed';
import { readmeLoaderStub } from '../helpers/readme';
import { launchChromium, removeDir, startServer, type RunningServer } from './harness';
import { hostSite, keysOf, publishRules, secretApi, type Site } from './host';

// The debug switch (issue 12, point 2), in Chromium: `data-debug` on the script tag, or
// `Upshift.debug(true)`, makes the widget say in the console, once per decision, what shows and why
// each rule does or does not. Without it the console stays quiet, even when `Upshift.debug()` is
// asked for its report.

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let site: Site;
const pages: Page[] = [];

const DAY = 86_400_000;
const PREFIX = '[upshift] debug';
const HINT = 'set guards.accountAgeDays to 0 while testing';

/**
 * The demo's API-call ladder (held back for young accounts by the 90-day guard), and a rule for
 * heavy users whose audience reads the usage, so its reason quotes the usage and changes with it.
 */
const rules = [
  demoContent.rules[0]!,
  {
    id: 'heavy-users',
    name: 'Heavy users',
    status: 'live',
    priority: 5,
    surface: 'toast',
    audience: { attr: 'usage.api_calls', op: 'gte', value: 50_000 },
    offer: { type: 'upgrade', plan: 'next' },
    trigger: { type: 'usage', metric: 'api_calls', tiers: [{ id: 'half', at: { percent: 50 }, tone: 'inform', content: { title: 'Heavy', body: '{{usage}}', cta: 'Upgrade' } }] },
  },
];

/** A Starter account created `ageDays` ago, at `calls` API calls of 10,000. */
const contextOf = (who: string, calls: number, ageDays = 5) => ({
  user: { id: `user_${who}`, locale: 'en' },
  account: { id: `acct_${who}`, plan: 'starter', createdAt: new Date(Date.now() - ageDays * DAY).toISOString() },
  usage: { api_calls: calls },
});

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * hostPage's page (test/e2e/host.ts), with attributes of our own on the script tag: the README's
 * loader stub and the host's identify, then the async script tag.
 */
function debugPage(o: { who: string; scriptAttrs: string }): string {
  const { publishable } = keysOf(server);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Host app</title>
<script>
${readmeLoaderStub()}
Upshift.identify(${JSON.stringify(contextOf(o.who, 9000)).replace(/</g, '\\u003c')});
</script>
<script async src="${attr(`${server.url}/upshift.js`)}" data-key="${attr(publishable)}"${o.scriptAttrs}></script>
</head>
<body>
<main>
<h1>Host app</h1>
</main>
</body>
</html>`;
}

beforeAll(async () => {
  server = await startServer();
  await publishRules(secretApi(server, keysOf(server).secret), rules);
  site = await hostSite((path, q) => (path === '/dashboard' ? debugPage({ who: q.get('who') ?? 'anon', scriptAttrs: q.get('attrs') ?? '' }) : null));
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

interface Opened {
  page: Page;
  who: string;
  /** Every console.info line, in order. */
  info: string[];
  warnings: string[];
  /** The debug lines so far. */
  printed: () => string[];
}

let visits = 0;
/** A new tab and a new person on the host page, with `scriptAttrs` on the upshift.js tag. */
async function open(scriptAttrs: string): Promise<Opened> {
  const page = await context.newPage();
  pages.push(page);
  const info: string[] = [];
  const warnings: string[] = [];
  page.on('console', (m) => (m.type() === 'info' ? info.push(m.text()) : m.type() === 'warning' && warnings.push(m.text())));
  const who = `debug-${++visits}`;
  await page.goto(`${site.url}/dashboard?who=${who}&attrs=${encodeURIComponent(scriptAttrs)}`);
  return { page, who, info, warnings, printed: () => info.filter((l) => l.startsWith(PREFIX)) };
}

interface Report {
  configVersion: number | null;
  waitingForServerState: boolean;
  rules: { ruleId: string; code: string }[];
}
const report = (page: Page) => page.evaluate(() => (window as unknown as { Upshift: { debug(): Promise<Report> } }).Upshift.debug());

/** Resolves once the widget has the config and this person's server state: the decision is final. */
async function decided(page: Page): Promise<Report> {
  await expect.poll(async () => { const r = await report(page); return r.configVersion !== null && !r.waitingForServerState; }, { timeout: 15_000 }).toBe(true);
  return report(page);
}

let marks = 0;
/**
 * A round trip through `Upshift.debug()`, then a marker written to the console and waited for:
 * console messages arrive in order, so every line the widget printed before it is in `info`.
 */
async function settle(o: Opened): Promise<void> {
  await report(o.page);
  const mark = `marker ${++marks}`;
  await o.page.evaluate((m) => console.info(m), mark);
  await expect.poll(() => o.info.includes(mark)).toBe(true);
}

const identify = (o: Opened, calls: number, ageDays = 5) =>
  o.page.evaluate((ctx) => (window as unknown as { Upshift: { identify(c: unknown): void } }).Upshift.identify(ctx), contextOf(o.who, calls, ageDays));
const debugSwitch = (o: Opened, on: boolean) => o.page.evaluate((v) => (window as unknown as { Upshift: { debug(on: boolean): void } }).Upshift.debug(v), on);

describe('the debug switch on the script tag', () => {
  it.each([
    ['data-debug', ' data-debug'],
    ['data-debug="1"', ' data-debug="1"'],
    ['data-debug="false" (presence is what counts)', ' data-debug="false"'],
  ])('%s prints why the young account sees nothing, with the hint, once per decision', async (_name, scriptAttrs) => {
    const o = await open(scriptAttrs);
    await expect.poll(() => o.printed().length, { timeout: 15_000 }).toBe(1);
    const [line] = o.printed();
    expect(line).toMatch(/^\[upshift\] debug: no prompt shows\. Rule by rule \(config version \d+, page \/dashboard\):\n/);
    expect(line).toContain(`  api-usage-ladder: guard.account_too_new: account is 5 days old; this rule waits 90 days (${HINT}, or pass an older account.createdAt)`);
    expect(line).toContain('  heavy-users: audience.miss:');
    expect(line).toContain('9000');

    // The host identifies again with the same context, as apps do on every render: nothing new to say.
    await identify(o, 9000);
    await identify(o, 9000);
    await settle(o);
    expect(o.printed()).toEqual([line]);

    // The usage moves: the heavy-users reason quotes it, so the decision reads differently.
    await identify(o, 9300);
    await expect.poll(() => o.printed().length).toBe(2);
    expect(o.printed()[1]).toContain('9300');
    expect(o.printed()[1]).toContain('guard.account_too_new');

    // An account old enough: the ladder speaks, and the line says what shows.
    await identify(o, 9300, 200);
    await expect.poll(() => o.printed().length).toBe(3);
    expect(o.printed()[2]).toMatch(/^\[upshift\] debug: showing "api-usage-ladder" as a banner\./);
    expect(o.printed()[2]).toContain('  api-usage-ladder: shown:');
    expect(o.printed()[2]).not.toContain(HINT);
    await settle(o);
    expect(o.printed()).toHaveLength(3);
    expect(o.warnings).toEqual([]);
  });
});

describe('without the switch', () => {
  it('prints nothing once the decision is known, even when Upshift.debug() is asked for its report', async () => {
    const o = await open('');
    const r = await decided(o.page);
    expect(r.rules.find((x) => x.ruleId === 'api-usage-ladder')?.code).toBe('guard.account_too_new');
    await settle(o);
    expect(o.printed()).toEqual([]);

    // Asking for the report again, and a new decision after it, still print nothing.
    await report(o.page);
    await identify(o, 9300);
    await decided(o.page);
    await settle(o);
    expect(o.printed()).toEqual([]);
    expect(o.info.filter((l) => l.includes('[upshift]'))).toEqual([]);
  });

  it('Upshift.debug(true) turns the lines on, and Upshift.debug(false) off again', async () => {
    const o = await open('');
    await decided(o.page);

    await debugSwitch(o, true);
    await expect.poll(() => o.printed().length, { timeout: 10_000 }).toBe(1);
    expect(o.printed()[0]).toContain('guard.account_too_new');
    expect(o.printed()[0]).toContain(HINT);

    await identify(o, 9400);
    await expect.poll(() => o.printed().length).toBe(2);
    expect(o.printed()[1]).toContain('9400');

    await debugSwitch(o, false);
    await identify(o, 9500);
    const after = await decided(o.page);
    expect(after.rules.find((x) => x.ruleId === 'heavy-users')?.code).toBe('audience.miss');
    await settle(o);
    expect(o.printed()).toHaveLength(2);

    // On again: the decision the person has now, which was never printed.
    await debugSwitch(o, true);
    await expect.poll(() => o.printed().length).toBe(3);
    expect(o.printed()[2]).toContain('9500');
    expect(o.warnings).toEqual([]);
  });
});
