import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminServer, seedDrafts, type AdminServer } from '../helpers/admin-fetch';
import { findPage, openConsole } from '../helpers/admin-console';

let server: AdminServer;
beforeEach(async () => {
  server = await adminServer();
  await server.addPerson('olga@acme.test', 'owner', 'Olga');
  await server.addPerson('vic@acme.test', 'viewer', 'Vic');
});
afterEach(() => server.cleanup());

const log = () => within(screen.getByRole('table', { name: /newest first/ }));
const actions = () =>
  log()
    .getAllByRole('row')
    .slice(1)
    .map((r) => r.querySelectorAll('td')[2]?.textContent);

describe('audit log', () => {
  it('lists who did what, newest first, and opens an entry before/after', async () => {
    await seedDrafts(server);
    await server.signIn('olga@acme.test');
    await openConsole('/admin/audit');
    await findPage('Audit log');
    await waitFor(() => expect(actions()[0]).toBe('session.signed_in'));
    expect(actions()).toContain('catalog.updated');
    const row = log().getAllByText('session.signed_in')[0]!.closest('tr')!;
    expect(row.querySelectorAll('td')[1]!.textContent).toBe('olga@acme.test');

    const ruleRow = log().getAllByText(/^rule\./)[0]!.closest('tr')!;
    const toggle = within(ruleRow).getByRole('button', { name: /Show \d+ changes?/ });
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const changes = within(screen.getByRole('table', { name: /^Changes of rule\./ }));
    expect(changes.getAllByRole('row').length).toBeGreaterThan(1);
  });

  it('filters by person and kind, and the export link carries the filters', async () => {
    await server.signIn('vic@acme.test');
    await server.signIn('olga@acme.test');
    await openConsole('/admin/audit');
    await findPage('Audit log');
    await waitFor(() => expect(actions().length).toBeGreaterThan(1));
    const person = await screen.findByRole('option', { name: 'Vic (vic@acme.test)' });
    fireEvent.change(screen.getByLabelText('Person'), { target: { value: (person as HTMLOptionElement).value } });
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'session' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() => expect(actions()).toEqual(['session.signed_in']));
    const href = screen.getByRole('link', { name: 'Export JSON' }).getAttribute('href')!;
    expect(href).toMatch(/^\/v1\/admin\/audit\/export\?/);
    expect(new URL(href, location.origin).searchParams.get('kind')).toBe('session');
    const exported = await (await server.call('GET', href)).json();
    expect(exported.map((e: { action: string }) => e.action)).toEqual(['session.signed_in']);
  });

  it('pages back with "Load older"', async () => {
    await seedDrafts(server);
    // 120 more entries than one page holds: rule saves through the secret-key API.
    const { demoContent } = await import('../../server/demo/seed');
    const rule = demoContent.rules[0]!;
    for (let i = 0; i < 120; i++) {
      await server.app.request(`http://localhost/v1/rules/${rule.id}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${server.secretKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...rule, priority: i }),
      });
    }
    await server.signIn('olga@acme.test');
    await openConsole('/admin/audit');
    await findPage('Audit log');
    await waitFor(() => expect(actions()).toHaveLength(100));
    fireEvent.click(screen.getByRole('button', { name: 'Load older' }));
    await waitFor(() => expect(actions().length).toBeGreaterThan(100));
    await screen.findByText('That is the oldest entry.');
    // Every entry once: as many rows as the export (the same filters, unpaged) holds.
    const all = await (await server.call('GET', '/v1/admin/audit/export')).json();
    expect(actions()).toHaveLength(all.length);
  });
});
