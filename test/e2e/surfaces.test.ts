import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually, launchChromium, readEvents, removeDir, startServer, type RunningServer } from './harness';
import { contextFor, expectNoViolations, hostPage, hostSite, keysOf, publishRules, secretApi, type Site } from './host';

// Every surface the widget has, on a host app of its own (a separate origin, as a customer's app
// would be): it shows, reads well to axe-core open and closed, in light and dark, fits a 320 px
// phone, and counts its impression only once a person could have seen it.

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

const TITLES = {
  banner: 'Banner: your API calls are running out',
  toast: 'Toast: your API calls are running out',
  modal: 'Modal: your API calls are running out',
  inline: 'Inline: room to grow with Pro',
  panel: 'Get every dashboard in your inbox',
} as const;
type Surface = keyof typeof TITLES;

const rules = [
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
function page(show: string, user: string, far: boolean): string {
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
/** A new tab and a new person on the host page, showing the `show` surfaces. */
async function open(show: string, options: { width?: number; far?: boolean } = {}): Promise<{ page: Page; user: string; errors: string[] }> {
  const p = (current = await context.newPage());
  if (options.width) await p.setViewportSize({ width: options.width, height: 640 });
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

beforeAll(async () => {
  server = await startServer();
  await publishRules(secretApi(server, keysOf(server).secret), rules);
  site = await hostSite((path, q) => (path === '/' ? page(q.get('show') ?? '', q.get('user') ?? 'anon', q.has('far')) : null));
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

/** The declines stored for `user`, with their reasons. */
function declines(user: string): { rule_id: string; reason: string; note: string | null }[] {
  const db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT rule_id, reason, note FROM events WHERE type = 'decline' AND user_id = ? ORDER BY seq").all(`user_${user}`) as { rule_id: string; reason: string; note: string | null }[];
  } finally {
    db.close();
  }
}

const SURFACES: Surface[] = ['banner', 'toast', 'modal', 'inline', 'panel'];

describe('each surface on a host page, in Chromium', () => {
  it('the banner is fixed at the bottom, shows the usage meter, and offers the checkout, later, not interested and dismiss', async () => {
    const { page: p, errors } = await open('banner');
    const c = await show(p, 'banner');
    expect(await c.evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
    const box = (await c.boundingBox())!;
    const viewport = p.viewportSize()!;
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
    expect(box.y).toBeGreaterThan(viewport.height / 2);
    expect(await c.getByText('8,700 of 10,000 API calls').isVisible()).toBe(true);
    const cta = c.getByRole('link', { name: 'Upgrade to Pro' });
    const href = new URL((await cta.getAttribute('href'))!, site.url);
    expect(href.searchParams.get('upshift_rule')).toBe('s-banner');
    expect(href.searchParams.get('upshift_tier')).toBe('half');
    for (const name of ['Remind me later', 'Not interested', 'Dismiss']) expect(await c.getByRole('button', { name }).isVisible(), name).toBe(true);
    expect(errors).toEqual([]);
  });

  it('the toast sits in the bottom-right corner', async () => {
    const { page: p } = await open('toast');
    const c = await show(p, 'toast');
    expect(await c.evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
    const box = (await c.boundingBox())!;
    const viewport = p.viewportSize()!;
    expect(box.x).toBeGreaterThan(viewport.width / 2);
    expect(box.y).toBeGreaterThan(viewport.height / 2);
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
    expect(await c.getByRole('link', { name: 'Upgrade to Pro' }).count()).toBe(1);
  });

  it('the modal is a modal dialog over a backdrop, labelled by its title and described by its body', async () => {
    const { page: p } = await open('modal');
    const c = await show(p, 'modal');
    expect(await c.getAttribute('aria-modal')).toBe('true');
    const described = await c.evaluate((el) => {
      const root = el.getRootNode() as ShadowRoot;
      return (el.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => root.getElementById(id)?.textContent)
        .join(' ');
    });
    expect(described).toBe('8,700 of 10,000 used. Pro gives you ten times the room.');
    // The backdrop covers the whole page behind the dialog.
    const backdrop = await c.evaluate((el) => {
      const r = el.parentElement!.getBoundingClientRect();
      return { position: getComputedStyle(el.parentElement!).position, width: r.width, height: r.height };
    });
    expect(backdrop).toEqual({ position: 'fixed', ...p.viewportSize() });
  });

  it('the inline card renders inside the host’s data-upshift-slot, in an <upshift-slot> with its own shadow root, without later', async () => {
    const { page: p } = await open('inline');
    const c = await show(p, 'inline');
    expect(await p.locator('[data-upshift-slot="billing"] > upshift-slot').evaluate((el) => el.shadowRoot !== null && el.shadowRoot.contains(el.shadowRoot.querySelector('[role=region]')))).toBe(true);
    expect(await c.evaluate((el) => getComputedStyle(el).position)).not.toBe('fixed');
    expect(await c.getByRole('button', { name: 'Remind me later' }).count()).toBe(0);
    expect(await c.getByRole('button', { name: 'Not interested' }).isVisible()).toBe(true);
    // Nothing interrupts: the person qualified for the inline rule only.
    expect(await p.locator('upshift-root').count()).toBe(0);
  });

  it('the panel opens on a click on a locked feature and explains it: description, quote, plan and trial length', async () => {
    const { page: p } = await open('');
    const c = await show(p, 'panel');
    expect(await c.getAttribute('aria-modal')).toBe('true');
    expect(await c.getByText('Email any dashboard as a PDF every morning.').isVisible()).toBe(true);
    expect(await c.getByText(/The Monday numbers are simply in everyone’s inbox now/).isVisible()).toBe(true);
    expect(await c.getByText('Included in Pro · 14-day free trial').isVisible()).toBe(true);
    expect(await c.getByRole('button', { name: 'Start the 14-day trial' }).isVisible()).toBe(true);
    expect(await c.getByRole('button', { name: 'Remind me later' }).count()).toBe(0);
  });

  it('each locked feature gets a lock badge naming the plan that has it, in a shadow root of its own', async () => {
    const { page: p } = await open('');
    const badges = p.locator('[data-upshift-feature] > upshift-badge');
    await expect.poll(() => badges.count(), { timeout: 10_000 }).toBe(2);
    expect(await badges.evaluateAll((els) => els.map((el) => el.shadowRoot?.querySelector('.lock')?.textContent))).toEqual(['Pro', 'Pro']);
    // The padlock is drawn (an emoji would depend on the reader's fonts) and hidden from screen readers.
    expect(await badges.evaluateAll((els) => els.map((el) => el.shadowRoot?.querySelector('.lock svg[aria-hidden="true"] path') !== null))).toEqual([true, true]);
    // What a screen reader announces: Chromium's own accessibility tree, which reads through the badge's shadow root.
    const cdp = await p.context().newCDPSession(p);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { ignored: boolean; role?: { value: string }; name?: { value: string } }[] };
    const buttons = nodes.filter((n) => !n.ignored && n.role?.value === 'button').map((n) => n.name?.value);
    expect(buttons).toEqual(expect.arrayContaining(['Scheduled reports Pro', 'Anomaly alerts Pro']));
    expect(buttons).toContain('Save');
  });

  it('"Not interested" asks why, and "Other reason" asks for the reason in a labelled text box', async () => {
    const { page: p, user } = await open('banner');
    const c = await show(p, 'banner');
    await c.getByRole('button', { name: 'Not interested' }).click();
    const why = c.getByRole('group', { name: 'Why not?' });
    for (const name of ['Not enough budget', 'Not the right time', 'Doesn’t fit our use case', 'Other reason']) expect(await why.getByRole('button', { name }).isVisible(), name).toBe(true);
    await expectNoViolations(p, 'with "Why not?" open');
    await why.getByRole('button', { name: 'Other reason' }).click();
    expect(await c.getByRole('textbox', { name: 'Other reason' }).isVisible()).toBe(true);
    expect(await c.getByRole('button', { name: 'Send' }).isVisible()).toBe(true);
    await expectNoViolations(p, 'with "Other reason" open');
    await c.getByRole('textbox', { name: 'Other reason' }).fill('We build this ourselves');
    await c.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => c.count()).toBe(0);
    await eventually(() => expect(declines(user)).toEqual([{ rule_id: 's-banner', reason: 'other', note: 'We build this ourselves' }]), 10_000);
  });
});

describe('axe-core on each surface, in light and dark schemes', () => {
  it.each(SURFACES)('%s: no violations open, nor after it is closed', async (surface) => {
    const { page: p, errors } = await open(surface === 'panel' ? '' : surface);
    await show(p, surface);
    await expectNoViolations(p, `with the ${surface} open (light)`);
    await p.emulateMedia({ colorScheme: 'dark' });
    expect(await p.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(true);
    await expectNoViolations(p, `with the ${surface} open (dark)`);
    await close(p, surface);
    await expectNoViolations(p, `after the ${surface} was closed (dark)`);
    await p.emulateMedia({ colorScheme: 'light' });
    await expectNoViolations(p, `after the ${surface} was closed (light)`);
    expect(errors).toEqual([]);
  });
});

describe('at a 320 px wide viewport', () => {
  it.each(SURFACES)('the %s fits inside the viewport', async (surface) => {
    const { page: p } = await open(surface === 'panel' ? '' : surface, { width: 320 });
    const c = await show(p, surface);
    await c.scrollIntoViewIfNeeded();
    const box = (await c.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(320);
    // Nothing inside spills out sideways either.
    const widest = await c.evaluate((el) => Math.max(...[el, ...el.querySelectorAll('*')].map((e) => e.getBoundingClientRect().right)));
    expect(widest).toBeLessThanOrEqual(320);
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  });
});

describe('impressions', () => {
  const impressions = (user: string, rule: string) => readEvents(server.dbFile).filter((e) => e.type === 'impression' && e.user_id === `user_${user}` && e.rule_id === rule);

  it('an inline card far below the fold counts no impression until it is scrolled into view, then exactly one', async () => {
    const { page: p, user } = await open('banner inline', { far: true });
    await show(p, 'banner');
    // The inline card exists, off-screen.
    const inline = card(p, 'inline');
    await inline.waitFor({ state: 'attached', timeout: 10_000 });
    expect(await inline.evaluate((el) => el.getBoundingClientRect().top > innerHeight)).toBe(true);
    // The banner in view is counted: the widget has been sending impressions meanwhile.
    await eventually(() => expect(impressions(user, 's-banner')).toHaveLength(1), 10_000);
    // Give a wrongly counted off-screen card as long again to reach the database as the banner took.
    await p.waitForTimeout(2000);
    expect(impressions(user, 's-inline')).toEqual([]);

    await inline.scrollIntoViewIfNeeded();
    await eventually(() => expect(impressions(user, 's-inline')).toHaveLength(1), 10_000);
    // Scrolling away and back is the same prompt instance: still one.
    await p.mouse.wheel(0, -5000);
    await inline.scrollIntoViewIfNeeded();
    await p.waitForTimeout(2500);
    expect(impressions(user, 's-inline')).toHaveLength(1);
    expect(impressions(user, 's-banner')).toHaveLength(1);
  });
});
