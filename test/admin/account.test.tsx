import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminServer, PASSWORD, type AdminServer } from '../helpers/admin-fetch';
import { currentUrl, findPage, openConsole } from '../helpers/admin-console';

let server: AdminServer;
beforeEach(async () => {
  server = await adminServer();
  await server.addPerson('olga@acme.test', 'owner', 'Olga');
  await server.signIn('olga@acme.test');
});
afterEach(() => server.cleanup());

const NEW_PASSWORD = 'a much longer passphrase';
const fill = (current: string, next: string, again = next) => {
  fireEvent.input(screen.getByLabelText('Current password'), { target: { value: current } });
  fireEvent.input(screen.getByLabelText('New password'), { target: { value: next } });
  fireEvent.input(screen.getByLabelText('Repeat new password'), { target: { value: again } });
  fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
};

describe('account', () => {
  it('shows a wrong current password at its field, then changes the password', async () => {
    await openConsole('/admin/account');
    await findPage('Account');
    fill('not my password', NEW_PASSWORD);
    const current = screen.getByLabelText('Current password');
    await waitFor(() => expect(current.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('is not your current password')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(current));

    fill(PASSWORD, NEW_PASSWORD);
    await waitFor(() => expect((screen.getByLabelText('Current password') as HTMLInputElement).value).toBe(''));
    expect(current.getAttribute('aria-invalid')).toBeNull();
    const res = await server.call('POST', '/v1/admin/session', { email: 'olga@acme.test', password: NEW_PASSWORD });
    expect(res.status).toBe(200);
  });

  it('checks the repeated password before asking the server', async () => {
    await openConsole('/admin/account');
    await findPage('Account');
    fill(PASSWORD, NEW_PASSWORD, 'something else entirely');
    await screen.findByText('must repeat the new password exactly');
    expect(server.requests.filter((r) => r.includes('/me/password'))).toEqual([]);
  });

  it('asks before leaving with a half-typed password change', async () => {
    await openConsole('/admin/account');
    await findPage('Account');
    fireEvent.input(screen.getByLabelText('New password'), { target: { value: 'half typed' } });
    fireEvent.click(within(screen.getByRole('navigation', { name: 'Console' })).getByRole('link', { name: 'People' }));
    const dialog = screen.getByRole('dialog', { name: 'Leave without saving?' });
    // Focus starts on the safe choice, and Escape keeps the person where they were.
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Stay' }));
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(currentUrl()).toBe('/admin/account');
  });

  it('keeps Tab inside a dialog', async () => {
    await openConsole('/admin/account');
    await findPage('Account');
    const opener = screen.getByRole('button', { name: 'Sign out of every device' });
    opener.focus();
    fireEvent.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'Sign out of every device?' });
    const [stay, go] = within(dialog).getAllByRole('button');
    go!.focus();
    fireEvent.keyDown(go!, { key: 'Tab' });
    expect(document.activeElement).toBe(stay);
    fireEvent.keyDown(stay!, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(go);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(document.activeElement).toBe(opener));
  });
});
