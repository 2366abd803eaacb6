import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminServer, PASSWORD, type AdminServer } from '../helpers/admin-fetch';
import { findPage, openConsole } from '../helpers/admin-console';

let server: AdminServer;
afterEach(() => server.cleanup());

const signIn = (email: string, password: string) => {
  fireEvent.input(screen.getByLabelText('Email'), { target: { value: email } });
  fireEvent.input(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
};

describe('sign-in', () => {
  beforeEach(async () => {
    server = await adminServer({ loginLimits: { perEmail: 2, perAddress: 50, windowMs: 15 * 60_000 } });
    await server.addPerson('olga@acme.test', 'owner', 'Olga');
  });

  it('shows the server message for a wrong password, then signs in', async () => {
    await openConsole('/admin');
    await findPage('Sign in to Upshift');
    signIn('olga@acme.test', 'not my password');
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong email or password');
    signIn('olga@acme.test', PASSWORD);
    await findPage('Rules');
  });

  it('says when to try again after too many failures', async () => {
    await openConsole('/admin/sign-in');
    await findPage('Sign in to Upshift');
    for (let i = 0; i < 2; i++) {
      signIn('olga@acme.test', 'wrong password');
      await screen.findByText('Wrong email or password');
      await waitFor(() => expect(screen.getByRole('button', { name: 'Sign in' }).hasAttribute('disabled')).toBe(false));
    }
    signIn('olga@acme.test', PASSWORD);
    const alert = await screen.findByText(/Too many failed sign-ins/);
    expect(alert.textContent).toMatch(/You can try again in \d+ (seconds|minutes) \(at /);
  });
});
