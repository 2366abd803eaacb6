import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, launchChromium, readEvents, removeDir, startServer, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  removeDir(server.dir);
});

const banner = () => page.getByRole('region', { name: /API calls/ });
const usageInput = () => page.getByRole('spinbutton', { name: 'Usage percent' });

async function setUsage(percent: number) {
  await usageInput().fill(String(percent));
  await usageInput().press('Enter');
}

interface DebugPrompt {
  ruleId: string;
  surface: string;
  slot?: string;
  content: { title: string };
}
interface DebugReport {
  configVersion: number | null;
  context: { user: { id: string; role?: string; locale?: string } } | null;
  shown: DebugPrompt | null;
  placed: DebugPrompt[];
  rules: { ruleId: string; code: string; message: string }[];
}
const debug = () => page.evaluate(() => (window as unknown as { Upshift: { debug(): unknown } }).Upshift.debug() as DebugReport);

/** Names of the `track` events the server stored, oldest first. */
function trackedNames(): string[] {
  const db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT name FROM events WHERE type = 'track' ORDER BY seq").all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}

describe('the demo host app in Chromium', () => {
  it('shows no API-call banner below 70 % and explains why; the seats toast (4 of 5 seats) shows instead', async () => {
    await page.goto(`${server.url}/demo`);
    await setUsage(69);
    await expect.poll(async () => (await debug()).configVersion, { timeout: 10_000 }).toBe(1);
    const report = await debug();
    expect(report.rules[0]).toMatchObject({ ruleId: 'api-usage-ladder', code: 'usage.below_threshold' });
    expect(report.rules[0]?.message).toContain('69%');
    expect(await banner().count()).toBe(0);
    await expect.poll(async () => (await debug()).shown?.ruleId).toBe('seats-toast');
    expect((await debug()).shown).toMatchObject({ surface: 'toast', content: { title: '4 of 5 seats taken' } });
  });

  it.each([
    [72, 'inform', 'Your team has used 72% of this month’s API calls', 'Compare plans'],
    [90, 'recommend', '90% of your API calls used', 'See Pro'],
    [97, 'urgent', 'You are about to run out of API calls', 'Upgrade to Pro'],
  ])('at %i %% shows the %s banner', async (percent, tone, title, cta) => {
    await setUsage(percent);
    await expect.poll(() => banner().getAttribute('data-tone'), { timeout: 5000 }).toBe(tone);
    await expect.poll(() => banner().getByRole('paragraph').first().textContent()).toBe(title);
    expect(await banner().getByRole('link', { name: cta }).count()).toBe(1);
    expect(await page.locator('upshift-root').count()).toBe(1);
  });

  it('renders inside a shadow root and adds no styles to the host page', async () => {
    const host = await page.evaluate(() => {
      const el = document.querySelector('upshift-root');
      const hostRules = [...document.styleSheets].flatMap((s) => [...s.cssRules].map((r) => r.cssText));
      return {
        shadow: !!el?.shadowRoot,
        lightChildren: el?.children.length,
        adopted: document.adoptedStyleSheets.length,
        widgetRulesInHost: hostRules.filter((r) => r.includes('.banner') || r.includes(':host')).length,
      };
    });
    expect(host).toEqual({ shadow: true, lightChildren: 0, adopted: 0, widgetRulesInHost: 0 });
    // The banner's own stylesheet applies inside the shadow root.
    expect(await banner().evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
  });

  it('stores a click event in SQLite when the call to action is clicked, and carries attribution to checkout', async () => {
    await banner().getByRole('link', { name: 'Upgrade to Pro' }).click();
    await page.waitForURL(/\/demo\/billing\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('plan')).toBe('pro');
    expect(url.searchParams.get('upshift_rule')).toBe('api-usage-ladder');
    expect(url.searchParams.get('upshift_tier')).toBe('p95');
    await eventually(() =>
      expect(readEvents(server.dbFile)).toContainEqual({ type: 'click', rule_id: 'api-usage-ladder', tier: 'p95', user_id: 'user_dana', account_id: 'acct_globex' }),
    );
    // The clicked banner was seen: a click proves it, even before a second on screen. (The tiers
    // shown before it count only if they stayed in view for a second.)
    const impressions = readEvents(server.dbFile).filter((e) => e.type === 'impression').map((e) => e.tier);
    expect(impressions).toContain('p95');
  });

  it('hides a dismissed tier, and it stays hidden after a reload', async () => {
    await page.goto(`${server.url}/demo?usage=97`);
    await expect.poll(() => banner().getAttribute('data-tone'), { timeout: 10_000 }).toBe('urgent');
    await banner().getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => banner().count()).toBe(0);
    await eventually(() => expect(readEvents(server.dbFile)).toContainEqual(expect.objectContaining({ type: 'dismiss', tier: 'p95' })));

    await page.reload();
    await expect.poll(async () => (await debug()).configVersion, { timeout: 10_000 }).toBe(1);
    expect((await debug()).rules[0]?.code).toBe('tier.dismissed');
    expect(await banner().count()).toBe(0);
    // A lower tier does not come back in the same billing period either.
    await setUsage(90);
    await expect.poll(async () => (await debug()).rules[0]?.code).toBe('tier.dismissed');
    expect(await banner().count()).toBe(0);
  });

  it('keeps working across single-page navigation', async () => {
    await page.getByRole('link', { name: 'Plan & billing' }).click();
    await page.waitForURL(/\/demo\/billing/);
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await expect.poll(() => usageInput().inputValue()).toBe('90');
    expect((await debug()).rules[0]?.code).toBe('tier.dismissed');
  });

  it('tracks each export, and the third one this week opens the scheduled-reports modal', async () => {
    // The ladder was dismissed above, so nothing outranks the modal.
    const exportButton = page.getByRole('button', { name: 'Export report' });
    for (let i = 1; i <= 3; i++) {
      await exportButton.click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Report exported' }).textContent()).toBe(`Report exported as CSV (${i} this visit).`);
    }
    await expect.poll(async () => (await debug()).shown, { timeout: 5000 }).toMatchObject({ ruleId: 'reports-export-modal', surface: 'modal', content: { title: 'Automate this with scheduled reports' } });
    await eventually(() => expect(trackedNames().filter((n) => n === 'report_exported')).toHaveLength(3));
    await page.keyboard.press('Escape');
  });

  it('explains a locked feature when its button is clicked, instead of the host’s own action', async () => {
    await page.getByRole('button', { name: 'Schedule report' }).click();
    await eventually(() => expect(trackedNames()).toContain('upshift:gate:scheduled_reports'));
    await expect.poll(async () => (await debug()).placed.map((p) => p.ruleId)).toContain('scheduled-reports-trial');
    expect(await page.getByRole('status').filter({ hasText: 'report scheduler' }).count()).toBe(0);
    await page.keyboard.press('Escape');
  });

  it('offers the billing page’s slot an inline card, across single-page navigation', async () => {
    await page.getByRole('link', { name: 'Plan & billing' }).click();
    await page.waitForURL(/\/demo\/billing/);
    expect(await page.locator('[data-upshift-slot="billing"]').count()).toBe(1);
    await expect.poll(async () => (await debug()).placed.find((p) => p.ruleId === 'billing-usage-card')).toMatchObject({ surface: 'inline', slot: 'billing', content: { title: 'Room to grow with Pro' } });
  });

  it('switches the signed-in person and the prompts’ language without a page load, keeping the other choices', async () => {
    await page.evaluate(() => (document.body.dataset.loadedOnce = 'yes'));
    await page.getByRole('link', { name: 'Member', exact: true }).click();
    await expect.poll(() => page.getByText(/^Signed in as /).textContent()).toBe('Signed in as Fox Mulder · Member');
    expect(new URL(page.url()).pathname).toBe('/demo/billing');
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ usage: '90', role: 'member' });
    await expect.poll(async () => (await debug()).context?.user).toEqual({ id: 'user_fox', role: 'member', locale: 'en' });

    await page.getByRole('link', { name: 'Deutsch' }).click();
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ usage: '90', role: 'member', locale: 'de' });
    await expect.poll(async () => (await debug()).context?.user.locale).toBe('de');
    await expect.poll(async () => (await debug()).placed.find((p) => p.ruleId === 'billing-usage-card')?.content.title).toBe('Mehr Spielraum mit Pro');
    expect(await page.getByRole('link', { name: 'Deutsch' }).getAttribute('aria-current')).toBe('true');
    expect(await page.evaluate(() => document.body.dataset.loadedOnce)).toBe('yes');

    // Back to the admin in English for the tests below.
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await page.getByRole('link', { name: 'English' }).click();
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ usage: '90' });
    await expect.poll(async () => (await debug()).context?.user).toEqual({ id: 'user_dana', role: 'admin', locale: 'en' });
  });

  it('serves the sales page that contact-sales offers lead to', async () => {
    await page.goto(`${server.url}/demo/contact?upshift_rule=anomaly-alerts-sales`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Contact sales');
    expect(await page.getByText('Arrived from an Upshift prompt: upshift_rule=anomaly-alerts-sales').count()).toBe(1);
  });

  it('replays calls queued by the loader stub before upshift.js arrives', async () => {
    const slow = await browser.newPage();
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    await slow.route('**/upshift.js', async (route) => {
      await released;
      await route.continue();
    });
    await slow.goto(`${server.url}/demo?usage=75`, { waitUntil: 'domcontentloaded' });
    const before = await slow.evaluate(() => {
      const w = window as unknown as { Upshift: Record<string, (...a: unknown[]) => unknown> & { q?: unknown[]; loaded?: boolean }; seen: unknown[] };
      w.seen = [];
      w.Upshift.on!('ready', (e: unknown) => w.seen.push(e));
      return { loaded: !!w.Upshift.loaded, queued: w.Upshift.q?.length ?? 0, gate: w.Upshift.gate!('scheduled_reports') ?? null };
    });
    expect(before.loaded).toBe(false);
    expect(before.queued).toBeGreaterThanOrEqual(2); // the demo's identify and our on()
    expect(before.gate).toBeNull(); // the stub cannot answer synchronously
    release();
    await expect.poll(() => slow.evaluate(() => (window as unknown as { seen: unknown[] }).seen), { timeout: 10_000 }).toEqual([{ configVersion: 1 }]);
    const after = await slow.evaluate(() => (window as unknown as { Upshift: { gate(f: string): unknown } }).Upshift.gate('scheduled_reports'));
    expect(after).toEqual({ locked: true, plan: { id: 'pro', name: 'Pro' } });
    // This page is a fresh browser profile, like another device: the urgent tier dismissed earlier
    // on the first page reaches it through the server, and keeps the milder tiers hidden this period.
    const report = () => slow.evaluate(async () => (await (window as unknown as { Upshift: { debug(): Promise<{ rules: { code: string }[] }> } }).Upshift.debug()).rules[0]?.code);
    await expect.poll(report, { timeout: 10_000 }).toBe('tier.dismissed');
    expect(await slow.getByRole('region', { name: /API calls/ }).count()).toBe(0);
    await slow.close();
  });

  it('threw nothing into the page and defined no global but Upshift', async () => {
    expect(pageErrors).toEqual([]);
    const fresh = await browser.newPage();
    await fresh.goto(`${server.url}/healthz`);
    const baseline = await fresh.evaluate(() => Object.keys(window));
    await fresh.close();
    const globals = await page.evaluate(() => Object.keys(window));
    const added = globals.filter((k) => !baseline.includes(k));
    expect(added).toEqual(['Upshift']);
  });
});
