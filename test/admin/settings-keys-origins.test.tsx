import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { areaServer, SettingsPage, type AreaServer } from '../helpers/admin-area';
import { APP_ORIGIN } from '../helpers/test-app';

let t: AreaServer;
beforeEach(async () => {
  t = await areaServer({ publish: false });
  location.hash = '';
});
afterEach(() => t.cleanup());

const open = (section: string) => {
  render(<SettingsPage envId={t.environment.id} />);
  fireEvent.click(screen.getByRole('tab', { name: section }));
};
const type = (field: HTMLElement, value: string) => fireEvent.input(field, { target: { value } });
const bearer = (key: string) => t.app.request('/v1/settings', { headers: { Authorization: `Bearer ${key}` } });

describe('settings: secret keys', () => {
  it('makes a named key, shows it once, and revokes it', async () => {
    await t.signInAs('owner');
    open('Secret keys');
    // The environment's first key, made with it, is listed by its prefix only.
    expect(await screen.findByRole('rowheader', { name: 'Default' })).toBeTruthy();
    type(screen.getByLabelText('Key name'), 'CI');
    fireEvent.click(screen.getByRole('button', { name: 'Create secret key' }));
    const once = await screen.findByRole('region', { name: 'Secret key “CI”' });
    expect(within(once).getByText(/you won't see it again/)).toBeTruthy();
    const key = within(once).getByLabelText('Secret key “CI”').textContent!;
    const row = (await screen.findByRole('rowheader', { name: 'CI' })).closest('tr')!;
    expect(within(row).getByText('Never')).toBeTruthy();
    // The server's prefix carries its own ellipsis: shown once, not twice.
    expect(within(row).getByText(`${key.slice(0, 7)}…`, { selector: 'code' })).toBeTruthy();
    expect((await bearer(key)).status).toBe(200);
    fireEvent.click(within(once).getByRole('button', { name: 'I have stored it' }));
    expect(screen.queryByRole('region', { name: 'Secret key “CI”' })).toBeNull();

    fireEvent.click(within(row).getByRole('button', { name: 'Revoke CI' }));
    const dialog = screen.getByRole('dialog', { name: 'Revoke the secret key “CI”?' });
    expect(within(dialog).getByText(/refused from now on/)).toBeTruthy();
    expect(within(dialog).getByText(`${key.slice(0, 7)}…`, { selector: 'code' })).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Revoke key' }));
    await waitFor(() => expect(screen.queryByRole('rowheader', { name: 'CI' })).toBeNull());
    expect((await bearer(key)).status).toBe(401);
  });

  it("shows the server's 403 when the role changed since the page was drawn", async () => {
    const me = await t.signInAs('owner');
    // A second owner, so the first may be demoted (the last owner cannot be).
    await t.addPerson('other@acme.test', 'owner');
    open('Secret keys');
    await screen.findByRole('rowheader', { name: 'Default' });
    await t.store.setUserRole(me.user.id, 'viewer');
    type(screen.getByLabelText('Key name'), 'CI');
    fireEvent.click(screen.getByRole('button', { name: 'Create secret key' }));
    expect(await screen.findByText(/Your role \(viewer\) cannot do this/)).toBeTruthy();
  });

  it('hides making and revoking keys from roles that cannot', async () => {
    await t.signInAs('publisher');
    open('Secret keys');
    await screen.findByRole('rowheader', { name: 'Default' });
    expect(screen.queryByLabelText('Key name')).toBeNull();
    expect(screen.queryByRole('button', { name: /Revoke/ })).toBeNull();
  });
});

describe('settings: allowed origins', () => {
  it('checks each origin as typed and saves the list', async () => {
    await t.signInAs('owner');
    open('Allowed origins');
    expect((screen.getByLabelText('Origin 1') as HTMLInputElement).value).toBe(APP_ORIGIN);
    fireEvent.click(screen.getByRole('button', { name: 'Add origin' }));
    const second = screen.getByLabelText('Origin 2');
    type(second, 'shop.acme.test');
    expect(screen.getByText(/must start with https:\/\//)).toBeTruthy();
    type(second, 'https://*.shop.acme.test');
    expect(second.getAttribute('aria-invalid')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Save origins' }));
    await waitFor(async () => expect((await t.store.findEnvironment(t.environment.id))?.allowedOrigins).toEqual([APP_ORIGIN, 'https://*.shop.acme.test']));
    await waitFor(() => expect((screen.getByRole('button', { name: 'Save origins' }) as HTMLButtonElement).disabled).toBe(true));

    fireEvent.click(screen.getByRole('button', { name: `Remove origin 1 (${APP_ORIGIN})` }));
    expect(screen.queryByDisplayValue(APP_ORIGIN)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Discard changes' }));
    expect(screen.getByDisplayValue(APP_ORIGIN)).toBeTruthy();
  });

  it('will not save an empty row, and names it', async () => {
    await t.signInAs('owner');
    open('Allowed origins');
    fireEvent.click(screen.getByRole('button', { name: 'Add origin' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save origins' }));
    expect(await screen.findByText(/Enter an origin, or remove this row/)).toBeTruthy();
    expect((await t.store.findEnvironment(t.environment.id))?.allowedOrigins).toEqual([APP_ORIGIN]);
  });

  it("shows the server's answer for the list as a whole", async () => {
    // Already at the limit of 50; the plain check judges rows one by one, the server the list.
    await t.store.updateEnvironment(t.environment.id, { allowedOrigins: Array.from({ length: 50 }, (_, i) => `https://app${i}.acme.test`) });
    await t.signInAs('owner');
    open('Allowed origins');
    fireEvent.click(screen.getByRole('button', { name: 'Add origin' }));
    type(screen.getByLabelText('Origin 51'), 'https://one-more.acme.test');
    fireEvent.click(screen.getByRole('button', { name: 'Save origins' }));
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(/50/);
  });

  it('tests an origin against the saved list and says why', async () => {
    await t.signInAs('viewer');
    open('Allowed origins');
    // A viewer sees the list but no editor.
    expect(screen.queryByLabelText('Origin 1')).toBeNull();
    type(screen.getByLabelText('Origin to test'), APP_ORIGIN);
    fireEvent.click(screen.getByRole('button', { name: 'Check origin' }));
    expect(await screen.findByText('Allowed')).toBeTruthy();
    type(screen.getByLabelText('Origin to test'), 'https://evil.test');
    fireEvent.click(await screen.findByRole('button', { name: 'Check origin' }));
    expect(await screen.findByText('Not allowed')).toBeTruthy();
    expect(screen.getByText(/No allowed origin matches https:\/\/evil.test/)).toBeTruthy();
  });
});
