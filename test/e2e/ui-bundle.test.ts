import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { builtUi } from '../helpers/readme';
import { launchChromium, removeDir, startServer, type RunningServer } from './harness';
import { contextFor, hostPage, hostSite, keysOf, listen, publishRules, secretApi, type Site } from './host';
import { passThrough, UI_PATH, watchUi, type UiScript } from './ui-watch';

// upshift.js is the small core every page loads; the prompt UI (upshift-ui.<hash>.js: Preact, the
// surfaces, their styles) is a second file it fetches only when a decision needs a surface, or when
// the person reaches for a locked feature that a rule explains. These tests watch the network while
// a person uses a host app: no prompt, no UI download; a prompt, one download; later prompts and
// later page views, none more.

let server: RunningServer;
let browser: Browser;
let site: Site;
/** Each test gets a browser profile of its own: an empty HTTP cache, so every UI fetch is seen. */
let context: BrowserContext | undefined;

/** The prompt UI this build's upshift.js loads, under its content-hashed name. */
const uiName = builtUi().file;

const BANNER = 'You are about to run out of API calls';
const INLINE = 'Room to grow with Pro';
const PANEL = 'Get every dashboard in your inbox';

const rules = [
  {
    id: 'ui-banner',
    name: 'API calls nearly used up',
    status: 'live',
    priority: 10,
    surface: 'banner',
    offer: { type: 'upgrade', plan: 'next' },
    trigger: { type: 'usage', metric: 'api_calls', tiers: [{ id: 'p90', at: { percent: 90 }, tone: 'urgent', content: { title: BANNER, body: '{{usage}} of {{limit}} used.', cta: 'Upgrade' } }] },
  },
  {
    id: 'ui-inline',
    name: 'Billing card',
    status: 'live',
    priority: 10,
    surface: 'inline',
    slot: 'billing',
    offer: { type: 'upgrade', plan: 'next' },
    trigger: { type: 'usage', metric: 'api_calls', tiers: [{ id: 'p90', at: { percent: 90 }, tone: 'inform', content: { title: INLINE, body: 'Pro has ten times the room.', cta: 'See Pro' } }] },
  },
  {
    id: 'ui-panel',
    name: 'Locked scheduled reports: a trial',
    status: 'live',
    priority: 10,
    surface: 'panel',
    offer: { type: 'trial', feature: 'scheduled_reports', days: 14 },
    trigger: { type: 'feature', feature: 'scheduled_reports' },
    content: { title: PANEL, body: 'Scheduled reports are part of {{offer.plan.name}}.', cta: 'Start the {{offer.days}}-day trial' },
  },
];

/**
 * The host app's page for `user` at `usage` API calls (of Starter's 10,000): a button of its own,
 * two locked features (only scheduled reports has a rule that explains it) and, with `slot`, the
 * billing card's slot. `src` is where upshift.js comes from.
 */
function hostApp(src: string, q: URLSearchParams): string {
  return hostPage({
    src,
    key: keysOf(server).publishable,
    context: contextFor(q.get('user') ?? 'anon', { usage: { api_calls: Number(q.get('usage') ?? 0) } }),
    body: `
<p><button type="button" id="save">Save</button> <button type="button" data-upshift-feature="anomaly_alerts">Anomaly alerts</button> <button type="button" data-upshift-feature="scheduled_reports">Scheduled reports</button></p>
${q.has('slot') ? '<section aria-label="Billing"><div data-upshift-slot="billing"></div></section>' : ''}`,
  });
}

interface Visit {
  page: Page;
  /** Every request the page made for the prompt UI, from the network or the HTTP cache. */
  uiRequests: string[];
  /** Every script element the core added for the prompt UI, as it was when added: there the moment the core decides to load it. */
  uiScripts(): Promise<UiScript[]>;
  /** Whether the UI has run and handed itself over to the core. */
  uiArrived(): Promise<boolean>;
  errors: string[];
  warnings: string[];
}

let visits = 0;

