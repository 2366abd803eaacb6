import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, launchChromium, removeDir, startServer, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  removeDir(server.dir);
});

/** Names of the tracked events the server stored. */
function trackedNames(): string[] {
  const db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT name FROM events WHERE type = 'track' ORDER BY seq").all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}

describe('a click on a data-upshift-feature element', () => {
  it('counts as an attempt at that feature when the plan lacks it, even if the host stops the click', async () => {
    await page.goto(`${server.url}/demo`);
    // Wait for the config through debug(), which, unlike gate(), records nothing.
    await expect
      .poll(() => page.evaluate(async () => (await (window as unknown as { Upshift: { debug(): Promise<{ configVersion: number | null }> } }).Upshift.debug())?.configVersion ?? null), { timeout: 10_000 })
      .toBe(1);
    await page.evaluate(() => {
      for (const feature of ['scheduled_reports', 'dashboards']) {
        const button = Object.assign(document.createElement('button'), { textContent: `Open ${feature}` });
        button.id = `open-${feature}`;
        button.dataset.upshiftFeature = feature;
        // This host handles the click itself: Upshift records the attempt and opens no explanation.
        button.dataset.upshiftIntercept = 'false';
        // The host's own handler stops the click; the widget listens while it is captured.
        button.addEventListener('click', (e) => e.stopPropagation());
        document.body.append(button);
      }
    });
    // A click on something inside the marked element counts too.
    await page.evaluate(() => document.getElementById('open-scheduled_reports')!.append(Object.assign(document.createElement('span'), { textContent: ' ⏱' })));
    await page.getByText('⏱').click();
    await page.getByRole('button', { name: 'Open dashboards' }).click();
    await eventually(() => expect(trackedNames()).toContain('upshift:gate:scheduled_reports'), 10_000);
    // The Starter plan includes dashboards: nothing to record.
    expect(trackedNames()).not.toContain('upshift:gate:dashboards');
  });
});
