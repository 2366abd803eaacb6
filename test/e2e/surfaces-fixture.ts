import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchChromium, removeDir, startServer, type RunningServer } from './harness';
import { contextFor, hostPage, hostSite, keysOf, publishRules, secretApi, type Site } from './host';

// Every surface the widget has, on a host app of its own (a separate origin, as a customer's app
// would be). The setup shared by surfaces.test.ts and surfaces-a11y.test.ts: each file that calls
// useSurfaces() gets its own server, host site and browser.

let server: RunningServer;
let browser: Browser;
let site: Site;
/** One browser profile for the file: each test is a different person, so no one's history hides another's prompt. */
let context: BrowserContext;
let current: Page | undefined;

/** Which rules a person qualifies for: the host sends `user.traits.show`, e.g. "banner inline". */
const shownTo = (surface: string) => ({ attr: 'user.traits.show', op: 'contains', value: surface });

/** A usage prompt at 50 % of the API calls on `surface`, for people whose `show` trait names it. */
const usageRule = (surface: 'banner' | 'toast' | 'modal' | 'inline', title: string, extra: object = {}) => ({
  id: `s-${surface}`,
  name: `${surface} surface`,
  status: 'live',
  priority: 10,
  surface,
  audience: shownTo(surface),
  offer: { type: 'upgrade', plan: 'next' },
  trigger: {
    type: 'usage',
    metric: 'api_calls',
    tiers: [{ id: 'half', at: { percent: 50 }, tone: 'recommend', content: { title, body: '{{usage}} of {{limit}} used. {{offer.plan.name}} gives you ten times the room.', cta: 'Upgrade to {{offer.plan.name}}' } }],
  },
  ...extra,
});

export const TITLES = {
  banner: 'Banner: your API calls are running out',
  toast: 'Toast: your API calls are running out',
  modal: 'Modal: your API calls are running out',
  inline: 'Inline: room to grow with Pro',
  panel: 'Get every dashboard in your inbox',
} as const;
export type Surface = keyof typeof TITLES;

export const rules = [
  usageRule('banner', TITLES.banner),
  usageRule('toast', TITLES.toast),
  usageRule('modal', TITLES.modal),
  usageRule('inline', TITLES.inline, { slot: 'billing' }),
  {
    id: 's-panel',
    name: 'Locked scheduled reports: a trial',
    status: 'live',
    priority: 10,
    surface: 'panel',
    offer: { type: 'trial', feature: 'scheduled_reports', days: 14 },
    trigger: { type: 'feature', feature: 'scheduled_reports' },
    content: { title: TITLES.panel, body: 'Scheduled reports are part of {{offer.plan.name}}.', cta: 'Start the {{offer.days}}-day trial' },
  },
];

/** The host app's page: some content of its own, a billing slot (optionally far below the fold) and two locked features. */
function hostApp(show: string, user: string, far: boolean): string {
  const { publishable } = keysOf(server);
  return hostPage({
    src: `${server.url}/upshift.js`,
    key: publishable,
    context: contextFor(user, { user: { traits: { show } }, usage: { api_calls: 8700 } }),
    body: `
<p>Welcome back to the host app.</p>
<p><button type="button" id="save">Save</button> <button type="button" data-upshift-feature="scheduled_reports">Scheduled reports</button> <button type="button" data-upshift-feature="anomaly_alerts">Anomaly alerts</button></p>
${far ? '<div style="height:4000px" aria-hidden="true"></div>' : ''}
<section aria-labelledby="billing-h"><h2 id="billing-h">Billing</h2><div data-upshift-slot="billing"></div></section>`,
  });
}

let visits = 0;
/** A new tab and a new person on the host page, showing the `show` surfaces; `clock`: with fake timers. */
async function open(show: string, options: { width?: number; far?: boolean; clock?: boolean } = {}): Promise<{ page: Page; user: string; errors: string[] }> {
  const p = (current = await context.newPage());
  if (options.width) await p.setViewportSize({ width: options.width, height: 640 });
  // Playwright's fake timers, flowing at real speed until a test moves them on with `clock.runFor`.
  if (options.clock) await p.clock.install();
  const errors: string[] = [];
  p.on('pageerror', (e) => errors.push(e.message));
  const user = `surfaces-${++visits}`;
  await p.goto(`${site.url}/?show=${encodeURIComponent(show)}&user=${user}${options.far ? '&far=1' : ''}`);
  return { page: p, user, errors };
}

/** The card of `surface`, found the way a screen reader user would: a region, or a dialog, named by its title. */
const card = (p: Page, surface: Surface): Locator => p.getByRole(surface === 'modal' || surface === 'panel' ? 'dialog' : 'region', { name: TITLES[surface] });

/** Opens `surface`: the panel by clicking its locked feature, the others by being shown to the person. */
async function show(p: Page, surface: Surface): Promise<Locator> {
  if (surface === 'panel') {
    // The badge arrives with the config: the feature is known to be locked only then.
    await p.locator('[data-upshift-feature="scheduled_reports"] > upshift-badge').waitFor({ state: 'attached', timeout: 10_000 });
    await p.getByRole('button', { name: /^Scheduled reports/ }).click();
  }
  const c = card(p, surface);
  await c.waitFor({ state: 'visible', timeout: 10_000 });
  // Measured and checked at rest, after the entrance animation.
  await c.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
  return c;
}

/** Closes `surface` as a person would: Esc for dialogs, the Dismiss button otherwise. */
async function close(p: Page, surface: Surface): Promise<void> {
  if (surface === 'modal' || surface === 'panel') await p.keyboard.press('Escape');
  else await card(p, surface).getByRole('button', { name: 'Dismiss' }).click();
  await expect.poll(() => card(p, surface).count()).toBe(0);
}


/** The declines stored for `user`, with their reasons. */
function declines(user: string): { rule_id: string; reason: string; note: string | null }[] {
  const db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT rule_id, reason, note FROM events WHERE type = 'decline' AND user_id = ? ORDER BY seq").all(`user_${user}`) as { rule_id: string; reason: string; note: string | null }[];
  } finally {
    db.close();
  }
}

export const SURFACES: Surface[] = ['banner', 'toast', 'modal', 'inline', 'panel'];

/**
 * Starts the server with one rule per surface, a host site and a browser for the calling test
 * file, and hands back what its tests use.
 */
export function useSurfaces() {
  beforeAll(async () => {
    server = await startServer();
    await publishRules(secretApi(server, keysOf(server).secret), rules);
    site = await hostSite((path, q) => (path === '/' ? hostApp(q.get('show') ?? '', q.get('user') ?? 'anon', q.has('far')) : null));
    browser = await launchChromium();
    context = await browser.newContext();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await server?.stop();
    removeDir(server.dir);
  });
  return { server: () => server, site: () => site, open, card, show, close, declines };
}
