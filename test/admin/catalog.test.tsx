import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Catalog } from '../../shared/schemas/catalog';
import { adminServer, seedDrafts, type AdminServer } from '../helpers/admin-fetch';
import { currentUrl, findPage, openConsole } from '../helpers/admin-console';

let server: AdminServer;
beforeEach(async () => {
  server = await adminServer();
});
afterEach(() => server.cleanup());

const open = async (role: 'viewer' | 'editor') => {
  await server.addPerson(`${role}@acme.test`, role);
  await server.signIn(`${role}@acme.test`);
  await openConsole(`/admin/env/${server.environment.id}/catalog`);
  await findPage('Catalog');
};
const stored = async () => (await server.store.getDraftCatalog(server.environment.id)) as Catalog | null;
/** The cells of the row whose first cell (the id) reads `id`. */
const rowOf = (table: string, id: string) =>
  within(screen.getByRole('table', { name: table }))
    .getAllByRole('row')
    .map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))
    .find((cells) => cells[0] === id)!;
/** A fieldset (group) by its legend. */
const part = (name: string | RegExp) => within(screen.getByRole('group', { name }));
const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });
const choose = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });
const save = () => fireEvent.click(screen.getByRole('button', { name: 'Save draft catalog' }));
const saved = () => screen.findByText('All changes saved as a draft; publish from Rules.');
const tab = (name: 'Form' | 'JSON') => fireEvent.click(screen.getByRole('tab', { name }));
const json = () => screen.getByLabelText('Catalog JSON') as HTMLTextAreaElement;

