import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/seed';
import { adminServer, seedDrafts, type AdminServer } from '../helpers/admin-fetch';
import { findPage, openConsole } from '../helpers/admin-console';

// The publish dialog (the diff of drafts against live, the note), the versions list (who, when,
// why) with rollback, and export and import of the drafts, over the real server.

let server: AdminServer;
beforeEach(async () => {
  server = await adminServer();
  await seedDrafts(server);
});
afterEach(() => server.cleanup());

const as = async (role: 'viewer' | 'editor' | 'publisher') => {
  await server.addPerson(`${role}@acme.test`, role);
  await server.signIn(`${role}@acme.test`);
  await openConsole(`/admin/env/${server.environment.id}/rules`);
  await findPage('Rules');
};
const ladder = demoContent.rules.find((r) => r.id === 'api-usage-ladder')!;
/** Moves the ladder's second tier from 85 % to 90 % in the drafts, as rules-as-code would. */
async function moveTier() {
  const tiers = (ladder.trigger as { tiers: { at: object }[] }).tiers.map((t, i) => (i === 1 ? { ...t, at: { percent: 90 } } : t));
  const res = await server.app.request(`http://localhost/v1/rules/${ladder.id}`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${server.secretKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...ladder, trigger: { ...ladder.trigger, tiers } }),
  });
  expect(res.status).toBe(200);
}
const versionRows = () => within(screen.getByRole('table', { name: 'Newest first; the first row is live.' })).getAllByRole('row').slice(1);

