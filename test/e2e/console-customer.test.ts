import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoOwnerOf, launchChromium, removeDir, startServer, type RunningServer } from './harness';
import { openFromNav } from './console';
import { expectNoViolations, keysOf } from './host';

// Preview as a customer and reach in real Chromium: two accounts visit the demo environment (their
// widget's state request, as upshift.js sends it), then the demo owner opens the ladder in the rule
// editor, previews it as the young account, and estimates the rule's reach.

const DAY = 86_400_000;
let server: RunningServer;
let browser: Browser;
let page: Page;

const visit = async (account: string, apiCalls: number, ageDays: number) => {
  const body = { user: `u-${account}`, account, plan: 'starter', usage: { api_calls: apiCalls }, createdAt: new Date(Date.now() - ageDays * DAY).toISOString(), locale: 'en' };
  const res = await fetch(`${server.url}/v1/state?key=${keysOf(server).publishable}`, { method: 'POST', headers: { 'Content-Type': 'text/plain', Origin: server.url }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`state: ${res.status} ${await res.text()}`);
};

beforeAll(async () => {
  server = await startServer();
  await visit('acct_e2e_busy', 9_000, 400);
  await visit('acct_e2e_young', 9_500, 10);
  browser = await launchChromium();
  page = await (await browser.newContext()).newPage();
  const owner = demoOwnerOf(server);
  await page.goto(`${server.url}/admin/sign-in`);
  await page.getByLabel('Email').fill(owner.email);
  await page.getByLabel('Password').fill(owner.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Console' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) removeDir(server.dir);
});

describe('preview as a customer in the rule editor', () => {
  it('picks a recent account from the keyboard and shows why the ladder holds back', async () => {
    await openFromNav(page, 'Rules');
    await page.getByRole('button', { name: 'Edit rule api-usage-ladder' }).click();
    await page.getByLabel('Search recent accounts by id').fill('young');
    await page.getByLabel('Search recent accounts by id').press('Enter');
    const pick = page.getByRole('button', { name: 'Preview as acct_e2e_young' });
    await pick.waitFor();
    await pick.focus();
    await page.keyboard.press('Enter');
    const live = page.getByText('Live today:');
    await live.waitFor();
    const table = page.getByRole('table', { name: 'Why each rule shows or not' });
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'api-usage-ladder', exact: true }) });
    expect(await row.getByRole('cell').allTextContents()).toEqual(['account is 10 days old; this rule waits 90 days', 'account is 10 days old; this rule waits 90 days']);
  });

  it('estimates the rule’s reach over the accounts seen in the last 30 days', async () => {
    await page.getByRole('button', { name: 'Estimate reach' }).click();
    await page.getByText('1 of 2 accounts').waitFor();
    const tiers = page.getByRole('table', { name: 'Eligible accounts by tier' });
    expect(await tiers.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'p85' }) }).getByRole('cell').first().textContent()).toBe('1');
  });

  it('passes axe in light and dark, with a decision, the reach and the hand-filled form on screen', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await expectNoViolations(page, `on the preview and reach (${colorScheme})`);
    }
    await page.getByRole('radio', { name: 'Fill one in by hand' }).check();
    await page.getByRole('button', { name: 'Preview this customer' }).waitFor();
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await expectNoViolations(page, `on the hand-filled form (${colorScheme})`);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
