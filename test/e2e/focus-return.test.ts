import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, removeDir, startServer, type RunningServer } from './harness';
import { contextFor, expectNoViolations, hostPage, hostSite, keysOf, publishRules, secretApi, type Site } from './host';

// Issue 12, point 2: a prompt must never strand a keyboard user. Every modal that opens takes
// focus, also one that replaces another; focus goes back to where it was before the first of them,
// never to <body>; once a person turned an interruptive prompt away nothing else interrupts them on
// this page, except a feature they reach for; and a banner, toast or inline card dismissed from the
// keyboard hands focus back to where it came from, or to <main> when that has gone.

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let site: Site;
let current: Page | undefined;

/** Which rules a person qualifies for: the host sends `user.traits.show`, e.g. "banner fallback". */
const shownTo = (word: string) => ({ attr: 'user.traits.show', op: 'contains', value: word });

const T = {
  export: 'Exports by hand? Schedule them',
  usage: 'Your API calls are nearly used up',
  reports: 'Scheduled reports are part of Pro',
  alerts: 'Anomaly alerts are part of Pro',
  replaceA: 'Replace A: schedule your exports',
  replaceB: 'Replace B: your API calls are nearly used up',
  banner: 'Banner: half your API calls are used',
  toast: 'Toast: half your API calls are used',
  fallback: 'Fallback: a modal that must wait',
  inline: 'Inline: room to grow with Pro',
} as const;

const content = (title: string, cta: string) => ({ title, body: 'Pro has ten times the room and emails reports on a schedule.', cta });
const base = (id: string, word: string, priority: number, surface: string) => ({ id, name: id, status: 'live', priority, surface, audience: shownTo(word), offer: { type: 'upgrade', plan: 'pro' } });
const afterExport = { type: 'event', event: 'report_exported', count: 1, withinDays: 7 };
const usageAt = (percent: number, title: string, cta: string) => ({ type: 'usage', metric: 'api_calls', tiers: [{ id: `at${percent}`, at: { percent }, tone: 'recommend', content: content(title, cta) }] });

const rules = [
  // "Every rule a modal": an export rule, a usage ladder and both locked features.
  { ...base('every-export', 'every', 20, 'modal'), trigger: afterExport, content: content(T.export, 'See scheduling') },
  { ...base('every-usage', 'every', 10, 'modal'), trigger: usageAt(90, T.usage, 'See more room') },
  { ...base('every-reports', 'every', 50, 'modal'), trigger: { type: 'feature', feature: 'scheduled_reports' }, content: content(T.reports, 'See reports') },
  { ...base('every-alerts', 'every', 50, 'modal'), trigger: { type: 'feature', feature: 'anomaly_alerts' }, content: content(T.alerts, 'See alerts') },
  // Replacement: B outranks A once usage reaches 90 %.
  { ...base('replace-a', 'replace', 10, 'modal'), trigger: afterExport, content: content(T.replaceA, 'See A') },
  { ...base('replace-b', 'replace', 50, 'modal'), trigger: usageAt(90, T.replaceB, 'See B') },
  // Banner, toast and inline at 50 %, and a lower-priority modal waiting behind them.
  { ...base('quiet-banner', 'banner', 30, 'banner'), trigger: usageAt(50, T.banner, 'Upgrade now') },
  { ...base('quiet-toast', 'toast', 20, 'toast'), trigger: usageAt(50, T.toast, 'Upgrade now') },
  { ...base('quiet-fallback', 'fallback', 1, 'modal'), trigger: usageAt(50, T.fallback, 'See fallback') },
  { ...base('quiet-inline', 'inline', 10, 'inline'), slot: 'billing', trigger: usageAt(50, T.inline, 'See Pro') },
];

/**
 * The host app: an export button that tells Upshift, a usage refresh that identifies again with
 * new numbers, two locked features, a search field and a billing slot.
 */
