import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Environments from '../../admin/src/areas/environments/index';
import { envList } from '../../admin/src/model/environments';
import { areaServer, copied, type AreaServer } from '../helpers/admin-area';

let t: AreaServer;
beforeEach(async () => {
  t = await areaServer({ publish: false });
});
afterEach(() => t.cleanup());

const page = () => render(<Environments env={null} envs={envList.value} />);
const type = (field: HTMLElement, value: string) => fireEvent.input(field, { target: { value } });

describe('the environments page', () => {
  it('lists each environment with its creation time and publishable key prefix', async () => {
    await t.signInAs('viewer');
    page();
    const row = (await screen.findByRole('rowheader', { name: 'Test' })).closest('tr')!;
    expect(within(row).getByText(`${t.key.slice(0, 11)}…`)).toBeTruthy();
    expect(within(row).getByRole('link', { name: 'Test' }).getAttribute('href')).toBe(`/admin/env/${t.environment.id}/settings`);
    // A viewer reads; only owners see the controls that change environments.
    expect(screen.queryByRole('button', { name: 'New environment' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete Test' })).toBeNull();
  });

  it('creates an environment, checks origins as typed and shows the secret key once', async () => {
    await t.signInAs('owner');
    page();
    fireEvent.click(await screen.findByRole('button', { name: 'New environment' }));
    type(screen.getByLabelText('Name'), 'Staging');
    fireEvent.click(screen.getByRole('button', { name: 'Add origin' }));
    type(screen.getByLabelText('Origin 1'), 'https://staging.acme.test/app');
    expect(screen.getByText(/must have no path/)).toBeTruthy();
    type(screen.getByLabelText('Origin 1'), 'https://staging.acme.test');
    expect(screen.queryByText(/must have no path/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Create environment' }));

    const keys = await screen.findByRole('region', { name: /Staging is ready/ });
    expect(within(keys).getByText(/you won't see it again/)).toBeTruthy();
    const secretKey = within(keys).getByLabelText('Secret key').textContent!;
    fireEvent.click(within(keys).getByRole('button', { name: 'Copy secret key' }));
    await waitFor(async () => expect(await copied()).toBe(secretKey));
    // The key shown is the real one: the secret-key API takes it.
    const res = await t.app.request('/v1/settings', { headers: { Authorization: `Bearer ${secretKey}` } });
    expect(res.status).toBe(200);
    const staging = (await t.store.listEnvironments()).find((e) => e.name === 'Staging')!;
    expect(staging.allowedOrigins).toEqual(['https://staging.acme.test']);

    fireEvent.click(within(keys).getByRole('button', { name: 'I have stored the secret key' }));
    expect(screen.queryByLabelText('Secret key')).toBeNull();
    expect(await screen.findByRole('rowheader', { name: 'Staging' })).toBeTruthy();
  });

  it("shows the server's answer at the field it concerns", async () => {
    await t.signInAs('owner');
    page();
    fireEvent.click(await screen.findByRole('button', { name: 'New environment' }));
    type(screen.getByLabelText('Name'), 'test');
    fireEvent.click(screen.getByRole('button', { name: 'Create environment' }));
    const name = screen.getByLabelText('Name');
    await waitFor(() => expect(name.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText(/an environment named "test" exists already/)).toBeTruthy();
  });

  it('renames an environment', async () => {
    await t.signInAs('owner');
    page();
    fireEvent.click(await screen.findByRole('button', { name: 'Rename Test' }));
    const dialog = screen.getByRole('dialog', { name: 'Rename Test' });
    type(within(dialog).getByLabelText('New name'), 'Production');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Rename' }));
    expect(await screen.findByRole('rowheader', { name: 'Production' })).toBeTruthy();
    expect((await t.store.findEnvironment(t.environment.id))?.name).toBe('Production');
  });

  it('deletes an environment only once its name is typed', async () => {
    await t.signInAs('owner');
    page();
    fireEvent.click(await screen.findByRole('button', { name: 'Delete Test' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete Test?' });
    type(within(dialog).getByLabelText('Type Test to confirm'), 'test');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete environment' }));
    expect(within(dialog).getByText(/Type Test exactly/)).toBeTruthy();
    expect(await t.store.findEnvironment(t.environment.id)).not.toBeNull();

    type(within(dialog).getByLabelText('Type Test to confirm'), 'Test');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete environment' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByText(/No environments yet/)).toBeTruthy();
    expect(await t.store.findEnvironment(t.environment.id)).toBeNull();
  });
});
