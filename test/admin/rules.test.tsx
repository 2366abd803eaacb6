import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminServer, seedDrafts, type AdminServer } from '../helpers/admin-fetch';
import { currentUrl, findPage, openConsole } from '../helpers/admin-console';

let server: AdminServer;
let rulesUrl: string;
beforeEach(async () => {
  server = await adminServer();
  await seedDrafts(server);
  rulesUrl = `/admin/env/${server.environment.id}/rules`;
});
afterEach(() => server.cleanup());

const as = async (role: 'viewer' | 'editor' | 'publisher' | 'owner') => {
  await server.addPerson(`${role}@acme.test`, role);
  await server.signIn(`${role}@acme.test`);
  await openConsole(rulesUrl);
  await findPage('Rules');
};
/** The rule editor's JSON tab (the form is the first tab), opened if it is not yet. */
const editor = () => {
  const tab = screen.getByRole('tab', { name: 'JSON' });
  if (tab.getAttribute('aria-selected') !== 'true') fireEvent.click(tab);
  return screen.getByLabelText('Rule JSON') as HTMLTextAreaElement;
};
const edit = (change: (rule: Record<string, unknown>) => void) => {
  const rule = JSON.parse(editor().value) as Record<string, unknown>;
  change(rule);
  fireEvent.input(editor(), { target: { value: JSON.stringify(rule, null, 2) } });
};

describe('rules', () => {
  it('lists the draft rules with their status, priority, surface and trigger', async () => {
    await as('viewer');
    const table = within(await screen.findByRole('table', { name: 'Draft rules' }));
    const row = table.getByText('api-usage-ladder').closest('tr')!;
    expect([...row.querySelectorAll('td')].slice(0, 6).map((td) => td.textContent)).toEqual(['api-usage-ladder', 'API calls approaching the plan limit', 'live', '100', 'banner', 'usage']);
  });

  it('shows the server issues at their paths, saves once fixed, and lists lint warnings', async () => {
    await as('editor');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit rule api-usage-ladder' }));
    edit((r) => {
      r.priority = 5000;
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(editor().getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText(/^priority: /)).toBeTruthy();

    edit((r) => {
      r.priority = 7;
      r.holdout = 100;
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    expect((await screen.findByText(/holdout is 100 %/)).textContent).toMatch(/^ ?holdout: /);
    expect(editor().getAttribute('aria-invalid')).toBeNull();
    const row = within(screen.getByRole('table', { name: 'Draft rules' })).getByText('api-usage-ladder').closest('tr')!;
    expect(row.querySelectorAll('td')[3]!.textContent).toBe('7');
  });

  it('says when the JSON does not parse, without asking the server', async () => {
    await as('editor');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit rule api-usage-ladder' }));
    fireEvent.input(editor(), { target: { value: '{"id": "api-usage-ladder",' } });
    const before = server.requests.length;
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    expect(await screen.findByText(/^Not valid JSON/)).toBeTruthy();
    expect(server.requests.length).toBe(before);
  });

  it('asks before leaving a rule with unsaved changes', async () => {
    await as('editor');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit rule api-usage-ladder' }));
    edit((r) => {
      r.name = 'Renamed';
    });
    fireEvent.click(within(screen.getByRole('navigation', { name: 'Console' })).getByRole('link', { name: 'Catalog' }));
    const dialog = screen.getByRole('dialog', { name: 'Leave without saving?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Stay' }));
    expect(currentUrl()).toBe(rulesUrl);
    expect(editor().value).toContain('Renamed');
    fireEvent.click(within(screen.getByRole('navigation', { name: 'Console' })).getByRole('link', { name: 'Catalog' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Leave this page' }));
    await findPage('Catalog');
  });

  it('creates and deletes a rule', async () => {
    await as('editor');
    fireEvent.click(screen.getByRole('button', { name: 'New rule' }));
    edit((r) => {
      r.id = 'alerts-panel';
      r.trigger = { type: 'feature', feature: 'anomaly_alerts' };
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await screen.findByRole('button', { name: 'Edit rule alerts-panel' });
    fireEvent.click(screen.getByRole('button', { name: 'Delete rule' }));
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Delete rule alerts-panel?' })).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Edit rule alerts-panel' })).toBeNull());
    expect(await server.store.getDraftRule(server.environment.id, 'alerts-panel')).toBeNull();
  });

  it('shows a viewer the rules but no way to change or publish them', async () => {
    await as('viewer');
    await screen.findByRole('table', { name: 'Draft rules' });
    expect(screen.queryByRole('button', { name: 'New rule' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Review and publish' })).toBeNull();
    await screen.findByRole('table', { name: /the first row is live/ });
    expect(screen.queryByRole('button', { name: /Roll back/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'View rule api-usage-ladder' }));
    expect(screen.getByRole('heading', { name: 'Rule api-usage-ladder' })).toBeTruthy();
    expect((screen.getByLabelText('Name') as HTMLInputElement).disabled || (screen.getByLabelText('Name') as HTMLInputElement).matches(':disabled')).toBe(true);
    expect(screen.queryByRole('button', { name: 'Save draft' })).toBeNull();
  });

  it('shows an editor no publish control', async () => {
    await as('editor');
    await screen.findByRole('table', { name: 'Draft rules' });
    expect(screen.getByRole('button', { name: 'New rule' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Review and publish' })).toBeNull();
  });
});