function hostApp(show: string, user: string): string {
  const ctx = contextFor(user, { user: { traits: { show } }, usage: { api_calls: 5000 }, limits: { api_calls: 10_000 } });
  return hostPage({
    src: `${server.url}/upshift.js`,
    key: keysOf(server).publishable,
    context: ctx,
    body: `
<p><button type="button" id="export">Export report</button> <button type="button" id="refresh">Refresh usage</button> <button type="button" id="reports" data-upshift-feature="scheduled_reports">Scheduled reports</button> <button type="button" id="alerts" data-upshift-feature="anomaly_alerts">Anomaly alerts</button></p>
<p role="status" id="log">Nothing yet</p>
<p><label>Search reports <input type="search" id="q"></label></p>
<section aria-labelledby="billing-h"><h2 id="billing-h">Billing</h2><div data-upshift-slot="billing"></div></section>
<script>
const ctx = ${JSON.stringify(ctx).replace(/</g, '\\u003c')};
const log = (text) => (document.getElementById('log').textContent = text);
let exports = 0;
document.getElementById('export').addEventListener('click', () => {
  log('Exports: ' + ++exports);
  Upshift.track('report_exported');
});
/** The host's own usage poll: identifies again with the new reading. */
window.refreshUsage = (calls) => {
  Upshift.identify({ ...ctx, usage: { api_calls: calls } });
  log('API calls: ' + calls);
};
document.getElementById('refresh').addEventListener('click', () => refreshUsage(9500));
</script>`,
  });
}

interface Focused {
  tag: string | null;
  id: string | null;
  label: string | null;
  /** The accessible name of the dialog focus is in, if any. */
  dialog: string | null;
}

/** Describes the element with focus, looking through shadow roots: which element, its label, and the dialog it is in. */
const focused = (p: Page): Promise<Focused> =>
  p.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    const d = el?.closest('[role=dialog]');
    const title = d && (d.getRootNode() as Document | ShadowRoot).getElementById(d.getAttribute('aria-labelledby') ?? '');
    return {
      tag: el?.tagName ?? null,
      id: el?.id || null,
      label: el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? null,
      dialog: title?.textContent?.trim() ?? null,
    };
  });

/**
 * Fails when focus is on <body> now, or was at any point since the page loaded: a focus change
 * that still left <body> focused once the task that caused it had finished is recorded by the
 * init script below, so a moment on <body> between two checks cannot slip through.
 */
async function expectFocusNotOnBody(p: Page, when: string): Promise<Focused> {
  const f = await focused(p);
  expect(f.tag, `focus is on ${f.tag ?? 'nothing'} ${when}`).not.toMatch(/^(BODY|HTML)?$/);
  expect(await p.evaluate(() => (window as unknown as { bodyFocus: string[] }).bodyFocus), `focus fell to <body> ${when}`).toEqual([]);
  return f;
}

/**
 * Installed before the page's own scripts: notes each time focus leaves an element and is still on
 * <body> once the task is over (during the focusout itself it always is, for a moment).
 */
