import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../shared/schemas/catalog';
import { exampleCatalog } from '../../shared/examples';
import { launchChromium, removeDir, startServer, type RunningServer } from './harness';
import { apiSession, openFromNav, setUpOwner, signInThroughScreen, type Person, type ApiSession } from './console';
import { expectNoViolations } from './host';

// The map (the catalog editor) in real Chromium: read by axe in light and dark, as it opens, with
// a translation and a segment added, with errors at its fields, and in its JSON view; then saved.

const owner: Person = { email: 'maya@acme.test', name: 'Maya Marketer', password: 'the map owner passphrase' };

let server: RunningServer;
let browser: Browser;
let page: Page;
let api: ApiSession;
let envId = '';

async function inBothSchemes(what: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expectNoViolations(page, `on ${what} (${colorScheme})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

beforeAll(async () => {
  server = await startServer({ demo: false });
  browser = await launchChromium();
  await setUpOwner(server, owner);
  api = await apiSession(server, owner);
  const created = await api.call('POST', '/v1/admin/environments', { name: 'production', allowedOrigins: ['https://app.acme.com'] });
  envId = ((await created.json()) as { environment: { id: string } }).environment.id;
  expect((await api.call('PUT', `/v1/admin/environments/${envId}/catalog`, exampleCatalog)).status).toBe(200);
  page = await (await browser.newContext()).newPage();
  await signInThroughScreen(page, server, owner);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) removeDir(server.dir);
});

const stored = async () => ((await (await api.call('GET', `/v1/admin/environments/${envId}/catalog`)).json()) as { catalog: Catalog }).catalog;

describe('the map in Chromium', () => {
  it('opens as forms and passes axe in light and dark', async () => {
    await openFromNav(page, 'Catalog');
    await page.getByRole('group', { name: 'Plan 1: Starter', exact: true }).waitFor();
    await inBothSchemes('the map');
  });

  it('takes a German metric name and a segment, shows errors at their fields under axe, and saves once they are fixed', async () => {
    const seats = page.getByRole('group', { name: 'Metric 2: seats', exact: true });
    await seats.getByLabel('Add a translation of seats: language tag').fill('de');
    await seats.getByRole('button', { name: 'Add translation' }).click();
    await page.getByLabel('Name (de)').fill('Plätze');
    // The last next step gets a segment, built with the condition builder.
    const steps = exampleCatalog.nextSteps.length;
    const step = page.getByRole('group', { name: `Next step ${steps}`, exact: true });
    await step.getByRole('checkbox', { name: `Only for a segment (Next step ${steps})` }).check();
    await step.getByRole('button', { name: `Add condition to Segment of next step ${steps}` }).click();
    const row = step.getByRole('group', { name: `Condition 1 of Segment of next step ${steps}` });
    await row.getByLabel('Attribute').fill('account.createdAt');
    await row.getByLabel('Value').fill('yesterday');
    const trial = page.getByRole('group', { name: 'Feature 1: Dashboards', exact: true }).getByLabel('Trial length (days)');
    await trial.fill('120');
    await page.getByRole('button', { name: 'Save draft catalog' }).click();
    await page.getByRole('alert').filter({ hasText: 'Nothing was saved' }).waitFor();
    expect(await trial.getAttribute('aria-invalid')).toBe('true');
    expect(await row.getByText(/Enter a date such as 2026-01-31/).count()).toBe(1);
    await inBothSchemes('the map with errors at its fields');

    await trial.fill('14');
    await row.getByLabel('Value').fill('-90d');
    await page.getByRole('button', { name: 'Save draft catalog' }).click();
    await page.getByText('All changes saved as a draft; publish from Rules.').waitFor();
    const saved = await stored();
    expect(saved.metrics[1]).toEqual({ ...exampleCatalog.metrics[1], locales: { de: { name: 'Plätze' } } });
    expect(saved.features[0]?.trialDays).toBe(14);
    expect(saved.nextSteps[steps - 1]).toEqual({ ...exampleCatalog.nextSteps[steps - 1], segment: { all: [{ attr: 'account.createdAt', op: 'after', value: '-90d' }] } });
  });

  it('shows the same catalog as JSON, under axe too', async () => {
    await page.getByRole('tab', { name: 'JSON' }).click();
    const text = await page.getByLabel('Catalog JSON').inputValue();
    expect(JSON.parse(text)).toEqual(await stored());
    await inBothSchemes('the map’s JSON view');
  });
});
