import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminServer, PASSWORD, SETUP_TOKEN, type AdminServer } from '../helpers/admin-fetch';
import { expectUrl, findPage, openConsole } from '../helpers/admin-console';

let server: AdminServer;
beforeEach(async () => {
  server = await adminServer();
});
afterEach(() => server.cleanup());

describe('first run', () => {
  it('takes the setup token from the link, makes the first owner and opens the console', async () => {
    await openConsole(`/admin/setup#token=${SETUP_TOKEN}`);
    await findPage('Set up Upshift');
    // The token is prefilled and gone from the address bar.
    expect(screen.getByLabelText('Setup token')).toHaveProperty('value', SETUP_TOKEN);
    expect(location.hash).toBe('');
    fireEvent.input(screen.getByLabelText('Your email'), { target: { value: 'Ada@Acme.test' } });
    fireEvent.input(screen.getByLabelText('Your name (optional)'), { target: { value: 'Ada' } });
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: PASSWORD } });
    fireEvent.click(screen.getByRole('button', { name: 'Create owner and sign in' }));
    await findPage('Rules');
    await expectUrl(`/admin/env/${server.environment.id}/rules`);
    expect(screen.getByRole('button', { name: /Account menu for Ada/ })).toBeTruthy();
  });

  it('sends every page to setup while nobody has access, and shows a wrong token at its field', async () => {
    await openConsole('/admin/people');
    await findPage('Set up Upshift');
    await expectUrl('/admin/setup');
    fireEvent.input(screen.getByLabelText('Setup token'), { target: { value: 'not-the-token' } });
    fireEvent.input(screen.getByLabelText('Your email'), { target: { value: 'ada@acme.test' } });
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: PASSWORD } });
    fireEvent.click(screen.getByRole('button', { name: 'Create owner and sign in' }));
    const token = screen.getByLabelText('Setup token');
    await waitFor(() => expect(token.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(token.getAttribute('aria-describedby')!.split(' ').pop()!)?.textContent).toMatch(/start-up log/);
  });

  it('lists a too-short password at the password field, in the server words', async () => {
    await openConsole(`/admin/setup#token=${SETUP_TOKEN}`);
    await findPage('Set up Upshift');
    fireEvent.input(screen.getByLabelText('Your email'), { target: { value: 'ada@acme.test' } });
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'short' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create owner and sign in' }));
    const password = screen.getByLabelText('Password');
    await waitFor(() => expect(password.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText(/at least 12 characters/)).toBeTruthy();
  });
});
