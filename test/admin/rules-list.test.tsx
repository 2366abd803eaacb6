import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/seed';
import type { Rule } from '../../shared/schemas/rule';
import { adminServer, seedDrafts, type AdminServer } from '../helpers/admin-fetch';
import { currentUrl, expectUrl, findPage, openConsole } from '../helpers/admin-console';
import { impression, click } from '../helpers/events';

let server: AdminServer;
let rulesUrl: string;

/** The demo ladder (banner, 100, published live) plus two drafts never published. */
const ladder = demoContent.rules[0]!;
const seatsToast: Rule = { ...structuredClone(ladder), id: 'seats-toast', name: 'Seats running out', priority: 60, surface: 'toast', trigger: { ...structuredClone(ladder.trigger), metric: 'seats' } as Rule['trigger'] };
const alertsPanel: Rule = {
  ...structuredClone(ladder),
  id: 'alerts-panel',
  name: 'Anomaly alerts',
  status: 'paused',
  priority: 60,
  surface: 'panel',
  trigger: { type: 'feature', feature: 'anomaly_alerts' },
  content: { title: 'Alerts', body: 'Get told.', cta: 'Try it' },
  holdout: 100,
};

const secret = async (method: string, path: string, body?: unknown) => {
  const res = await server.app.request(`http://localhost${path}`, {
    method,
    headers: { Authorization: `Bearer ${server.secretKey}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
};
const stored = async (id: string) => (await server.store.getDraftRule(server.environment.id, id)) as Rule | null;

beforeEach(async () => {
  server = await adminServer();
  await seedDrafts(server);
  await secret('PUT', '/v1/rules/seats-toast', seatsToast);
  await secret('PUT', '/v1/rules/alerts-panel', alertsPanel);
  rulesUrl = `/admin/env/${server.environment.id}/rules`;
});
afterEach(() => server.cleanup());

const as = async (role: 'viewer' | 'editor', url = rulesUrl) => {
  await server.addPerson(`${role}@acme.test`, role);
  await server.signIn(`${role}@acme.test`);
  await openConsole(url);
  await findPage('Rules');
  await screen.findByRole('table', { name: 'Draft rules' });
};
/** What the console's polite live region says now (toasts repeat it visibly, hidden from screen readers). */
const announced = (text: string) => waitFor(() => expect(screen.getAllByRole('status').some((s) => s.getAttribute('aria-live') === 'polite' && s.textContent === text)).toBe(true));
const table = () => within(screen.getByRole('table', { name: 'Draft rules' }));
/** The ids in the order the list shows them. */
const shownIds = () => table().queryAllByRole('row').slice(1).map((r) => r.querySelector('td code')?.textContent);
const rowOf = (id: string) => table().getByText(id, { selector: 'code' }).closest('tr')!;
const cells = (id: string) => [...rowOf(id).querySelectorAll('td')].map((td) => td.textContent);

describe('the rules list', () => {
  it('shows each rule’s state, what publishing changes, priority, surface, trigger, warnings and its last 7 days', async () => {
    const sent = [impression(), impression(), click()];
    const res = await server.app.request('http://localhost/v1/events', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Upshift-Key': server.key }, body: JSON.stringify({ events: sent }) });
    expect(res.status).toBe(200);
    await as('viewer');
    expect(shownIds()).toEqual(['api-usage-ladder', 'alerts-panel', 'seats-toast']);
    expect(cells('api-usage-ladder').slice(0, 7)).toEqual(['api-usage-ladder', ladder.name, 'Live', '100', 'Banner', 'Usage ladder', 'None']);
    expect(cells('seats-toast').slice(2, 6)).toEqual(['Draft Goes live on publish', '60', 'Toast', 'Usage ladder']);
    expect(cells('alerts-panel').slice(2, 6)).toEqual(['Draft Paused when published', '60', 'Feature panel', 'Locked feature']);
    // Exposures are not recorded yet: a dash, read out in words; the others count what was sent.
    const figure = (label: string) => within(rowOf('api-usage-ladder')).getByText(label, { selector: 'dt' }).nextElementSibling as HTMLElement;
    expect(within(figure('Exposures')).getByText('no data yet')).toBeTruthy();
    expect(within(figure('Conversions')).getByText('no data yet')).toBeTruthy();
    expect([figure('Impressions').textContent, figure('Clicks').textContent]).toEqual([String(sent.filter((e) => e['type'] === 'impression').length), String(sent.filter((e) => e['type'] === 'click').length)]);
    // The holdout of 100 % is the engine's lint: a count that opens to the message.
    const warnings = rowOf('alerts-panel').querySelector('details')!;
    expect(within(warnings).getByText(/^1 warning/).textContent).toBe('1 warning for alerts-panel');
    expect(within(warnings).getByText(/the holdout is 100 %, so nobody sees this rule/)).toBeTruthy();
  });

  it('shows a live rule deleted from the drafts as removed on publish', async () => {
    await secret('DELETE', '/v1/rules/api-usage-ladder');
    await as('editor', rulesUrl);
    await waitFor(() => expect(cells('api-usage-ladder')[2]).toBe('Live Removed on publish'));
    expect(within(rowOf('api-usage-ladder')).queryByRole('button')).toBeNull();
  }, 15_000);

  it('searches by id and name and filters by status, trigger and surface, keeping them in the URL', async () => {
    await as('viewer');
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search rules' }), { target: { value: 'SEATS' } });
    expect(shownIds()).toEqual(['seats-toast']);
    await expectUrl(`${rulesUrl}?q=SEATS`);
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search rules' }), { target: { value: 'anomaly' } });
    expect(shownIds()).toEqual(['alerts-panel']);
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search rules' }), { target: { value: '' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Filter by trigger' }), { target: { value: 'usage' } });
    expect(shownIds()).toEqual(['api-usage-ladder', 'seats-toast']);
    fireEvent.change(screen.getByRole('combobox', { name: 'Filter by status' }), { target: { value: 'draft' } });
    expect(shownIds()).toEqual(['seats-toast']);
    await expectUrl(`${rulesUrl}?status=draft&trigger=usage`);
    fireEvent.change(screen.getByRole('combobox', { name: 'Filter by surface' }), { target: { value: 'banner' } });
    expect(screen.getByText('No rules match this search and these filters.')).toBeTruthy();

    // A reload keeps them.
    await openConsole(`${rulesUrl}?status=live&surface=banner&trigger=nonsense`);
    await screen.findByRole('table', { name: 'Draft rules' });
    expect((screen.getByRole('combobox', { name: 'Filter by status' }) as HTMLSelectElement).value).toBe('live');
    expect((screen.getByRole('combobox', { name: 'Filter by surface' }) as HTMLSelectElement).value).toBe('banner');
    expect((screen.getByRole('combobox', { name: 'Filter by trigger' }) as HTMLSelectElement).value).toBe('');
    expect(shownIds()).toEqual(['api-usage-ladder']);
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(shownIds()).toEqual(['api-usage-ladder', 'alerts-panel', 'seats-toast']);
    expect(currentUrl()).toBe(rulesUrl);
  });

  it('moves a rule up or down by saving both priorities, keeps the focus on the moved rule, and says so', async () => {
    await as('editor');
    expect((screen.getByRole('button', { name: 'Move api-usage-ladder up' }) as HTMLButtonElement).disabled).toBe(true);
    const up = screen.getByRole('button', { name: 'Move alerts-panel up' });
    up.focus();
    fireEvent.click(up);
    await waitFor(() => expect(shownIds()).toEqual(['alerts-panel', 'api-usage-ladder', 'seats-toast']));
    expect([(await stored('alerts-panel'))!.priority, (await stored('api-usage-ladder'))!.priority]).toEqual([100, 60]);
    await announced('Moved "alerts-panel" up to priority 100. Publish to make the new order live.');
    // At the top it can only go down, and the focus is there.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move alerts-panel down' })));
    expect(cells('api-usage-ladder')[2]).toBe('Live Unpublished changes');

    // Equal priorities (both 60 now): the moving rule takes the next free number.
    fireEvent.click(screen.getByRole('button', { name: 'Move seats-toast up' }));
    await waitFor(() => expect(shownIds()).toEqual(['alerts-panel', 'seats-toast', 'api-usage-ladder']));
    expect([(await stored('seats-toast'))!.priority, (await stored('api-usage-ladder'))!.priority]).toEqual([61, 60]);
  });

  it('puts the first rule back and says so when saving the second fails, so the order is never half changed', async () => {
    await secret('PUT', '/v1/catalog', { ...demoContent.catalog, metrics: [...demoContent.catalog.metrics, { id: 'projects', name: 'projects' }] });
    await secret('PUT', '/v1/rules/seats-toast', { ...seatsToast, priority: 90, audience: { attr: 'usage.projects', op: 'gte', value: 1 } });
    await as('editor');
    // Someone else takes the metric out of the catalog: seats-toast no longer saves.
    await secret('PUT', '/v1/catalog', demoContent.catalog);
    fireEvent.click(screen.getByRole('button', { name: 'Move api-usage-ladder down' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/^The order did not change: saving "seats-toast" failed \(.*unknown attribute.*\), so "api-usage-ladder" was put back to priority 100\.$/);
    expect([(await stored('api-usage-ladder'))!.priority, (await stored('seats-toast'))!.priority]).toEqual([100, 90]);
    expect(shownIds()).toEqual(['api-usage-ladder', 'seats-toast', 'alerts-panel']);
  });

  it('duplicates a rule as a draft under the next free id', async () => {
    await as('editor');
    fireEvent.click(screen.getByRole('button', { name: 'Duplicate api-usage-ladder' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit rule api-usage-ladder-copy' })));
    await announced('Duplicated "api-usage-ladder" as "api-usage-ladder-copy", a draft.');
    expect(cells('api-usage-ladder-copy')[2]).toBe('Draft');
    const copy = await stored('api-usage-ladder-copy');
    expect(copy).toEqual({ ...ladder, id: 'api-usage-ladder-copy', name: `${ladder.name} (copy)`, status: 'draft' });
    fireEvent.click(screen.getByRole('button', { name: 'Duplicate api-usage-ladder' }));
    await screen.findByRole('button', { name: 'Edit rule api-usage-ladder-copy-2' });
    expect(await stored('api-usage-ladder-copy-2')).not.toBeNull();
  });

  it('pauses and resumes in the drafts, saying it takes effect on publish', async () => {
    await as('editor');
    fireEvent.click(screen.getByRole('button', { name: 'Pause api-usage-ladder' }));
    await announced('"api-usage-ladder" is paused in the drafts. Customers keep seeing it until you publish.');
    expect((await stored('api-usage-ladder'))!.status).toBe('paused');
    await waitFor(() => expect(cells('api-usage-ladder')[2]).toBe('Live Pauses on publish'));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Resume api-usage-ladder' })));

    fireEvent.click(screen.getByRole('button', { name: 'Resume api-usage-ladder' }));
    await announced('"api-usage-ladder" is live again in the drafts. Customers see it once you publish.');
    expect((await stored('api-usage-ladder'))!.status).toBe('live');
    await waitFor(() => expect(cells('api-usage-ladder')[2]).toBe('Live'));
    // A paused draft offers Resume; a rule whose draft status is "draft" offers neither.
    expect(screen.getByRole('button', { name: 'Resume alerts-panel' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Duplicate seats-toast' }));
    await screen.findByRole('button', { name: 'Edit rule seats-toast-copy' });
    expect(screen.queryByRole('button', { name: /^(Pause|Resume) seats-toast-copy$/ })).toBeNull();
  });

  it('shows a viewer the list, the search and a way to view each rule, and no action', async () => {
    await as('viewer');
    expect(screen.getByRole('button', { name: 'View rule seats-toast' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^(Move|Duplicate|Pause|Resume) / })).toBeNull();
    expect(screen.getByRole('searchbox', { name: 'Search rules' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'View rule seats-toast' }));
    expect(screen.getByRole('heading', { name: 'Rule seats-toast' })).toBeTruthy();
  });
});

describe('the rules list after publishing', () => {
  it('shows the new states once a publisher publishes', async () => {
    await server.addPerson('publisher@acme.test', 'publisher');
    await server.signIn('publisher@acme.test');
    await openConsole(rulesUrl);
    await findPage('Rules');
    await waitFor(() => expect(cells('seats-toast')[2]).toBe('Draft Goes live on publish'));
    fireEvent.click(screen.getByRole('button', { name: 'Review and publish' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Publish the drafts of Test?' }));
    fireEvent.input(dialog.getByLabelText('Note'), { target: { value: 'Seats toast goes live' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Publish' }));
    await waitFor(() => expect(cells('seats-toast')[2]).toBe('Live'));
    expect(cells('alerts-panel')[2]).toBe('Paused');
  });
});
