import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, removeDir, startServer, type RunningServer } from './harness';
import { contextFor, hostPage, hostSite, keysOf, publishRules, secretApi, type Site } from './host';

// The WAI-ARIA dialog pattern, from the keyboard: a modal prompt opened by something the person did
// takes focus, keeps Tab inside, makes the page behind inert, closes on Esc and gives focus back.

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let site: Site;
let current: Page | undefined;

const TITLE = 'Automate this with scheduled reports';
const PANEL = 'Catch unusual changes as they happen';

/** A modal after the first report export, as the demo's export rule but at once. */
const rules = [
  {
    id: 'export-modal',
    name: 'Exports by hand: suggest scheduled reports',
    status: 'live',
    priority: 10,
    surface: 'modal',
    offer: { type: 'upgrade', plan: 'pro' },
    trigger: { type: 'event', event: 'report_exported', count: 1, withinDays: 7 },
    tone: 'recommend',
    content: { title: TITLE, body: '{{offer.plan.name}} emails reports to your team on a schedule.', cta: 'See {{offer.plan.name}}' },
  },
  {
    id: 'alerts-panel',
    name: 'Locked anomaly alerts: explain them',
    status: 'live',
    priority: 10,
    surface: 'panel',
    offer: { type: 'upgrade', plan: 'pro' },
    trigger: { type: 'feature', feature: 'anomaly_alerts' },
    content: { title: PANEL, body: 'Anomaly alerts tell your team when a metric moves unusually.', cta: 'See {{offer.plan.name}}' },
  },
];

/** A host page whose "Export report" button does its own work and tells Upshift about it. */
function page(user: string): string {
  return hostPage({
    src: `${server.url}/upshift.js`,
    key: keysOf(server).publishable,
    context: contextFor(user),
    body: `
<p><button type="button" id="export">Export report</button> <button type="button" id="other">Other host button</button> <button type="button" id="alerts" data-upshift-feature="anomaly_alerts">Anomaly alerts</button></p>
<p role="status" id="log">No exports yet</p>
<script>
let exports = 0, others = 0;
document.getElementById('export').addEventListener('click', () => {
  document.getElementById('log').textContent = 'Exports: ' + ++exports;
  Upshift.track('report_exported');
});
document.getElementById('other').addEventListener('click', () => {
  document.getElementById('log').textContent = 'Other clicks: ' + ++others;
});
</script>`,
  });
}

let visits = 0;
async function open(): Promise<Page> {
  const p = (current = await context.newPage());
  await p.goto(`${site.url}/?user=modal-${++visits}`);
  // Wait for the config, so the export below is one the engine can act on.
  await expect
    .poll(() => p.evaluate(async () => (await (window as unknown as { Upshift: { debug(): Promise<{ configVersion: number | null; waitingForServerState: boolean }> } }).Upshift.debug()) ?? null), { timeout: 10_000 })
    .toMatchObject({ configVersion: expect.any(Number), waitingForServerState: false });
  return p;
}

/** Describes the element with focus, looking through shadow roots: its label and whether it is inside the dialog. */
const focused = (p: Page) =>
  p.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return {
      label: el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? null,
      id: el?.id || null,
      inDialog: !!el?.closest('[role=dialog]'),
    };
  });

const dialog = (p: Page): Locator => p.getByRole('dialog', { name: TITLE });

/** Focuses "Export report" and presses Enter, as a keyboard user does; the modal opens. */
async function exportByKeyboard(p: Page): Promise<Locator> {
  await p.getByRole('button', { name: 'Export report' }).focus();
  expect(await focused(p)).toMatchObject({ id: 'export' });
  await p.keyboard.press('Enter');
  await expect.poll(() => p.locator('#log').textContent()).toBe('Exports: 1');
  const d = dialog(p);
  await d.waitFor({ state: 'visible', timeout: 10_000 });
  return d;
}

