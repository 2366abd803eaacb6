import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminServer, seedDrafts, type AdminServer } from '../helpers/admin-fetch';
import { findPage, openConsole } from '../helpers/admin-console';

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
const rowOf = (table: string, text: string) => [...within(screen.getByRole('table', { name: table })).getByText(text).closest('tr')!.querySelectorAll('td')].map((td) => td.textContent);

describe('catalog', () => {
  it('shows plans with their limits, features and prices, and the next steps', async () => {
    await seedDrafts(server);
    await open('viewer');
    await screen.findByRole('table', { name: 'Plans' });
    expect(rowOf('Plans', 'pro')[1]).toBe('Pro');
    expect(rowOf('Plans', 'pro')[2]).toMatch(/API calls/);
    expect(rowOf('Plans', 'pro')[4]).toMatch(/\/ month$/);
    expect(rowOf('Metrics', 'api_calls')).toEqual(['api_calls', 'API calls']);
    expect(within(screen.getByRole('table', { name: /Next steps/ })).getAllByRole('row').length).toBeGreaterThan(1);
    expect(screen.queryByRole('button', { name: 'Edit as JSON' })).toBeNull();
  });

  it('offers an editor a start when the environment has no catalog, and saves one written as JSON', async () => {
    await open('editor');
    await screen.findByText(/has no catalog yet/);
    expect(screen.getByRole('button', { name: 'Start from the example catalog' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Write one as JSON' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save draft catalog' }));
    await screen.findByRole('table', { name: 'Plans' });
    expect(rowOf('Plans', 'starter')[1]).toBe('Starter');
    expect(await server.store.getDraftCatalog(server.environment.id)).toMatchObject({ plans: [{ id: 'starter' }] });
  });

  it('tells a viewer of an empty catalog to ask an editor', async () => {
    await open('viewer');
    await screen.findByText('Ask an editor to set it up.');
    expect(screen.queryByRole('button', { name: 'Start from the example catalog' })).toBeNull();
  });

  it('lists the server issues by path and keeps the editor open', async () => {
    await seedDrafts(server);
    await open('editor');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit as JSON' }));
    const json = screen.getByLabelText('Catalog JSON') as HTMLTextAreaElement;
    const catalog = JSON.parse(json.value);
    catalog.plans[0].features.push('teleportation');
    fireEvent.input(json, { target: { value: JSON.stringify(catalog) } });
    fireEvent.click(screen.getByRole('button', { name: 'Save draft catalog' }));
    await waitFor(() => expect(json.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText(/^plans\.0\.features\.\d+: unknown feature "teleportation"/)).toBeTruthy();
  });

  it('warns about draft rules a saved catalog leaves stranded', async () => {
    await seedDrafts(server);
    await open('editor');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit as JSON' }));
    const json = screen.getByLabelText('Catalog JSON') as HTMLTextAreaElement;
    const catalog = JSON.parse(json.value);
    // The demo's ladder rule counts api_calls; without the metric (and its limits) it points at nothing.
    catalog.metrics = catalog.metrics.filter((m: { id: string }) => m.id !== 'api_calls');
    for (const item of [...catalog.plans, ...(catalog.addons ?? [])]) delete item.limits?.api_calls;
    fireEvent.input(json, { target: { value: JSON.stringify(catalog) } });
    fireEvent.click(screen.getByRole('button', { name: 'Save draft catalog' }));
    expect((await screen.findByText(/Some draft rules now point at something/)).closest('[role=status]')!.textContent).toMatch(/api-usage-ladder/);
  });
});
