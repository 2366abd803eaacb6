import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminServer, PASSWORD, type AdminServer } from '../helpers/admin-fetch';
import { currentUrl, expectUrl, findPage, openConsole } from '../helpers/admin-console';

let server: AdminServer;
let envId: string;
beforeEach(async () => {
  server = await adminServer();
  envId = server.environment.id;
  await server.addPerson('olga@acme.test', 'owner', 'Olga');
  await server.signIn('olga@acme.test');
});
afterEach(() => server.cleanup());

describe('the console frame', () => {
  it('has landmarks, a skip link to main, and names the page in the title', async () => {
    await openConsole('/admin');
    await findPage('Rules');
    expect(screen.getByRole('banner')).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Console' })).toBeTruthy();
    const main = screen.getByRole('main');
    const skip = screen.getByRole('link', { name: 'Skip to main content' });
    expect(skip.getAttribute('href')).toBe(`#${main.id}`);
    expect(document.title).toBe('Rules · Upshift');
  });

  it('navigates in place, marks the current page, and moves focus to the new heading', async () => {
    await openConsole(`/admin/env/${envId}/rules`);
    await findPage('Rules');
    const nav = screen.getByRole('navigation', { name: 'Console' });
    fireEvent.click(within(nav).getByRole('link', { name: 'Catalog' }));
    const heading = await findPage('Catalog');
    expect(currentUrl()).toBe(`/admin/env/${envId}/catalog`);
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(within(nav).getByRole('link', { name: 'Catalog' }).getAttribute('aria-current')).toBe('page');
    expect(document.title).toBe('Catalog · Upshift');

    fireEvent.click(within(nav).getByRole('link', { name: 'Audit log' }));
    await findPage('Audit log');
    history.back();
    await findPage('Catalog');
  });

  it('switches environments from the header, keeping the page and remembering the choice', async () => {
    const staging = await server.store.createEnvironment({ name: 'Staging', allowedOrigins: [] });
    await openConsole(`/admin/env/${envId}/catalog`);
    await findPage('Catalog');
    const switcher = await screen.findByRole('combobox', { name: 'Environment' });
    expect(within(switcher).getAllByRole('option').map((o) => o.textContent)).toEqual(['Test', 'Staging']);
    fireEvent.change(switcher, { target: { value: staging.environment.id } });
    await expectUrl(`/admin/env/${staging.environment.id}/catalog`);
    await screen.findByText(/This environment has no catalog yet/);
    expect(localStorage.getItem('upshift.admin.environment')).toBe(staging.environment.id);
    // Back at the start page, the remembered environment opens.
    fireEvent.click(screen.getByRole('link', { name: 'Upshift' }));
    await expectUrl(`/admin/env/${staging.environment.id}/rules`);
  });

  it('keeps the Environments page (and the new secret key on it) when the first environment is made there', async () => {
    await server.store.deleteEnvironment(envId, Date.now());
    await openConsole('/admin/environments');
    await findPage('Environments');
    fireEvent.click(await screen.findByRole('button', { name: 'New environment' }));
    fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Production' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create environment' }));
    // The frame now has an environment to default to; a page of the whole installation stays mounted.
    await within(screen.getByRole('navigation', { name: 'Console' })).findByRole('link', { name: 'Rules' });
    const keys = screen.getByRole('region', { name: 'Production is ready: its keys' });
    expect(within(keys).getByLabelText('Secret key').textContent).toMatch(/^sk_/);
  });

  it('says so when the URL names an environment that does not exist, and when no page is there', async () => {
    await openConsole('/admin/env/env_gone/rules');
    await findPage('Environment not found');
    await openConsole('/admin/nowhere');
    await findPage('Page not found');
  });

  it('shows who is signed in, with their role, account page and sign-out', async () => {
    await openConsole('/admin/people');
    await findPage('People');
    const menuButton = screen.getByRole('button', { name: 'Account menu for Olga' });
    expect(menuButton.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(menuButton);
    expect(menuButton.getAttribute('aria-expanded')).toBe('true');
    const panel = within(document.getElementById(menuButton.getAttribute('aria-controls')!)!);
    expect(panel.getByText('olga@acme.test')).toBeTruthy();
    expect(panel.getByText('owner')).toBeTruthy();
    expect(panel.getByRole('link', { name: 'Account' }).getAttribute('href')).toBe('/admin/account');
    fireEvent.keyDown(panel.getByRole('link', { name: 'Account' }), { key: 'Escape' });
    expect(menuButton.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(menuButton);

    fireEvent.click(menuButton);
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await findPage('Sign in to Upshift');
    await expectUrl('/admin/sign-in');
    // The server ended the session: a fresh load is signed out too.
    expect((await server.call('GET', '/v1/admin/me')).status).toBe(401);
  });

  it('signs out of every device after asking, and says so on the sign-in page', async () => {
    await openConsole('/admin/people');
    await findPage('People');
    fireEvent.click(screen.getByRole('button', { name: 'Account menu for Olga' }));
    fireEvent.click(screen.getByRole('button', { name: 'Sign out of every device' }));
    const dialog = screen.getByRole('dialog', { name: 'Sign out of every device?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Sign out everywhere' }));
    await findPage('Sign in to Upshift');
    expect(screen.getByText('You signed out of every device.')).toBeTruthy();
  });

  it('goes to sign-in when the session ends elsewhere, and back to the page after signing in', async () => {
    await openConsole('/admin/people');
    await findPage('People');
    await server.call('DELETE', '/v1/admin/sessions', undefined, { 'X-CSRF-Token': (await (await server.call('GET', '/v1/admin/me')).json()).csrfToken });
    await server.signIn('olga@acme.test');
    server.jar.clear();
    // The next call the page makes finds the session gone.
    await openConsole('/admin/audit');
    await findPage('Sign in to Upshift');
    expect(currentUrl()).toBe('/admin/sign-in?next=%2Fadmin%2Faudit');
    fireEvent.input(screen.getByLabelText('Email'), { target: { value: 'olga@acme.test' } });
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: PASSWORD } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await findPage('Audit log');
    expect(currentUrl()).toBe('/admin/audit');
  });
});