/** A new tab in `ctx` on the host app, as a new person with `usage` API calls. */
async function open(ctx: BrowserContext, usage: number, options: { slot?: boolean; origin?: string } = {}): Promise<Visit> {
  const page = await ctx.newPage();
  const uiRequests: string[] = [];
  const errors: string[] = [];
  const warnings: string[] = [];
  page.on('request', (r) => {
    if (UI_PATH.test(new URL(r.url()).pathname)) uiRequests.push(r.url());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  const ui = await watchUi(page);
  await page.goto(`${options.origin ?? site.url}/?user=ui-${++visits}&usage=${usage}${options.slot ? '&slot' : ''}`);
  return { page, uiRequests, uiScripts: ui.scripts, uiArrived: ui.handedOver, errors, warnings };
}

type Debug = { configVersion: number | null; waitingForServerState: boolean };

/**
 * Resolves once the widget has decided with everything it will have: the config and the person's
 * server history. Effects run synchronously on each change, so whatever that decision loads has
 * been asked for by then. (`debug()` loads upshift-debug.js, which is not the prompt UI.)
 */
async function decided(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(async () => (await (window as unknown as { Upshift: { debug(): Promise<Debug> } }).Upshift.debug()) as Debug), { timeout: 15_000 })
    .toEqual(expect.objectContaining({ configVersion: expect.any(Number), waitingForServerState: false }));
}

/** Waits until `el` has its lock badge: the config has arrived and the feature is known to be locked. */
const badgeOn = (page: Page, feature: string) => page.locator(`[data-upshift-feature="${feature}"] > upshift-badge`).waitFor({ state: 'attached', timeout: 15_000 });

beforeAll(async () => {
  server = await startServer();
  await publishRules(secretApi(server, keysOf(server).secret), rules);
  site = await hostSite((path, q) => (path === '/' ? hostApp(`${server.url}/upshift.js`, q) : null));
  browser = await launchChromium();
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await server?.stop();
  removeDir(server.dir);
});

const fresh = async () => (context = await browser.newContext());

describe('the prompt UI loads only when a prompt needs it, in Chromium', () => {
  it('a page with no prompt shows its lock badges and never asks for the prompt UI', async () => {
    // 10 % of the API calls, a billing slot on the page and two locked features: nothing applies until the person reaches for one.
    const { page, uiRequests, uiScripts, errors, warnings } = await open(await fresh(), 1000, { slot: true });
    await badgeOn(page, 'scheduled_reports');
    await badgeOn(page, 'anomaly_alerts');
    expect(await page.locator('[data-upshift-feature="scheduled_reports"] > upshift-badge').evaluate((el) => el.shadowRoot?.textContent)).toBe('Pro');

    await decided(page);
    expect(await uiScripts()).toEqual([]);
    expect(uiRequests).toEqual([]);
    expect(await page.locator('upshift-root, upshift-slot').count()).toBe(0);
    expect(await page.getByRole('region').count()).toBe(1); // the host's own billing section
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('a prompt loads the prompt UI once, with its integrity hash, and later prompts on the page reuse it', async () => {
    const { page, uiRequests, uiScripts, errors, warnings } = await open(await fresh(), 9700);
    await page.getByRole('region', { name: BANNER }).waitFor({ state: 'visible', timeout: 15_000 });
    expect(uiRequests).toEqual([expect.stringMatching(UI_PATH)]);

    // Next to upshift.js, checked against the hash the core was built with, fetched in CORS mode so the check can run.
    const scripts = await uiScripts();
    expect(scripts).toHaveLength(1);
    const [script] = scripts;
    expect(script!.src).toBe(uiRequests[0]);
    expect(new URL('./', script!.src).href).toBe(new URL('./', `${server.url}/upshift.js`).href);
    expect(script!.integrity).toMatch(/^sha384-[A-Za-z0-9+/]{64}$/);
    expect(script!.crossOrigin).toBe('anonymous');
    const served = await fetch(script!.src);
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(served.headers.get('access-control-allow-origin')).toBe('*');

    // The person dismisses the banner, then opens the billing page of this single-page app: its card shows, from the UI already here.
    await page.getByRole('region', { name: BANNER }).getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => page.getByRole('region', { name: BANNER }).count()).toBe(0);
    await page.evaluate(() => {
      history.pushState(null, '', '/billing');
      document.querySelector('main')!.insertAdjacentHTML('beforeend', '<section aria-label="Billing"><div data-upshift-slot="billing"></div></section>');
    });
    await page.getByRole('region', { name: INLINE }).waitFor({ state: 'visible', timeout: 15_000 });

    // The locked feature's panel, too.
    await page.getByRole('button', { name: /^Scheduled reports/ }).click();
    await page.getByRole('dialog', { name: PANEL }).waitFor({ state: 'visible', timeout: 15_000 });

    expect(uiRequests).toHaveLength(1);
    expect(await uiScripts()).toHaveLength(1);
    // Its work done, the element is gone: the host's markup is as it was.
    expect(await page.locator('script[src*="/upshift-ui."]').count()).toBe(0);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it.each([
    ['a click', (page: Page) => page.getByRole('button', { name: /^Scheduled reports/ }).click()],
    [
      'the keyboard',
      async (page: Page) => {
        await page.getByRole('button', { name: /^Scheduled reports/ }).focus();
        await page.keyboard.press('Enter');
      },
    ],
  ])('trying a locked feature with %s, on a page that had no prompt, fetches the UI then and opens its panel in place of the host action', async (_, press) => {
    const { page, uiRequests, uiScripts, errors, warnings } = await open(await fresh(), 1000);
    await badgeOn(page, 'scheduled_reports');
    await decided(page);
    // Reaching for it is not trying it: nothing is fetched until the person does.
    await page.getByRole('button', { name: /^Scheduled reports/ }).hover();
    await page.getByRole('button', { name: /^Anomaly alerts/ }).focus();
    expect(await uiScripts()).toEqual([]);

    await press(page);
    await page.getByRole('dialog', { name: PANEL }).waitFor({ state: 'visible', timeout: 15_000 });
    expect(uiRequests).toHaveLength(1);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('the next page view takes the UI from the HTTP cache: its request never reaches the server, and the prompt shows again', async () => {
    // A loopback hop in front of the server, counting what reaches it. Both views go through it.
    const reached: string[] = [];
    const hop = await listen((req, res) => {
      reached.push(`${req.method} ${req.url}`);
      passThrough(server.url, req, res, req.url ?? '/');
    });
    const cachedSite = await hostSite((path, q) => (path === '/' ? hostApp(`${hop.url}/upshift.js`, q) : null));
    try {
      const uiFetches = () => reached.filter((r) => UI_PATH.test(r.split('?')[0]!));
      const { page, uiRequests, errors, warnings } = await open(await fresh(), 9700, { origin: cachedSite.url });
      await page.getByRole('region', { name: BANNER }).waitFor({ state: 'visible', timeout: 15_000 });
      expect(uiFetches()).toEqual([expect.stringMatching(/^GET /)]);

      const before = reached.length;
      await page.reload();
      await page.getByRole('region', { name: BANNER }).waitFor({ state: 'visible', timeout: 15_000 });
      // The reloaded page did talk to the server through the hop (its config and this person's state)…
      expect(reached.slice(before)).toContainEqual(expect.stringMatching(/^GET \/v1\/config/));
      // …and asked for the UI again, which the browser answered from its cache.
      expect(uiRequests).toHaveLength(2);
      expect(uiFetches()).toHaveLength(1);
      expect(errors).toEqual([]);
      expect(warnings).toEqual([]);
    } finally {
      await cachedSite.close();
      await hop.close();
    }
  });
});

describe('the prompt UI under a strict Content Security Policy', () => {
  const NONCE = 'abc';
  let strict: Site;
  let policy = '';

  beforeAll(async () => {
    strict = await hostSite(
      (path, q) =>
        path === '/'
          ? hostPage({
              src: `${server.url}/upshift.js`,
              key: keysOf(server).publishable,
              nonce: NONCE,
              context: contextFor(q.get('user') ?? 'anon', { usage: { api_calls: Number(q.get('usage') ?? 0) } }),
              body: '<p><button type="button" data-upshift-feature="scheduled_reports">Scheduled reports</button></p>',
            })
          : null,
      // Read per request: each test sets the policy its host app sends.
      { get 'Content-Security-Policy'() { return policy; } },
    );
  });

  afterAll(async () => {
    await strict?.close();
  });

  /** The host app under `csp`, with a listener for violations from before the first script (init scripts are not subject to the policy). */
  async function openStrict(csp: string, usage: number) {
    policy = csp;
    const page = await (await fresh()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(() => {
      const seen: string[] = [];
      Object.defineProperty(window, Symbol.for('csp violations'), { value: seen });
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`), true);
    });
    const ui = await watchUi(page);
    await page.goto(`${strict.url}/?user=csp-${++visits}&usage=${usage}`);
    const violations = () => page.evaluate(() => [...(window as unknown as Record<symbol, string[]>)[Symbol.for('csp violations')]!]);
    return { page, errors, violations, uiScripts: ui.scripts };
  }

  const nonceOnly = () => `default-src 'none'; script-src 'nonce-${NONCE}'; style-src 'none'; connect-src ${server.url}; base-uri 'none'`;

  it('the nonce-only policy is in force: the same UI file, added without the nonce, is refused', async () => {
    const { page, violations } = await openStrict(nonceOnly(), 1000);
    await badgeOn(page, 'scheduled_reports');
    const ui = `${server.url}/${uiName}`;
    await page.evaluate((src) => {
      const s = document.createElement('script');
      s.src = src;
      document.head.append(s);
    }, ui);
    await expect.poll(violations).toEqual([`script-src-elem blocked ${ui}`]);
  });

  it.each([
    ['only the nonce allows scripts and no style may load', nonceOnly],
    ['the nonce and strict-dynamic (a strict CSP as Google recommends)', () => `script-src 'nonce-${NONCE}' 'strict-dynamic'; object-src 'none'; base-uri 'none'; style-src 'none'`],
    ['the nonce and the Upshift origin', () => `default-src 'self'; script-src 'nonce-${NONCE}' ${server.url}; style-src 'none'; connect-src ${server.url}`],
  ])('when %s, the prompt UI loads with the page nonce and shows a styled prompt without a violation', async (_, csp) => {
    const { page, errors, violations, uiScripts } = await openStrict(csp(), 9700);
    const banner = page.getByRole('region', { name: BANNER });
    await banner.waitFor({ state: 'visible', timeout: 15_000 });
    // Styled by the UI's own stylesheet, adopted in its shadow root, which `style-src 'none'` does not govern.
    expect(await banner.evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
    expect(await uiScripts()).toEqual([expect.objectContaining({ nonce: NONCE, crossOrigin: 'anonymous' })]);
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
  });
});