describe('review and publish', () => {
  it('shows the changes field by field, wants a note at its field, then publishes with it', async () => {
    await moveTier();
    await as('publisher');
    fireEvent.click(screen.getByRole('button', { name: 'Review and publish' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Publish the drafts of Test?' }));
    const line = await dialog.findByText('trigger.tiers.1.at.percent');
    expect(line.closest('li')!.textContent!.replace(/\s+/g, ' ')).toBe('trigger.tiers.1.at.percent: 85 → becomes 90');
    expect(dialog.getByRole('heading', { name: `Rule ${ladder.name} (${ladder.id}): 1 change` })).toBeTruthy();

    fireEvent.click(dialog.getByRole('button', { name: 'Publish' }));
    const note = dialog.getByLabelText('Note');
    await waitFor(() => expect(note.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = (note.getAttribute('aria-describedby') ?? '').split(' ');
    expect(describedBy.map((id) => document.getElementById(id)?.textContent).join(' ')).toContain('Say in a few words what this publish changes');
    expect(await server.store.listConfigVersions(server.environment.id)).toHaveLength(1);

    fireEvent.input(note, { target: { value: 'Tier two at 90 %' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Publish' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(versionRows()).toHaveLength(2));
    const cells = [...versionRows()[0]!.querySelectorAll('td')].map((td) => td.textContent);
    expect(cells.slice(0, 1)).toEqual(['2 live']);
    expect(cells.slice(2, 4)).toEqual(['publisher@acme.test', 'Tier two at 90 %']);
  });

  it('says when there is nothing to publish, and offers no identical version', async () => {
    await as('publisher');
    fireEvent.click(screen.getByRole('button', { name: 'Review and publish' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Publish the drafts of Test?' }));
    expect(await dialog.findByText('Nothing to publish: the drafts are what is live.')).toBeTruthy();
    fireEvent.input(dialog.getByLabelText('Note'), { target: { value: 'Just in case' } });
    const publish = dialog.getByRole('button', { name: 'Publish' }) as HTMLButtonElement;
    expect(publish.disabled).toBe(true);
    fireEvent.click(publish);
    expect(await server.store.listConfigVersions(server.environment.id)).toHaveLength(1);
  });

  it('rolls back after a confirmation that shows what changes, with the note the server records', async () => {
    await moveTier();
    const res = await server.app.request('http://localhost/v1/publish', { method: 'POST', headers: { Authorization: `Bearer ${server.secretKey}` } });
    expect(res.status).toBe(201);
    await as('publisher');
    await waitFor(() => expect(versionRows()).toHaveLength(2));
    expect(versionRows()[0]!.querySelectorAll('td')[2]!.textContent).toMatch(/^secret key "Default"/);
    fireEvent.click(screen.getByRole('button', { name: 'Roll back to 1' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Roll back to version 1?' }));
    expect((await dialog.findByText('trigger.tiers.1.at.percent')).closest('li')!.textContent!.replace(/\s+/g, ' ')).toBe('trigger.tiers.1.at.percent: 90 → becomes 85');
    fireEvent.input(dialog.getByLabelText('Note (optional)'), { target: { value: 'tier two converted worse' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Roll back' }));
    await waitFor(() => expect(versionRows()).toHaveLength(3));
    const cells = [...versionRows()[0]!.querySelectorAll('td')].map((td) => td.textContent);
    expect([cells[0], cells[3]]).toEqual(['3 live', 'Rollback to version 1 — tier two converted worse']);
  });

  it('gives an editor no publish or rollback control, but export and import', async () => {
    await server.app.request('http://localhost/v1/versions/1/rollback', { method: 'POST', headers: { Authorization: `Bearer ${server.secretKey}` } });
    await as('editor');
    await waitFor(() => expect(versionRows()).toHaveLength(2));
    expect(screen.queryByRole('button', { name: 'Review and publish' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Roll back/ })).toBeNull();
    expect(screen.getByRole('link', { name: 'Export drafts' }).getAttribute('href')).toBe(`/v1/admin/environments/${server.environment.id}/export`);
    expect(screen.getByLabelText('Import drafts from a file')).toBeTruthy();
  });

  it('gives a viewer the export but no import', async () => {
    await as('viewer');
    expect(screen.getByRole('link', { name: 'Export drafts' })).toBeTruthy();
    expect(screen.queryByLabelText('Import drafts from a file')).toBeNull();
  });
});

describe('import', () => {
  const exportFile = (rules: unknown[]) => ({ format: 'upshift-export', formatVersion: 1, exportedAt: '2026-12-01T10:00:00Z', environment: { name: 'Staging' }, catalog: demoContent.catalog, rules, settings: { budget: { day: 2 } } });
  const choose = (content: string, name = 'staging.json') => fireEvent.change(screen.getByLabelText('Import drafts from a file'), { target: { files: [new File([content], name, { type: 'application/json' })] } });

  it('shows the diff first, then replaces the drafts', async () => {
    await as('editor');
    choose(JSON.stringify(exportFile([{ ...ladder, id: 'from-staging', name: 'From staging' }])));
    const diff = within(await screen.findByRole('status', { name: 'What importing staging.json changes' }));
    expect(diff.getByText(`From staging (from-staging)`)).toBeTruthy();
    expect(diff.getByRole('heading', { name: 'Rules removed: 1' })).toBeTruthy();
    expect(diff.getByText(`${ladder.name} (${ladder.id})`)).toBeTruthy();
    expect((await server.store.listDraftRules(server.environment.id)).map((r) => (r as { id: string }).id)).toEqual([ladder.id]);

    fireEvent.click(diff.getByRole('button', { name: 'Replace the drafts' }));
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Replace the drafts of Test?' })).getByRole('button', { name: 'Replace the drafts' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByRole('button', { name: 'Edit rule from-staging' })).toBeTruthy();
    expect((await server.store.listDraftRules(server.environment.id)).map((r) => (r as { id: string }).id)).toEqual(['from-staging']);
  });

  it('lists every problem of an invalid file at its path, and of a file that is not JSON', async () => {
    await as('editor');
    choose(JSON.stringify(exportFile([{ ...ladder, priority: 5000 }])));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText(/^rules\.0\.priority: /)).toBeTruthy();
    choose('{ not json', 'broken.json');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/^broken\.json is not a JSON file/));
  });
});
