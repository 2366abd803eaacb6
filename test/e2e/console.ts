import type { Locator, Page } from 'playwright-core';
import { setupTokenOf, type RunningServer } from './harness';

// What the console's browser tests share: people to sign in as, the first owner made the way the
// setup link makes it, an API session as a script holds one, and the console's navigation.

export interface Person {
  email: string;
  password: string;
  name?: string;
}

/** Makes the first owner with the setup token from the start-up log, as the setup screen does, without a browser. */
export async function setUpOwner(server: RunningServer, owner: Person): Promise<void> {
  const res = await fetch(`${server.url}/v1/admin/setup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token: setupTokenOf(server), ...owner }),
  });
  if (res.status !== 201) throw new Error(`setup: expected 201, got ${res.status}: ${await res.text()}`);
}

export interface ApiSession {
  cookie: string;
  csrfToken: string;
  /** A call to the admin API with this session's cookie and (on changes) its CSRF token. */
  call(method: string, path: string, body?: unknown): Promise<Response>;
}

/** Signs in over HTTP as the README's curl does: the session cookie and the CSRF token. */
export async function apiSession(server: RunningServer, person: Person): Promise<ApiSession> {
  const res = await fetch(`${server.url}/v1/admin/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: person.email, password: person.password }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${person.email}: expected 200, got ${res.status}: ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    cookie,
    csrfToken,
    call: (method, path, body) =>
      fetch(`${server.url}${path}`, {
        method,
        headers: { cookie, ...(method === 'GET' ? {} : { 'X-CSRF-Token': csrfToken }), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
  };
}

/** The console's navigation landmark. */
export const consoleNav = (page: Page): Locator => page.getByRole('navigation', { name: 'Console' });

/** Goes to a console page by its link in the navigation, and waits for the page's h1. */
export async function openFromNav(page: Page, link: string, heading: string | RegExp = link): Promise<void> {
  await consoleNav(page).getByRole('link', { name: link, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** Signs in through the sign-in screen at `/admin/sign-in`; resolves once the console's navigation shows. */
export async function signInThroughScreen(page: Page, server: RunningServer, person: Person): Promise<void> {
  await page.goto(`${server.url}/admin/sign-in`);
  await page.getByRole('heading', { level: 1, name: 'Sign in to Upshift' }).waitFor();
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await consoleNav(page).waitFor();
}