describe('the catalog for a viewer', () => {
  it('shows plans with their limits, features and prices, and the next steps, read-only', async () => {
    await seedDrafts(server);
    await open('viewer');
    await screen.findByRole('table', { name: 'Plans' });
    expect(rowOf('Plans', 'pro')[1]).toBe('Pro');
    expect(rowOf('Plans', 'pro')[2]).toMatch(/API calls/);
    expect(rowOf('Plans', 'pro')[4]).toMatch(/\/ month$/);
    expect(rowOf('Metrics', 'api_calls')).toEqual(['api_calls', 'API calls', '—', '—']);
    expect(within(screen.getByRole('table', { name: /Next steps/ })).getAllByRole('row').length).toBeGreaterThan(1);
    expect(screen.queryByRole('button', { name: 'Save draft catalog' })).toBeNull();
    expect(screen.queryByRole('textbox')).toBeNull();
  });

  it('reads units, translations, trial lengths and segments in words', async () => {
    await seedDrafts(server);
    const c = (await stored())!;
    c.metrics[1] = { id: 'seats', name: 'seats', unit: 'seats', locales: { de: { name: 'Plätze' } } };
    c.features[0] = { ...c.features[0]!, trialDays: 14 };
    c.nextSteps = [{ from: 'starter', to: 'pro', segment: { all: [{ attr: 'account.traits.employees', op: 'gte', value: 50 }, { any: [{ attr: 'user.role', op: 'in', value: ['admin', 'owner'] }, { attr: 'account.createdAt', op: 'before', value: '-90d' }] }] } }, { from: 'starter', to: 'seat_pack' }];
    const res = await server.app.request('http://localhost/v1/catalog', { method: 'PUT', headers: { Authorization: `Bearer ${server.secretKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify(c) });
    expect(res.status).toBe(200);
    await open('viewer');
    await screen.findByRole('table', { name: 'Plans' });
    expect(rowOf('Metrics', 'seats')).toEqual(['seats', 'seats', 'seats', 'de: Plätze']);
    expect(rowOf('Features', 'dashboards')[3]).toBe('14 days');
    const steps = within(screen.getByRole('table', { name: /Next steps/ })).getAllByRole('row').slice(1).map((r) => r.querySelectorAll('td')[2]!.textContent);
    expect(steps).toEqual(['account.traits.employees is at least 50 and (user.role is one of "admin", "owner" or account.createdAt is before "-90d")', 'everyone else']);
  });

  it('tells a viewer of an empty catalog to ask an editor', async () => {
    await open('viewer');
    await screen.findByText('Ask an editor to set it up.');
    expect(screen.queryByRole('button', { name: 'Start from the example catalog' })).toBeNull();
  });
});

describe('the map editor', () => {
  it('starts an empty catalog from scratch, with a German metric name, a plan limit and a feature’s trial length', async () => {
    await open('editor');
    await screen.findByText(/has no catalog yet/);
    expect(screen.getByRole('button', { name: 'Start from the example catalog' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Start from scratch' }));

    fireEvent.click(await screen.findByRole('button', { name: 'Add a metric' }));
    const seats = part('Metric 2');
    type(seats.getByLabelText('Id'), 'seats');
    type(seats.getByLabelText('Name'), 'team members');
    type(seats.getByLabelText('Unit'), 'seats');
    type(seats.getByLabelText('Add a translation of team members: language tag'), 'de');
    fireEvent.click(seats.getByRole('button', { name: 'Add translation' }));
    type(part('team members in German (de)').getByLabelText('Name (de)'), 'Teammitglieder');
    type(part('team members in German (de)').getByLabelText('Unit (de)'), 'Plätze');

    fireEvent.click(screen.getByRole('button', { name: 'Add a feature' }));
    const feature = part('Feature 1');
    type(feature.getByLabelText('Id'), 'sso');
    type(feature.getByLabelText('Name'), 'Single sign-on');
    type(feature.getByLabelText('Trial length (days)'), '14');
    type(feature.getByLabelText('Customer quote'), 'We onboarded 300 people in a day.');

    const starter = part('Plan 1: Starter');
    type(starter.getByLabelText('team members limit'), '5');
    fireEvent.click(screen.getByRole('button', { name: 'Add a plan' }));
    const team = part('Plan 2');
    type(team.getByLabelText('Id'), 'team');
    type(team.getByLabelText('Name'), 'Team');
    fireEvent.click(part('Features included in Plan 2: Team').getByRole('checkbox', { name: 'Single sign-on' }));
    type(part('Limits of Plan 2: Team').getByLabelText('team members limit'), '25');
    fireEvent.click(part('Price of Plan 2: Team').getByRole('checkbox', { name: 'Has a price' }));
    type(part('Price of Plan 2: Team').getByLabelText('Amount'), '99');
    fireEvent.click(screen.getByRole('button', { name: 'Add a next step' }));
    save();
    await saved();
    expect(await stored()).toEqual({
      metrics: [
        { id: 'api-calls', name: 'API calls' },
        { id: 'seats', name: 'team members', unit: 'seats', locales: { de: { name: 'Teammitglieder', unit: 'Plätze' } } },
      ],
      features: [{ id: 'sso', name: 'Single sign-on', trialDays: 14, quote: 'We onboarded 300 people in a day.' }],
      plans: [
        { id: 'starter', name: 'Starter', limits: { 'api-calls': 10000, seats: 5 }, features: [] },
        { id: 'team', name: 'Team', limits: { seats: 25 }, features: ['sso'], price: { amount: 99, currency: 'USD', interval: 'month' } },
      ],
      nextSteps: [{ from: 'starter', to: 'team' }],
    });
  });

  it('checks references as they are typed, and saves nothing while a field is wrong', async () => {
    await seedDrafts(server);
    await open('editor');
    const before = await stored();
    // Removing a feature a plan includes leaves the plan pointing at nothing: said at once, at the plan.
    fireEvent.click(await screen.findByRole('button', { name: 'Remove Feature 3: Anomaly alerts' }));
    expect(part('Features included in Plan 2: Pro').getByText('The catalog has no feature "anomaly_alerts".')).toBeTruthy();
    const trial = part('Feature 1: Dashboards').getByLabelText('Trial length (days)');
    type(trial, '120');
    expect(trial.getAttribute('aria-invalid')).toBe('true');
    expect(part('Feature 1: Dashboards').getByText('Enter whole days from 1 to 90.')).toBeTruthy();
    save();
    expect((await screen.findByRole('alert')).textContent).toMatch(/Nothing was saved: 2 fields need fixing first/);
    expect(server.requests.some((r) => r.startsWith('PUT '))).toBe(false);
    expect(await stored()).toEqual(before);
    // A next step follows a renamed plan; one to a plan that is gone says so.
    type(part('Plan 2: Pro').getByLabelText('Id'), 'pro_2024');
    expect((part('Next step 1').getByLabelText('To') as HTMLSelectElement).value).toBe('pro_2024');
    fireEvent.click(screen.getByRole('button', { name: 'Remove Plan 2: Pro' }));
    expect(part('Next step 1').getByText('The catalog has no plan or add-on "pro_2024".')).toBeTruthy();
  });

  it('shows the server’s errors at the fields they concern, down to a segment’s row', async () => {
    await seedDrafts(server);
    await open('editor');
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Only for a segment (Next step 1)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add condition to Segment of next step 1' }));
    const segment = within(screen.getByRole('group', { name: 'Condition 1 of Segment of next step 1' }));
    type(segment.getByLabelText('Attribute'), 'account.trait.employees');
    expect(segment.getByText(/Upshift does not know "account.trait.employees"/)).toBeTruthy();
    save();
    expect((await screen.findByText(/^Nothing was saved/)).getAttribute('role')).toBe('alert');
    // The server's own words replace the console's at the row's attribute.
    await waitFor(() => expect(segment.getByText('unknown attribute "account.trait.employees"')).toBeTruthy());
    expect(segment.getByLabelText('Attribute').getAttribute('aria-invalid')).toBe('true');
    expect((await stored())?.nextSteps[0]).toEqual({ from: 'starter', to: 'pro' });
    // Fixed, it saves, segment and all.
    type(segment.getByLabelText('Attribute'), 'account.traits.employees');
    choose(segment.getByLabelText('Operator'), 'gte');
    type(segment.getByLabelText('Value'), '200');
    save();
    await saved();
    expect((await stored())?.nextSteps[0]).toEqual({ from: 'starter', to: 'pro', segment: { all: [{ attr: 'account.traits.employees', op: 'gte', value: 200 }] } });
  });

  it('has a JSON view that round-trips exactly with the form', async () => {
    await seedDrafts(server);
    await open('editor');
    const original = await stored();
    await screen.findByRole('group', { name: 'Metric 1: API calls' });
    tab('JSON');
    expect(json().value).toBe(JSON.stringify(original, null, 2));
    tab('Form');
    tab('JSON');
    expect(json().value).toBe(JSON.stringify(original, null, 2));
    // An edit in JSON shows in the form, and back.
    const edited = JSON.parse(json().value) as Catalog;
    edited.metrics[0]!.locales = { de: { name: 'API-Aufrufe' } };
    type(json(), JSON.stringify(edited, null, 2));
    tab('Form');
    expect((part('API calls in German (de)').getByLabelText('Name (de)') as HTMLInputElement).value).toBe('API-Aufrufe');
    tab('JSON');
    expect(json().value).toBe(JSON.stringify(edited, null, 2));
    type(json(), '{"metrics": [');
    tab('Form');
    expect(screen.getByRole('tab', { name: 'JSON' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByText(/^Not valid JSON/)).toBeTruthy();
    type(json(), JSON.stringify(original, null, 2));
    tab('Form');
    save();
    await saved();
    expect(await stored()).toEqual(original);
    expect(JSON.stringify(await stored())).toBe(JSON.stringify(original));
  });

  it('names the draft rules a saved change strands', async () => {
    await seedDrafts(server);
    await open('editor');
    fireEvent.click(await screen.findByRole('button', { name: 'Remove Metric 1: API calls' }));
    for (const name of ['Plan 1: Starter', 'Plan 2: Pro']) fireEvent.click(screen.getByRole('button', { name: `Remove limit on "api_calls" from ${name}` }));
    save();
    // Beside the metrics, which they concern.
    const notice = (await screen.findByText(/These draft rules now point at a metric the catalog no longer has/)).closest('[role=status]')!;
    expect(notice.nextElementSibling?.querySelector('h2')?.textContent).toBe('Metrics');
    expect(notice.textContent).toMatch(/API calls approaching the plan limit \(api-usage-ladder\) at trigger\.metric/);
    expect(within(notice as HTMLElement).getByRole('link', { name: /api-usage-ladder/ }).getAttribute('href')).toBe(`/admin/env/${server.environment.id}/rules`);
  });

  it('asks before leaving with unsaved changes, and keeps them when the editor stays', async () => {
    await seedDrafts(server);
    await open('editor');
    const url = currentUrl();
    await screen.findByRole('group', { name: 'Metric 1: API calls' });
    type(part('Metric 1: API calls').getByLabelText('Unit'), 'calls');
    expect(screen.getByText('Unsaved changes.')).toBeTruthy();
    const nav = () => within(screen.getByRole('navigation', { name: 'Console' })).getByRole('link', { name: 'Rules' });
    fireEvent.click(nav());
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Leave without saving?' })).getByRole('button', { name: 'Stay' }));
    expect(currentUrl()).toBe(url);
    expect((part('Metric 1: API calls').getByLabelText('Unit') as HTMLInputElement).value).toBe('calls');
    save();
    await saved();
    expect((await stored())?.metrics[0]).toEqual({ id: 'api_calls', name: 'API calls', unit: 'calls' });
    fireEvent.click(nav());
    await findPage('Rules');
  });
});