function recordBodyFocus() {
  const seen: string[] = [];
  (window as unknown as { bodyFocus: string[] }).bodyFocus = seen;
  document.addEventListener(
    'focusout',
    (e) => {
      const from = e.target as Element;
      setTimeout(() => {
        if (!document.activeElement || document.activeElement === document.body) seen.push(`${from.tagName.toLowerCase()}${from.id ? `#${from.id}` : ''} → body`);
      });
    },
    true,
  );
}

type Debug = { shown: { ruleId: string } | null; rules: { ruleId: string; code: string }[]; configVersion: number | null; waitingForServerState: boolean };
const debug = (p: Page) => p.evaluate(() => (window as unknown as { Upshift: { debug(): Promise<Debug> } }).Upshift.debug());

/**
 * Waits until the widget has decided `ruleId` should show (its reason is `shown`) and holds it back
 * (nothing on screen): the signal that a prompt that would interrupt was decided and kept away.
 */
async function expectHeldBack(p: Page, ruleId: string): Promise<void> {
  await expect
    .poll(async () => {
      const d = await debug(p);
      return { shown: d.shown?.ruleId ?? null, decided: d.rules.find((r) => r.ruleId === ruleId)?.code };
    }, { timeout: 10_000 })
    .toEqual({ shown: null, decided: 'shown' });
}

let visits = 0;
/** A new tab and a new person on the host app, qualifying for the rules `show` names, with the config and their history loaded. */
async function open(show: string): Promise<Page> {
  const p = (current = await context.newPage());
  await p.addInitScript(recordBodyFocus);
  await p.goto(`${site.url}/?show=${encodeURIComponent(show)}&user=focus-${++visits}`);
  await expect.poll(() => debug(p), { timeout: 10_000 }).toMatchObject({ configVersion: expect.any(Number), waitingForServerState: false });
  return p;
}

/**
 * From now on, records each prompt card added to the widget's root and each element of the page
 * made inert: what a prompt leaves behind when it opens, even for a moment too short to see.
 * Mutation records are delivered before the task that made them ends, so once a later signal has
 * arrived (see `expectHeldBack`) the list is complete up to it.
 */
async function watchOpenings(p: Page): Promise<() => Promise<string[]>> {
  await p.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { openings: string[] }).openings = seen;
    const root = document.querySelector('upshift-root')!.shadowRoot!;
    new MutationObserver((records) => {
      for (const r of records) {
        for (const n of r.addedNodes) {
          if (!(n instanceof Element)) continue;
          for (const card of [n, ...n.querySelectorAll('[role=dialog],[role=region]')].filter((c) => c.matches('[role=dialog],[role=region]'))) {
            const title = card.querySelector(`[id="${CSS.escape(card.getAttribute('aria-labelledby') ?? '')}"]`);
            seen.push(`${card.getAttribute('role')}: ${title?.textContent ?? '?'}`);
          }
        }
      }
    }).observe(root, { childList: true, subtree: true });
    new MutationObserver((records) => {
      for (const r of records) if (r.oldValue === null) seen.push(`inert: ${(r.target as Element).tagName.toLowerCase()}`);
    }).observe(document.body, { attributes: true, attributeFilter: ['inert'], attributeOldValue: true, subtree: true });
  });
  return () => p.evaluate(() => (window as unknown as { openings: string[] }).openings);
}

const dialog = (p: Page, title: string): Locator => p.getByRole('dialog', { name: title });
const region = (p: Page, title: string): Locator => p.getByRole('region', { name: title });

/** Presses Enter on the focused element and waits for the dialog named `title` to open. */
async function enterOpens(p: Page, title: string): Promise<Locator> {
  await p.keyboard.press('Enter');
  const d = dialog(p, title);
  await d.waitFor({ state: 'visible', timeout: 10_000 });
  return d;
}

/** Presses Esc and waits for the dialog to go. */
async function escCloses(p: Page, d: Locator): Promise<void> {
  await p.keyboard.press('Escape');
  await expect.poll(() => d.count()).toBe(0);
}

/** Tabs forward until the control labelled `label` has focus, as a keyboard user does (at most 8 presses). */
async function tabTo(p: Page, label: string): Promise<void> {
  for (let i = 0; i < 8; i++) {
    await p.keyboard.press('Tab');
    if ((await focused(p)).label === label) return;
  }
  throw new Error(`"${label}" never took focus; focus is on ${JSON.stringify(await focused(p))}`);
}

/** Whether any part of the host page is inert (as it is behind an open modal). */
const inertPage = (p: Page) => p.evaluate(() => [...document.body.children].some((el) => (el as HTMLElement).inert));

