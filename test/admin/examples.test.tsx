import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleCatalog, exampleRules } from '../../shared/examples';
import { adminServer, type AdminServer } from '../helpers/admin-fetch';
import { findPage, openConsole } from '../helpers/admin-console';

let server: AdminServer;
beforeEach(async () => {
  server = await adminServer();
  await server.addPerson('editor@acme.test', 'editor');
  await server.signIn('editor@acme.test');
});
afterEach(() => server.cleanup());

describe('a blank environment starts from the examples', () => {
  it('saves the example catalog, then the example rules, as drafts the server accepts without warnings', async () => {
    const env = server.environment.id;
    await openConsole(`/admin/env/${env}/catalog`);
    await findPage('Catalog');
    fireEvent.click(await screen.findByRole('button', { name: 'Start from the example catalog' }));
    // The map editor opens on it.
    await screen.findByRole('group', { name: 'Plan 1: Starter' });
    expect(await server.store.getDraftCatalog(env)).toEqual(exampleCatalog);

    await openConsole(`/admin/env/${env}/rules`);
    await findPage('Rules');
    fireEvent.click(await screen.findByRole('button', { name: 'Add the example rules' }));
    // The list shows the live demo ladder (deleted from these drafts) at once; the examples join it.
    const table = await screen.findByRole('table', { name: 'Draft rules' });
    await waitFor(() => {
      for (const rule of exampleRules) expect(within(table).getByText(rule.id)).toBeTruthy();
    });
    await waitFor(async () => expect(await server.store.listDraftRules(env)).toEqual([...exampleRules].sort((a, b) => a.id.localeCompare(b.id))));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
