import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleCatalog, exampleRules } from '../../shared/examples';
import type { Rule } from '../../shared/schemas/rule';
import { launchChromium, removeDir, startServer, type RunningServer } from './harness';
import { apiSession, openFromNav, setUpOwner, signInThroughScreen, type Person } from './console';
import { expectNoViolations } from './host';

// The rules list in real Chromium: under axe in light and dark with every kind of badge, an open
// warnings disclosure and a filter applied; a move made from the keyboard; filters kept by a reload.

const owner: Person = { email: 'olga@acme.test', name: 'Olga Owner', password: 'rules list owner passphrase' };

let server: RunningServer;
let browser: Browser;
let page: Page;

async function inBothSchemes(p: Page, what: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await p.emulateMedia({ colorScheme });
    expect(await p.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(colorScheme === 'dark');
    await expectNoViolations(p, `on ${what} (${colorScheme})`);
  }
  await p.emulateMedia({ colorScheme: 'light' });
}

const table = () => page.getByRole('table', { name: 'Draft rules' });
/** The ids in the order the list shows them. */
const shownIds = () => table().locator('tbody tr td:first-child code').allTextContents();

beforeAll(async () => {
  server = await startServer({ demo: false });
  browser = await launchChromium();
  await setUpOwner(server, owner);
  const api = await apiSession(server, owner);
  const created = await api.call('POST', '/v1/admin/environments', { name: 'production', allowedOrigins: ['https://app.acme.com'] });
  const envId = ((await created.json()) as { environment: { id: string } }).environment.id;
  const env = (rest: string) => `/v1/admin/environments/${envId}/${rest}`;
  expect((await api.call('PUT', env('catalog'), exampleCatalog)).status).toBe(200);
  for (const rule of exampleRules) expect((await api.call('PUT', env(`rules/${rule.id}`), rule)).status).toBe(201);
  expect((await api.call('POST', env('publish'), { note: 'The example rules' })).status).toBe(201);
  // After the publish: one rule paused in the drafts, and a new draft the engine warns about.
  const [ladder, trial] = exampleRules as [Rule, Rule];
  expect((await api.call('PUT', env(`rules/${trial.id}`), { ...trial, status: 'paused' })).status).toBe(200);
  expect((await api.call('PUT', env('rules/seats-ladder'), { ...ladder, id: 'seats-ladder', name: 'Seats', priority: 20, surface: 'toast', holdout: 100, trigger: { ...ladder.trigger, metric: 'seats' } })).status).toBe(201);
  page = await (await browser.newContext()).newPage();
  await signInThroughScreen(page, server, owner);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) removeDir(server.dir);
});

describe('the rules list in Chromium', () => {
  it('has no axe violations in light and dark, with badges, an open warnings disclosure and a filter', async () => {
    await openFromNav(page, 'Rules');
    await table().waitFor();
    expect(await shownIds()).toEqual(['api-calls-ladder', 'automations-trial', 'seats-ladder']);
    await table().getByText('Pauses on publish').waitFor();
    await page.getByText('1 warning', { exact: false }).click();
    await page.getByText(/the holdout is 100 %/).waitFor();
    await inBothSchemes(page, 'the rules list');
    await page.getByRole('combobox', { name: 'Filter by status' }).selectOption('draft');
    expect(await shownIds()).toEqual(['seats-ladder']);
    await inBothSchemes(page, 'the rules list, filtered');
  });

  it('keeps the search and filters across a reload', async () => {
    expect(new URL(page.url()).searchParams.get('status')).toBe('draft');
    await page.getByRole('searchbox', { name: 'Search rules' }).fill('seats');
    await page.waitForURL(/q=seats/);
    await page.reload();
    await table().waitFor();
    expect(await page.getByRole('searchbox', { name: 'Search rules' }).inputValue()).toBe('seats');
    expect(await page.getByRole('combobox', { name: 'Filter by status' }).inputValue()).toBe('draft');
    expect(await shownIds()).toEqual(['seats-ladder']);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    expect(await shownIds()).toEqual(['api-calls-ladder', 'automations-trial', 'seats-ladder']);
  });

  it('moves a rule from the keyboard, keeping the focus on it', async () => {
    await page.getByRole('button', { name: 'Move seats-ladder up' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(shownIds).toEqual(['api-calls-ladder', 'seats-ladder', 'automations-trial']);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move seats-ladder up');
    await page.keyboard.press('Enter');
    await expect.poll(shownIds).toEqual(['seats-ladder', 'api-calls-ladder', 'automations-trial']);
    // At the top, Up is unavailable: the focus moved to Down.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move seats-ladder down');
  });
});