beforeAll(async () => {
  server = await startServer();
  await publishRules(secretApi(server, keysOf(server).secret), rules);
  site = await hostSite((path, q) => (path === '/' ? hostApp(q.get('show') ?? '', q.get('user') ?? 'anon') : null));
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

describe('every rule a modal, from the keyboard', () => {
  it('each modal takes focus and gives it back; after one is dismissed only the features the person reaches for open', async () => {
    const p = await open('every');
    await p.getByRole('button', { name: 'Export report' }).focus();
    await expectFocusNotOnBody(p, 'before anything opened');

    // The export modal opens on the person's own export and takes focus.
    const exported = await enterOpens(p, T.export);
    expect(await expectFocusNotOnBody(p, 'with the export modal open')).toMatchObject({ dialog: T.export, label: 'See scheduling' });
    expect(await inertPage(p)).toBe(true);

    // Esc: focus is back on "Export report" and the page behind works again.
    await escCloses(p, exported);
    expect(await expectFocusNotOnBody(p, 'after Esc on the export modal')).toMatchObject({ id: 'export', dialog: null });
    expect(await inertPage(p)).toBe(false);
    const openings = await watchOpenings(p);

    // The host's usage refresh crosses 90 %: the usage modal is decided, and held back because the
    // person just turned the export modal away. Focus stays on the button they pressed.
    await p.keyboard.press('Tab');
    expect(await focused(p)).toMatchObject({ id: 'refresh' });
    await p.keyboard.press('Enter');
    await expectHeldBack(p, 'every-usage');
    expect(await p.getByRole('dialog').count()).toBe(0);
    expect(await expectFocusNotOnBody(p, 'after the usage refresh')).toMatchObject({ id: 'refresh' });

    // Features the person reaches for still open, one after the other, and give focus back.
    for (const [id, name, title, cta] of [
      ['reports', 'Scheduled reports', T.reports, 'See reports'],
      ['alerts', 'Anomaly alerts', T.alerts, 'See alerts'],
    ] as const) {
      await p.locator(`#${id} > upshift-badge`).waitFor({ state: 'attached' });
      await p.keyboard.press('Tab');
      expect(await focused(p), `Tab reaches ${name}`).toMatchObject({ id });
      const d = await enterOpens(p, title);
      expect(await expectFocusNotOnBody(p, `with the ${name} modal open`)).toMatchObject({ dialog: title, label: cta });
      expect(await inertPage(p)).toBe(true);
      await escCloses(p, d);
      expect(await expectFocusNotOnBody(p, `after Esc on the ${name} modal`)).toMatchObject({ id, dialog: null });
      expect(await inertPage(p)).toBe(false);
      // And the usage modal still waits.
      await expectHeldBack(p, 'every-usage');
    }
    // Nothing else opened meanwhile, not even for a moment.
    expect(await openings()).toEqual([`dialog: ${T.reports}`, 'inert: main', `dialog: ${T.alerts}`, 'inert: main']);
    await expectNoViolations(p, 'after every modal was closed');
  });
});

describe('a modal replaced by another', () => {
  it('the new dialog takes focus; Esc gives it back to where it was before the first; the first does not come back', async () => {
    const p = await open('replace');
    await p.getByRole('button', { name: 'Export report' }).focus();
    const a = await enterOpens(p, T.replaceA);
    expect(await focused(p)).toMatchObject({ dialog: T.replaceA, label: 'See A' });

    // The host's usage poll, not the person, identifies again: B outranks A and replaces it undismissed.
    await p.evaluate(() => (window as unknown as { refreshUsage(n: number): void }).refreshUsage(9500));
    const b = dialog(p, T.replaceB);
    await b.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await a.count()).toBe(0);
    expect(await expectFocusNotOnBody(p, 'after B replaced A')).toMatchObject({ dialog: T.replaceB, label: 'See B' });
    expect(await inertPage(p)).toBe(true);
    // Tab still wraps inside B.
    await p.keyboard.press('Shift+Tab');
    expect(await focused(p)).toMatchObject({ dialog: T.replaceB, label: 'Dismiss' });

    await escCloses(p, b);
    expect(await expectFocusNotOnBody(p, 'after Esc on B')).toMatchObject({ id: 'export', dialog: null });
    expect(await inertPage(p)).toBe(false);
    // A was never dismissed, so the engine would show it again; the person dismissed B, so it waits.
    await expectHeldBack(p, 'replace-a');
    expect(await p.getByRole('dialog').count()).toBe(0);
  });
});

describe('a banner, toast or inline card dismissed from the keyboard', () => {
  it('banner: "Remind me later" gives focus back to the field it came from, and the toast behind it waits', async () => {
    const p = await open('banner toast');
    const banner = region(p, T.banner);
    await banner.waitFor({ state: 'visible', timeout: 10_000 });
    await p.getByRole('searchbox', { name: 'Search reports' }).focus();
    await tabTo(p, 'Remind me later');
    await p.keyboard.press('Enter');
    await expect.poll(() => banner.count()).toBe(0);
    expect(await expectFocusNotOnBody(p, 'after "Remind me later"')).toMatchObject({ id: 'q' });
    await expectHeldBack(p, 'quiet-toast');
    expect(await region(p, T.toast).count()).toBe(0);
    await expectNoViolations(p, 'after the banner was snoozed');
  });

  it('banner: when the field it came from has gone, × gives focus to <main>, and the modal behind it waits', async () => {
    const p = await open('banner fallback');
    const banner = region(p, T.banner);
    await banner.waitFor({ state: 'visible', timeout: 10_000 });
    await p.getByRole('searchbox', { name: 'Search reports' }).focus();
    await tabTo(p, 'Dismiss');
    // The host re-renders meanwhile and the search field goes.
    await p.evaluate(() => document.getElementById('q')!.closest('p')!.remove());
    await p.keyboard.press('Enter');
    await expect.poll(() => banner.count()).toBe(0);
    expect(await expectFocusNotOnBody(p, 'after × with the field gone')).toMatchObject({ tag: 'MAIN' });
    await expectHeldBack(p, 'quiet-fallback');
    expect(await p.getByRole('dialog').count()).toBe(0);
    // Tab from <main> goes on to the page's first control, not into a prompt.
    await p.keyboard.press('Tab');
    expect(await focused(p)).toMatchObject({ id: 'export' });
  });

  it('toast: declining with a reason gives focus back to the field, and the modal behind it waits', async () => {
    const p = await open('toast fallback');
    const toast = region(p, T.toast);
    await toast.waitFor({ state: 'visible', timeout: 10_000 });
    await p.getByRole('searchbox', { name: 'Search reports' }).focus();
    await tabTo(p, 'Not interested');
    await p.keyboard.press('Enter');
    expect(await focused(p)).toMatchObject({ label: 'Not enough budget' });
    await p.keyboard.press('Enter');
    await expect.poll(() => toast.count()).toBe(0);
    expect(await expectFocusNotOnBody(p, 'after declining the toast')).toMatchObject({ id: 'q' });
    await expectHeldBack(p, 'quiet-fallback');
    expect(await p.getByRole('dialog').count()).toBe(0);
  });
});

describe('focus and interruptions after a prompt is put away, inline and in one step', () => {
  // An inline card that goes (its slot has nothing left to show) is unmounted first, so its focus keeper runs.
  it('inline card: declining with a reason gives focus back to the field it came from', async () => {
    const p = await open('inline');
    const inline = region(p, T.inline);
    await inline.waitFor({ state: 'visible', timeout: 10_000 });
    await p.getByRole('searchbox', { name: 'Search reports' }).focus();
    await tabTo(p, 'Not interested');
    await p.keyboard.press('Enter');
    expect(await focused(p)).toMatchObject({ label: 'Not enough budget' });
    await p.keyboard.press('Enter');
    await expect.poll(() => inline.count()).toBe(0);
    expect(await expectFocusNotOnBody(p, 'after declining the inline card')).toMatchObject({ id: 'q' });
  });

  // The decline and the person's having turned a prompt away are one change: the modal behind the
  // toast never mounts, not even for a render (it would take focus and make <main> inert).
  it('toast: declining does not open the modal behind it, not even for the moment before it is held back', async () => {
    const p = await open('toast fallback');
    const toast = region(p, T.toast);
    await toast.waitFor({ state: 'visible', timeout: 10_000 });
    await toast.getByRole('button', { name: 'Not interested' }).focus();
    await p.keyboard.press('Enter');
    expect(await focused(p)).toMatchObject({ label: 'Not enough budget' });
    const openings = await watchOpenings(p);
    await p.keyboard.press('Enter');
    await expectHeldBack(p, 'quiet-fallback');
    expect(await openings(), 'the modal behind the toast opened').toEqual([]);
  });
});
