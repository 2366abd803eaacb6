import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoSurfaceRules } from '../../server/demo/demo-rules';
import { adminServer, seedDrafts, type AdminServer } from '../helpers/admin-fetch';
import { findPage, openConsole } from '../helpers/admin-console';

let server: AdminServer;
let env: string;
beforeEach(async () => {
  server = await adminServer();
  await seedDrafts(server);
  env = server.environment.id;
  for (const rule of demoSurfaceRules) {
    const res = await server.app.request(`http://localhost/v1/rules/${rule.id}`, { method: 'PUT', headers: { Authorization: `Bearer ${server.secretKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify(rule) });
    if (!res.ok) throw new Error(`PUT ${rule.id}: ${res.status}`);
  }
});
afterEach(() => server.cleanup());

const as = async (role: 'viewer' | 'editor') => {
  await server.addPerson(`${role}@acme.test`, role);
  await server.signIn(`${role}@acme.test`);
  await openConsole(`/admin/env/${env}/rules`);
  await findPage('Rules');
};
const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
const type = (label: string, value: string) => fireEvent.input(field(label), { target: { value } });
const choose = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const stored = async (id: string) => (await server.store.getDraftRule(env, id)) as Record<string, unknown> | null;
const puts = () => server.requests.filter((r) => r.startsWith('PUT ')).length;
/** The error text shown for the field labelled `label` (its aria-describedby error), or null. */
const errorAt = (label: string): string | null => {
  const el = field(label);
  if (el.getAttribute('aria-invalid') !== 'true') return null;
  const ids = (el.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id.endsWith('-error'));
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
};
const save = () => fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));

describe('the rule editor as a form', () => {
  it('creates a feature-discovery rule from fields alone and saves exactly that JSON', async () => {
    await as('editor');
    fireEvent.click(screen.getByRole('button', { name: 'New rule' }));
    // Choices come from the catalog once it is in: the plan is a list of the catalog's plans.
    await waitFor(() => expect(screen.getByLabelText('Plan').tagName).toBe('SELECT'));
    type('Id', 'reports-discovery');
    type('Name', 'Exports by hand: suggest scheduled reports');
    type('Priority', '70');
    choose('Trigger type', 'event');
    expect(screen.getByText(/Removed the feature\./)).toBeTruthy();
    type('Event name', 'report_exported');
    type('At least (times)', '3');
    type('Within (days)', '7');
    type('Title', 'Export less, schedule more');
    type('Body', 'You exported {{count}} reports this week.');
    type('Call to action', 'Try it free');
    type('New language', 'de');
    fireEvent.click(screen.getByRole('button', { name: 'Add language' }));
    type('Title', 'Weniger exportieren');
    type('Body', 'Sie haben diese Woche {{count}} Berichte exportiert.');
    type('Call to action', 'Kostenlos testen');
    choose('Offer type', 'trial');
    choose('Feature to try', 'scheduled_reports');
    choose('Surface', 'modal');
    fireEvent.click(screen.getByRole('button', { name: 'Add a variant' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add a variant' }));
    type('Variant 2 weight', '3');
    expect(screen.getByRole('group', { name: 'Variant 2' }).textContent).toContain('75 % of those shown');
    type('Holdout (%)', '10');
    save();
    await screen.findByText('Rule "reports-discovery" saved as a draft.').catch((e: Error) => {
      const invalid = [...document.querySelectorAll('[aria-invalid="true"]')].map((el) => `${el.id}: ${document.querySelector(`label[for="${el.id}"]`)?.textContent}`);
      throw new Error(`${e.message.slice(0, 80)}… alerts: ${screen.queryAllByRole('alert').map((a) => a.textContent).join(' | ')} invalid: ${invalid.join(', ')}`);
    });
    expect(await stored('reports-discovery')).toStrictEqual({
      id: 'reports-discovery',
      name: 'Exports by hand: suggest scheduled reports',
      status: 'draft',
      priority: 70,
      trigger: { type: 'event', event: 'report_exported', count: 3, withinDays: 7 },
      offer: { type: 'trial', feature: 'scheduled_reports', days: 14 },
      surface: 'modal',
      content: {
        title: 'Export less, schedule more',
        body: 'You exported {{count}} reports this week.',
        cta: 'Try it free',
        locales: { de: { title: 'Weniger exportieren', body: 'Sie haben diese Woche {{count}} Berichte exportiert.', cta: 'Kostenlos testen' } },
      },
      variants: [
        { id: 'a', weight: 1 },
        { id: 'b', weight: 3 },
      ],
      holdout: 10,
    });
    expect(screen.getByRole('heading', { name: 'Edit rule reports-discovery' })).toBeTruthy();
  });

  it('refuses a ladder tier at 150 % and tiers out of order at the field, as you type, and saves nothing', async () => {
    await as('editor');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit rule api-usage-ladder' }));
    const before = await stored('api-usage-ladder');
    type('Tier 3 threshold (% of the limit)', '150');
    expect(errorAt('Tier 3 threshold (% of the limit)')).toMatch(/at most 100 %.*already over it/);
    type('Tier 2 threshold (% of the limit)', '60');
    expect(errorAt('Tier 2 threshold (% of the limit)')).toMatch(/ascending order: this one must be above 70 %/);
    const sent = puts();
    save();
    expect(await screen.findByText('Nothing was saved: fix the fields marked below.')).toBeTruthy();
    expect(puts()).toBe(sent);
    expect(await stored('api-usage-ladder')).toStrictEqual(before);
    type('Tier 2 threshold (% of the limit)', '85');
    type('Tier 3 threshold (% of the limit)', '100');
    expect(errorAt('Tier 3 threshold (% of the limit)')).toBeNull();
    save();
    await screen.findByText('Rule "api-usage-ladder" saved as a draft.');
  });

  it('starts a trial offer at the catalog’s trial length for the feature, until someone types their own', async () => {
    const { demoContent } = await import('../../server/demo/seed');
    const [first, second] = demoContent.catalog.features;
    const catalog = { ...demoContent.catalog, features: demoContent.catalog.features.map((f) => (f.id === first!.id ? { ...f, trialDays: 21 } : f.id === second!.id ? { ...f, trialDays: 30 } : f)) };
    const res = await server.app.request('http://localhost/v1/catalog', { method: 'PUT', headers: { Authorization: `Bearer ${server.secretKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify(catalog) });
    expect(res.status).toBe(200);
    await as('editor');
    fireEvent.click(screen.getByRole('button', { name: 'New rule' }));
    await waitFor(() => expect(screen.getByLabelText('Plan').tagName).toBe('SELECT'));
    choose('Offer type', 'trial');
    choose('Feature to try', first!.id);
    expect(field('Trial length (days)').value).toBe('21');
    choose('Feature to try', second!.id);
    expect(field('Trial length (days)').value).toBe('30');
    type('Trial length (days)', '10');
    choose('Feature to try', first!.id);
    expect(field('Trial length (days)').value).toBe('10');
  });

  it('refuses empty English copy at its field and saves nothing', async () => {
    await as('editor');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit rule reports-export-modal' }));
    type('Title', '');
    const sent = puts();
    save();
    await screen.findByText('Nothing was saved: fix the fields marked below.');
    expect(errorAt('Title')).toMatch(/required in English/);
    expect(puts()).toBe(sent);
  });

  it.each([
    ['an unknown attribute', 'account.size', '5', /unknown attribute "account\.size"/],
    ['a pattern the engine refuses', 'page.path', '^/(?=reports)', /lookaround/],
  ])('puts the server’s refusal of %s at the audience row, and saves nothing', async (_name, attr, value, message) => {
    await as('editor');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit rule reports-export-modal' }));
    const before = await stored('reports-export-modal');
    fireEvent.click(screen.getByRole('button', { name: 'Add condition to Audience' }));
    const row = () => within(screen.getByRole('group', { name: /^Condition 1 of Audience/ }));
    fireEvent.input(row().getByLabelText('Attribute'), { target: { value: attr } });
    if (attr === 'page.path') fireEvent.change(row().getByLabelText('Operator'), { target: { value: 'matches' } });
    fireEvent.input(row().getByLabelText('Value'), { target: { value } });
    save();
    await screen.findByText(/^Nothing was saved: /);
    await waitFor(() => expect(row().getAllByText(message).length).toBeGreaterThan(0));
    expect(await stored('reports-export-modal')).toStrictEqual(before);
  });

  it('requires a reason to override a guard, and stores it in guards.reasons', async () => {
    await as('editor');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit rule reports-export-modal' }));
    expect(screen.getByText(/No prompt before an account is 90 days old/)).toBeTruthy();
    type('Minimum account age (days)', '30');
    const reason = 'Why this rule overrides "Minimum account age (days)"';
    const sent = puts();
    save();
    await screen.findByText('Nothing was saved: fix the fields marked below.');
    expect(errorAt(reason)).toMatch(/a reason is required/);
    expect(puts()).toBe(sent);
    type(reason, 'Exporters find this in their first month');
    save();
    await screen.findByText('Rule "reports-export-modal" saved as a draft.');
    expect((await stored('reports-export-modal'))?.guards).toStrictEqual({ accountAgeDays: 30, reasons: { accountAgeDays: 'Exporters find this in their first month' } });
    // Back to the default: the override and its reason go, and so does the empty guards object.
    type('Minimum account age (days)', '');
    save();
    await waitFor(async () => expect((await stored('reports-export-modal'))?.guards).toBeUndefined());
  });

  it('maps the server’s errors onto fields and shows lint warnings with their section', async () => {
    await as('editor');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit rule reports-export-modal' }));
    choose('Trigger type', 'milestone');
    expect(screen.getByText(/Removed the event name, the count, the days\./)).toBeTruthy();
    type('Attribute', 'account.seats');
    type('Reaches', '10');
    save();
    await waitFor(() => expect(errorAt('Attribute')).toMatch(/unknown attribute "account\.seats"/));
    type('Attribute', 'usage.seats');
    type('Holdout (%)', '100');
    save();
    await screen.findByText('Rule "reports-export-modal" saved as a draft.');
    const experiment = screen.getByRole('group', { name: 'Experiment' });
    expect(within(experiment).getByText(/holdout: the holdout is 100 %/)).toBeTruthy();
  });

  it('edits in the JSON tab: valid JSON updates the form, broken JSON is reported there and leaves the form alone', async () => {
    await as('editor');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit rule seats-toast' }));
    const name = field('Name').value;
    fireEvent.click(screen.getByRole('tab', { name: 'JSON' }));
    const json = screen.getByLabelText('Rule JSON') as HTMLTextAreaElement;
    fireEvent.input(json, { target: { value: json.value.replace(`"name": ${JSON.stringify(name)}`, '"name": "Renamed in JSON"').replace(/"priority": \d+/, '"priority": 0,') } });
    expect(json.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/^Not valid JSON/)).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'Form' }));
    expect(field('Name').value).toBe(name);
    fireEvent.click(screen.getByRole('tab', { name: 'JSON' }));
    fireEvent.input(json, { target: { value: json.value.replace('"priority": 0,,', '"priority": 3,') } });
    expect(json.getAttribute('aria-invalid')).toBeNull();
    fireEvent.click(screen.getByRole('tab', { name: 'Form' }));
    expect(field('Name').value).toBe('Renamed in JSON');
    expect(field('Priority').value).toBe('3');
  });

  it('refuses a new rule with a taken id at the field, as you type once the list is in, and on save before', async () => {
    await as('editor');
    // Straight away: the list may not be in yet, so the save asks the server first.
    fireEvent.click(screen.getByRole('button', { name: 'New rule' }));
    type('Id', 'seats-toast');
    const sent = puts();
    save();
    await waitFor(() => expect(errorAt('Id')).toMatch(/a draft rule "seats-toast" already exists/));
    expect(puts()).toBe(sent);
    await screen.findByRole('table', { name: 'Draft rules' });
    type('Id', 'api-usage-ladder');
    expect(errorAt('Id')).toMatch(/a draft rule "api-usage-ladder" already exists/);
  });

  it('schedules in the browser’s named zone and stores the UTC instant; a banner takes a position, an inline rule a slot', async () => {
    await as('editor');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit rule seats-toast' }));
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const start = screen.getByLabelText(`Starts (${zone})`) as HTMLInputElement;
    fireEvent.input(start, { target: { value: '2026-05-01T09:00' } });
    const instant = new Date('2026-05-01T09:00').toISOString().replace('.000Z', 'Z');
    expect(screen.getByText(`Stored as ${instant} (UTC).`)).toBeTruthy();
    choose('Surface', 'inline');
    save();
    await screen.findByText('Nothing was saved: fix the fields marked below.');
    expect(errorAt('Slot name')).toMatch(/required/);
    choose('Surface', 'banner');
    expect(screen.queryByLabelText('Slot name')).toBeNull();
    choose('Banner position', 'top');
    save();
    await screen.findByText('Rule "seats-toast" saved as a draft.');
    expect(await stored('seats-toast')).toMatchObject({ schedule: { start: instant }, surface: 'banner', position: 'top' });
    expect(await stored('seats-toast')).not.toHaveProperty('slot');
  });

  it('shows a viewer the same form, read-only, with no way to save', async () => {
    await as('viewer');
    fireEvent.click(await screen.findByRole('button', { name: 'View rule api-usage-ladder' }));
    expect(screen.getByRole('heading', { name: 'Rule api-usage-ladder' })).toBeTruthy();
    expect((field('Name') as HTMLInputElement).closest('fieldset:disabled')).not.toBeNull();
    expect(field('Name').matches(':disabled')).toBe(true);
    expect(field('Tier 1 threshold (% of the limit)').matches(':disabled')).toBe(true);
    expect(screen.queryByRole('button', { name: 'Save draft' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete rule' })).toBeNull();
    fireEvent.click(screen.getByRole('tab', { name: 'JSON' }));
    expect((screen.getByLabelText('Rule JSON') as HTMLTextAreaElement).readOnly).toBe(true);
  });
});
