import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleCatalog, exampleRules } from '../../shared/examples';
import { launchChromium, removeDir, startServer, type RunningServer } from './harness';
import { apiSession, setUpOwner, signInThroughScreen, type ApiSession, type Person } from './console';
import { expectNoViolations } from './host';

// The rule editor in real Chromium under the console's CSP: a feature-discovery rule from fields
// alone, a 150 % ladder tier refused at its field with nothing saved, and axe in light and dark.

const owner: Person = { email: 'olga@acme.test', name: 'Olga Owner', password: 'rule editor passphrase' };
let server: RunningServer;
let browser: Browser;
let page: Page;
let api: ApiSession;
let envId = '';
const env = (rest: string) => `/v1/admin/environments/${envId}/${rest}`;
const ruleOf = async (id: string) => ((await (await api.call('GET', env(`rules/${id}`))).json()) as { rule: unknown }).rule;

beforeAll(async () => {
  server = await startServer({ demo: false });
  browser = await launchChromium();
  await setUpOwner(server, owner);
  api = await apiSession(server, owner);
  const created = await api.call('POST', '/v1/admin/environments', { name: 'production', allowedOrigins: ['https://app.acme.com'] });
  envId = ((await created.json()) as { environment: { id: string } }).environment.id;
  expect((await api.call('PUT', env('catalog'), exampleCatalog)).status).toBe(200);
  for (const rule of exampleRules) expect((await api.call('PUT', env(`rules/${rule.id}`), rule)).status).toBe(201);
  page = await (await browser.newContext()).newPage();
  await signInThroughScreen(page, server, owner);
  await page.goto(`${server.url}/admin/env/${envId}/rules`);
  await page.getByRole('table', { name: 'Draft rules' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) removeDir(server.dir);
});

async function inBothSchemes(what: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expectNoViolations(page, `on ${what} (${colorScheme})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function discard(): Promise<void> {
  await page.getByRole('button', { name: 'Close editor' }).click();
  await page.getByRole('dialog', { name: 'Discard your changes?' }).getByRole('button', { name: 'Discard changes' }).click();
  await page.getByRole('button', { name: 'New rule' }).waitFor();
}

describe('the rule editor in Chromium', () => {
  it('refuses a ladder tier at 150 % at its field and saves nothing; axe finds nothing, light and dark', async () => {
    await page.getByRole('button', { name: 'Edit rule api-calls-ladder' }).click();
    await page.getByRole('heading', { name: 'Edit rule api-calls-ladder' }).waitFor();
    await inBothSchemes('the rule editor');
    const before = await ruleOf('api-calls-ladder');
    const threshold = page.getByLabel('Tier 3 threshold (% of the limit)');
    await threshold.fill('150');
    await expect.poll(() => threshold.getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('alert').filter({ hasText: 'Nothing was saved: fix the fields marked below.' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
    await inBothSchemes('the rule editor with a field error');
    expect(await ruleOf('api-calls-ladder')).toStrictEqual(before);
    await page.getByRole('button', { name: 'Close editor' }).click();
    await page.getByRole('dialog', { name: 'Discard your changes?' }).getByRole('button', { name: 'Discard changes' }).click();
  });

  it('refuses empty English copy at its field and saves nothing', async () => {
    await page.getByRole('button', { name: 'Edit rule automations-trial' }).click();
    await page.getByRole('heading', { name: 'Edit rule automations-trial' }).waitFor();
    const before = await ruleOf('automations-trial');
    const title = page.getByLabel('Title', { exact: true });
    await title.fill('');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('alert').filter({ hasText: 'Nothing was saved: fix the fields marked below.' }).waitFor();
    await expect.poll(() => title.getAttribute('aria-invalid')).toBe('true');
    const described = (await title.getAttribute('aria-describedby')) ?? '';
    const message = await page.evaluate((ids) => ids.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '), described);
    expect(message).toMatch(/required in English/);
    expect(await ruleOf('automations-trial')).toStrictEqual(before);
    await discard();
  });

  it.each([
    ['a condition on an unknown attribute', 'account.size', 'eq', '5', /unknown attribute "account\.size"/],
    ['a pattern the engine refuses', 'page.path', 'matches', '^/(?=reports)', /lookaround/],
  ])('puts the refusal of %s at its audience row and saves nothing', async (_what, attr, op, value, message) => {
    await page.getByRole('button', { name: 'Edit rule automations-trial' }).click();
    await page.getByRole('heading', { name: 'Edit rule automations-trial' }).waitFor();
    const before = await ruleOf('automations-trial');
    await page.getByRole('button', { name: 'Add condition to Audience' }).click();
    const row = page.getByRole('group', { name: /^Condition 1 of Audience/ });
    await row.getByLabel('Attribute').fill(attr);
    await row.getByLabel('Operator').selectOption(op);
    await row.getByLabel('Value').fill(value);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('alert').filter({ hasText: /^Nothing was saved: / }).waitFor();
    await row.getByText(message).first().waitFor();
    expect(await ruleOf('automations-trial')).toStrictEqual(before);
    await discard();
  });

  it('creates a feature-discovery rule from fields alone: report_exported 3 times in 7 days, two variants, a 10 % holdout, English and German copy', async () => {
    await page.getByRole('button', { name: 'New rule' }).click();
    await page.getByLabel('Id', { exact: true }).fill('reports-discovery');
    await page.getByLabel('Name', { exact: true }).fill('Exports by hand: suggest automations');
    await page.getByLabel('Trigger type').selectOption('event');
    await page.getByLabel('Event name').fill('report_exported');
    await page.getByLabel('At least (times)').fill('3');
    await page.getByLabel('Within (days)').fill('7');
    await page.getByLabel('Title', { exact: true }).fill('Export less, automate more');
    await page.getByLabel('Body', { exact: true }).fill('You exported {{count}} reports this week.');
    await page.getByLabel('Call to action', { exact: true }).fill('Try it free');
    await page.getByLabel('New language').fill('de');
    await page.getByRole('button', { name: 'Add language' }).click();
    await page.getByLabel('Title', { exact: true }).fill('Weniger exportieren');
    await page.getByLabel('Body', { exact: true }).fill('Sie haben diese Woche {{count}} Berichte exportiert.');
    await page.getByLabel('Call to action', { exact: true }).fill('Kostenlos testen');
    await page.getByLabel('Offer type').selectOption('trial');
    await page.getByLabel('Feature to try').selectOption('automations');
    await page.getByLabel('Surface', { exact: true }).selectOption('modal');
    await page.getByRole('button', { name: 'Add a variant' }).click();
    await page.getByRole('button', { name: 'Add a variant' }).click();
    await page.getByLabel('Holdout (%)').fill('10');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { name: 'Edit rule reports-discovery' }).waitFor();
    expect(await ruleOf('reports-discovery')).toStrictEqual({
      id: 'reports-discovery',
      name: 'Exports by hand: suggest automations',
      status: 'draft',
      priority: 10,
      trigger: { type: 'event', event: 'report_exported', count: 3, withinDays: 7 },
      offer: { type: 'trial', feature: 'automations', days: 14 },
      surface: 'modal',
      content: {
        title: 'Export less, automate more',
        body: 'You exported {{count}} reports this week.',
        cta: 'Try it free',
        locales: { de: { title: 'Weniger exportieren', body: 'Sie haben diese Woche {{count}} Berichte exportiert.', cta: 'Kostenlos testen' } },
      },
      variants: [
        { id: 'a', weight: 1 },
        { id: 'b', weight: 1 },
      ],
      holdout: 10,
    });
  });
});
