import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/seed';
import type { FunnelAnswer, ReadinessAnswer } from '../../shared/schemas/analytics';
import { SEED_ACCOUNTS, SEED_RULE, seedAnalytics } from '../helpers/analytics-seed';
import { launchChromium, removeDir, startServer, type RunningServer } from './harness';
import { apiSession, openFromNav, setUpOwner, signInThroughScreen, type ApiSession, type Person } from './console';
import { expectNoViolations } from './host';

// The Analytics area in real Chromium over a server seeded through its public API (the widget's
// state reads and events, the host's conversions): each view and a table alternative under axe in
// light and dark, and figures on screen checked against the API.

const owner: Person = { email: 'olga@acme.test', name: 'Olga Owner', password: 'analytics owner passphrase' };
const ORIGIN = 'https://app.acme.com';

let server: RunningServer;
let browser: Browser;
let page: Page;
let api: ApiSession;
let envPath: (rest: string) => string;

async function inBothSchemes(p: Page, what: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await p.emulateMedia({ colorScheme });
    expect(await p.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(colorScheme === 'dark');
    await expectNoViolations(p, `on ${what} (${colorScheme})`);
  }
  await p.emulateMedia({ colorScheme: 'light' });
}

const answer = async <T>(rest: string): Promise<T> => {
  const res = await api.call('GET', envPath(`analytics/${rest}`));
  expect(res.status).toBe(200);
  return (await res.json()) as T;
};

/** Opens a view's tab and waits for `ready` (its first chart or table). */
async function openView(name: string, ready: ReturnType<Page['getByRole']>): Promise<void> {
  await page.getByRole('tab', { name }).click();
  await ready.first().waitFor();
}

/** Shows the named chart's table alternative and answers the table. */
async function tableOf(chart: string, table: string | RegExp) {
  await page.getByRole('group', { name: `Show ${chart} as` }).getByRole('button', { name: 'Table' }).click();
  const t = page.getByRole('table', { name: table });
  await t.waitFor();
  return t;
}

beforeAll(async () => {
  server = await startServer({ demo: false });
  browser = await launchChromium();
  await setUpOwner(server, owner);
  api = await apiSession(server, owner);
  const created = (await (await api.call('POST', '/v1/admin/environments', { name: 'production', allowedOrigins: [ORIGIN] })).json()) as { environment: { id: string }; publishableKey: string; secretKey: string };
  envPath = (rest) => `/v1/admin/environments/${created.environment.id}/${rest}`;
  expect((await api.call('PUT', envPath('catalog'), demoContent.catalog)).status).toBe(200);
  for (const rule of demoContent.rules) expect((await api.call('PUT', envPath(`rules/${rule.id}`), rule)).status).toBe(201);
  expect((await api.call('POST', envPath('publish'), { note: 'The demo rules' })).status).toBe(201);
  await seedAnalytics((path, body, key) =>
    key === 'secret'
      ? fetch(`${server.url}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${created.secretKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
      : fetch(`${server.url}${path}?key=${encodeURIComponent(created.publishableKey)}`, { method: 'POST', headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: ORIGIN }, body: JSON.stringify(body) }),
  );
  page = await (await browser.newContext()).newPage();
  await signInThroughScreen(page, server, owner);
  await openFromNav(page, 'Analytics');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) removeDir(server.dir);
});

describe('the Analytics area in Chromium', () => {
  it('overview: the totals equal the API’s, and the chart and its table pass axe in light and dark', async () => {
    await page.getByRole('img', { name: /^Daily events from/ }).waitFor();
    const funnel = await answer<FunnelAnswer>('funnel');
    const exposed = funnel.series.reduce((t, d) => t + d.exposed, 0);
    expect(exposed).toBe(SEED_ACCOUNTS);
    expect((await page.locator('dt', { hasText: 'Exposed' }).locator('+ dd').textContent())?.trim()).toBe(String(exposed));
    await inBothSchemes(page, 'Analytics → Overview');
    const table = await tableOf('Daily events', /^Events per day/);
    expect(await table.locator('tbody tr').count()).toBe(funnel.series.length);
    await inBothSchemes(page, 'Analytics → Overview as a table');
  });

  it('funnel: a rule with its breakdown, time to conversion and declines', async () => {
    await openView('Funnel', page.getByRole('table', { name: /^Every rule's funnel/ }));
    await inBothSchemes(page, 'Analytics → Funnel (all rules)');
    await page.getByRole('button', { name: SEED_RULE, exact: true }).click();
    await page.getByLabel('Break down by').selectOption('variant');
    await page.getByRole('table', { name: `${SEED_RULE} by variant` }).waitFor();
    await page.getByRole('table', { name: 'What people wrote, newest first' }).waitFor();
    await inBothSchemes(page, 'Analytics → Funnel of one rule');
    await tableOf(`Funnel of ${SEED_RULE}`, /with each step's conversion/);
    await inBothSchemes(page, 'Analytics → Funnel as a table');
  });

  it('experiments: arms, forest plots and their tables, from the keyboard too', async () => {
    await openView('Experiments', page.getByRole('table', { name: `Arms of ${SEED_RULE}` }));
    await page.getByRole('img', { name: /^Conversion rate of .* against the holdout/ }).waitFor();
    await inBothSchemes(page, 'Analytics → Experiments');
    // The chart/table switch works from the keyboard.
    await page.getByRole('group', { name: `Show MRR per exposed account of ${SEED_RULE}: lift over holdout as` }).getByRole('button', { name: 'Table' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('table', { name: /^MRR per exposed account of .* against the holdout/ }).waitFor();
    await inBothSchemes(page, 'Analytics → Experiments with a lift table');
  });

  it('revenue: the movements chart and retention table', async () => {
    await page.getByRole('button', { name: 'Last 90 days' }).click();
    await openView('Revenue', page.getByRole('table', { name: 'Retention per month' }));
    await page.getByRole('img', { name: /^MRR movements per month/ }).waitFor();
    await inBothSchemes(page, 'Analytics → Revenue');
    await tableOf('MRR movements per month', /^MRR movements per month/);
    await inBothSchemes(page, 'Analytics → Revenue as a table');
  });

  it('readiness: the list with a row’s signals open, and its first account as the API ranks it', async () => {
    await openView('Readiness', page.getByRole('table', { name: /^Accounts 1–/ }));
    const list = await answer<ReadinessAnswer>('readiness?limit=50');
    const first = list.accounts[0]!;
    const row = page.getByRole('table', { name: /^Accounts 1–/ }).locator('tbody tr').first();
    expect((await row.locator('th').textContent())?.trim()).toBe(first.accountId);
    expect((await row.locator('td').nth(1).textContent())?.trim()).toBe(String(first.score));
    await page.getByRole('button', { name: `Show ${first.signals.length} signal${first.signals.length === 1 ? '' : 's'} of ${first.accountId}` }).click();
    await page.getByRole('list', { name: `Signals behind ${first.accountId}'s score` }).waitFor();
    await inBothSchemes(page, 'Analytics → Readiness with signals open');
  });
});
