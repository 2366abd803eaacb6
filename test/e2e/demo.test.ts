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

interface DebugReport {
  configVersion: number | null;
  rules: { ruleId: string; code: string; message: string }[];
}
const debug = () => page.evaluate(() => (window as unknown as { Upshift: { debug(): unknown } }).Upshift.debug() as DebugReport);

describe('the demo host app in Chromium', () => {
  it('shows no prompt below 70 % and explains why', async () => {
    await page.goto(`${server.url}/demo`);
    await setUsage(69);
    await expect.poll(async () => (await debug()).configVersion, { timeout: 10_000 }).toBe(1);
    const report = await debug();
    expect(report.rules[0]).toMatchObject({ ruleId: 'api-usage-ladder', code: 'usage.below_threshold' });
    expect(report.rules[0]?.message).toContain('69%');
    expect(await banner().count()).toBe(0);
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
    const impressions = readEvents(server.dbFile).filter((e) => e.type === 'impression').map((e) => e.tier);
    expect(impressions).toEqual(expect.arrayContaining(['p70', 'p85', 'p95']));
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
