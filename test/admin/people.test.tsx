import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminServer, PASSWORD, type AdminServer } from '../helpers/admin-fetch';
import { expectUrl, findPage, openConsole } from '../helpers/admin-console';

let server: AdminServer;
beforeEach(async () => {
  server = await adminServer();
  await server.addPerson('olga@acme.test', 'owner', 'Olga');
});
afterEach(() => server.cleanup());

const table = (name: RegExp | string) => within(screen.getByRole('table', { name }));

describe('people', () => {
  it('lets an owner invite someone, shows the one-time link, and copies it', async () => {
    await server.signIn('olga@acme.test');
    await openConsole('/admin/people');
    await findPage('People');
    fireEvent.input(screen.getByLabelText('Email'), { target: { value: 'pia@acme.test' } });
    fireEvent.change(screen.getByLabelText('Role'), { target: { value: 'publisher' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send invitation' }));
    const link = await screen.findByText(/\/admin\/invite#token=/);
    fireEvent.click(screen.getByRole('button', { name: 'Copy invitation link' }));
    await screen.findByRole('button', { name: 'Copied' });
    expect(await navigator.clipboard.readText()).toBe(link.textContent);
    // Screen readers hear it from the console's polite live region.
    await waitFor(() => expect(screen.getAllByRole('status').some((s) => s.getAttribute('aria-live') === 'polite' && s.textContent === 'Copied')).toBe(true));
    // The pending invitation is listed.
    await waitFor(() => expect(table('Pending invitations').getByText('pia@acme.test')).toBeTruthy());
  });

  it('shows the server field error for an email that already has access', async () => {
    await server.signIn('olga@acme.test');
    await openConsole('/admin/people');
    await findPage('People');
    fireEvent.input(screen.getByLabelText('Email'), { target: { value: 'olga@acme.test' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send invitation' }));
    const email = screen.getByLabelText('Email');
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('already has access')).toBeTruthy();
  });

  it('revokes an invitation and changes a role, each after confirming', async () => {
    await server.addPerson('vic@acme.test', 'viewer', 'Vic');
    await server.signIn('olga@acme.test');
    await openConsole('/admin/people');
    await findPage('People');
    fireEvent.input(screen.getByLabelText('Email'), { target: { value: 'pia@acme.test' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send invitation' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke invitation for pia@acme.test' }));
    fireEvent.click(within(screen.getByRole('dialog', { name: /Revoke the invitation/ })).getByRole('button', { name: 'Revoke' }));
    await screen.findByText('No invitations are waiting to be accepted.');

    fireEvent.change(screen.getByRole('combobox', { name: 'Role of vic@acme.test' }), { target: { value: 'editor' } });
    const dialog = screen.getByRole('dialog', { name: 'Make Vic editor?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Make editor' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect((screen.getByRole('combobox', { name: 'Role of vic@acme.test' }) as HTMLSelectElement).value).toBe('editor');
    expect((await server.store.findUserByEmail('vic@acme.test'))?.role).toBe('editor');
  });

  it('explains why the last owner cannot be demoted', async () => {
    await server.signIn('olga@acme.test');
    await openConsole('/admin/people');
    await findPage('People');
    fireEvent.change(await screen.findByRole('combobox', { name: 'Role of olga@acme.test' }), { target: { value: 'viewer' } });
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Make viewer' }));
    const alert = await within(screen.getByRole('dialog')).findByRole('alert');
    expect(alert.textContent).toMatch(/only owner/);
    expect((await server.store.findUserByEmail('olga@acme.test'))?.role).toBe('owner');
  });

  it('shows a viewer the people without the controls to change them', async () => {
    await server.addPerson('vic@acme.test', 'viewer', 'Vic');
    await server.signIn('vic@acme.test');
    await openConsole('/admin/people');
    await findPage('People');
    await screen.findByText('olga@acme.test');
    expect(screen.queryByRole('button', { name: 'Send invitation' })).toBeNull();
    expect(screen.queryByRole('combobox', { name: /Role of/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /Remove/ })).toBeNull();
  });
});

describe('accepting an invitation', () => {
  it('shows who it is for, then joins with a name and password', async () => {
    await server.signIn('olga@acme.test');
    const me = await (await server.call('GET', '/v1/admin/me')).json();
    const res = await server.call('POST', '/v1/admin/invites', { email: 'pia@acme.test', role: 'publisher' }, { 'X-CSRF-Token': me.csrfToken });
    const { url } = await res.json();
    server.jar.clear();
    await openConsole(new URL(url).pathname + new URL(url).hash);
    await findPage('Accept your invitation');
    await screen.findByText('pia@acme.test');
    expect(screen.getByText('publisher')).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Your name (optional)'), { target: { value: 'Pia' } });
    fireEvent.input(screen.getByLabelText('Choose a password'), { target: { value: PASSWORD } });
    fireEvent.click(screen.getByRole('button', { name: 'Join and sign in' }));
    await findPage('Rules');
    expect(screen.getByRole('button', { name: 'Account menu for Pia' })).toBeTruthy();
    await expectUrl(/\/admin\/env\/.+\/rules/);
  });

  it('says plainly when the link is not valid', async () => {
    await openConsole('/admin/invite#token=nonsense');
    await findPage('Accept your invitation');
    expect((await screen.findByRole('alert')).textContent).toMatch(/not valid.*Ask an owner/);
  });
});