beforeAll(async () => {
  server = await startServer();
  await publishRules(secretApi(server, keysOf(server).secret), rules);
  site = await hostSite((path, q) => (path === '/' ? page(q.get('user') ?? 'anon') : null));
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

describe('a modal prompt, from the keyboard, in Chromium', () => {
  it('takes focus when it opens, and Tab and Shift+Tab wrap inside it', async () => {
    const p = await open();
    const d = await exportByKeyboard(p);
    expect(await d.getAttribute('aria-modal')).toBe('true');
    const first = await focused(p);
    expect(first).toMatchObject({ inDialog: true, label: 'See Pro' });

    // Tab through every control: focus never leaves the dialog and comes back round to the first.
    const seen = [first.label];
    for (let i = 0; i < 10; i++) {
      await p.keyboard.press('Tab');
      const f = await focused(p);
      expect(f.inDialog, `Tab ${i + 1} left the dialog for ${JSON.stringify(f)}`).toBe(true);
      if (f.label === first.label) break;
      seen.push(f.label);
    }
    expect(seen).toEqual(['See Pro', 'Remind me later', 'Not interested', 'Dismiss']);
    expect(await focused(p)).toMatchObject({ label: 'See Pro' });

    // Shift+Tab from the first goes to the last, then backwards.
    await p.keyboard.press('Shift+Tab');
    expect(await focused(p)).toMatchObject({ inDialog: true, label: 'Dismiss' });
    await p.keyboard.press('Shift+Tab');
    expect(await focused(p)).toMatchObject({ inDialog: true, label: 'Not interested' });
  });

  it('makes the host page behind inert: its buttons can be neither focused nor clicked', async () => {
    const p = await open();
    await exportByKeyboard(p);
    const other = p.getByRole('button', { name: 'Other host button', includeHidden: true });
    await other.evaluate((el: HTMLElement) => el.focus());
    expect(await focused(p)).toMatchObject({ inDialog: true });
    // A real mouse click where the button is drawn does not reach it.
    const box = (await other.boundingBox())!;
    await p.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    expect(await p.locator('#log').textContent()).toBe('Exports: 1');
    expect(await dialog(p).isVisible()).toBe(true);
  });

  it('closes on Esc and gives focus back to the host button that had it, and the page works again', async () => {
    const p = await open();
    const d = await exportByKeyboard(p);
    // Move around inside first: focus returns to where it was before the dialog, not to the last control.
    await p.keyboard.press('Tab');
    await p.keyboard.press('Escape');
    await expect.poll(() => d.count()).toBe(0);
    expect(await focused(p)).toMatchObject({ id: 'export', inDialog: false });
    // The page behind is live again.
    await p.getByRole('button', { name: 'Other host button' }).click();
    expect(await p.locator('#log').textContent()).toBe('Other clicks: 1');
    await p.keyboard.press('Shift+Tab');
    expect(await focused(p)).toMatchObject({ id: 'export' });
  });

  it('"Not interested" moves focus to the first reason, and Tab still wraps inside the dialog', async () => {
    const p = await open();
    await exportByKeyboard(p);
    await p.keyboard.press('Tab');
    await p.keyboard.press('Tab');
    expect(await focused(p)).toMatchObject({ label: 'Not interested' });
    await p.keyboard.press('Enter');
    expect(await focused(p)).toMatchObject({ inDialog: true, label: 'Not enough budget' });
    await p.keyboard.press('Shift+Tab');
    expect(await focused(p)).toMatchObject({ inDialog: true, label: 'Dismiss' });
    await p.keyboard.press('Tab');
    expect(await focused(p)).toMatchObject({ inDialog: true, label: 'Not enough budget' });
  });

  it('a locked feature’s panel, opened with Enter on the feature, takes focus and gives it back on Esc', async () => {
    const p = await open();
    await p.locator('#alerts > upshift-badge').waitFor({ state: 'attached' });
    await p.locator('#alerts').focus();
    await p.keyboard.press('Enter');
    const panel = p.getByRole('dialog', { name: PANEL });
    await panel.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await focused(p)).toMatchObject({ inDialog: true, label: 'See Pro' });
    await p.keyboard.press('Shift+Tab');
    expect(await focused(p)).toMatchObject({ inDialog: true, label: 'Dismiss' });
    await p.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
    expect(await focused(p)).toMatchObject({ id: 'alerts', inDialog: false });
  });
});
