import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleCatalog, exampleRules } from '../../shared/examples';
import { launchChromium, removeDir, startServer, type RunningServer } from './harness';
import { apiSession, openFromNav, setUpOwner, signInThroughScreen, type Person } from './console';

// People in the console: the owner invites an editor and a viewer and passes each the one-time
// link it copied; each accepts in a browser of their own. What a role may not do is neither shown
// nor let through by the server, changes need the session's CSRF token, and sign-in guessing is
// held back, on the screen too.

const owner: Person = { email: 'owner@acme.test', name: 'Olga Owner', password: 'people owner passphrase' };
const editor: Person = { email: 'edda@acme.test', name: 'Edda Editor', password: 'edda’s long passphrase' };
const viewer: Person = { email: 'viktor@acme.test', name: 'Viktor Viewer', password: 'viktor’s long passphrase' };

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let ownerPage: Page;
let envId = '';
/** The one-time links the owner copied, by email. */
const links = new Map<string, string>();
/** Each invited person's page, once they accepted. */
const pages = new Map<string, Page>();

async function newPage(options: { clipboard?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  if (options.clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  return context.newPage();
}

/** What a script on one of the console's own pages gets back from the admin API. */
function callFromPage(page: Page, method: string, path: string, options: { csrf: boolean }): Promise<{ status: number; code: string | undefined }> {
  return page.evaluate(
    async ({ method, path, csrf }) => {
      const headers: Record<string, string> = {};
      if (csrf) headers['X-CSRF-Token'] = ((await (await fetch('/v1/admin/me')).json()) as { csrfToken: string }).csrfToken;
      const res = await fetch(path, { method, headers });
      const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
      return { status: res.status, code: body?.error?.code };
    },
    { method, path, csrf: options.csrf },
  );
}

beforeAll(async () => {
  server = await startServer({ demo: false });
  await setUpOwner(server, owner);
  // A production environment with version 1 published, so the Rules page has something to publish and roll back.
  const api = await apiSession(server, owner);
  const created = await api.call('POST', '/v1/admin/environments', { name: 'production', allowedOrigins: [] });
  envId = ((await created.json()) as { environment: { id: string } }).environment.id;
  const env = (rest: string) => `/v1/admin/environments/${envId}/${rest}`;
  expect((await api.call('PUT', env('catalog'), exampleCatalog)).status).toBe(200);
  for (const rule of exampleRules) expect((await api.call('PUT', env(`rules/${rule.id}`), rule)).status).toBe(201);
  expect((await api.call('POST', env('publish'), { note: 'First release' })).status).toBe(201);
  browser = await launchChromium();
  ownerPage = await newPage({ clipboard: true });
  await signInThroughScreen(ownerPage, server, owner);
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
  if (server) removeDir(server.dir);
});

describe('inviting people', () => {
  it('the owner invites an editor and a viewer on the People page and copies each one-time link', async () => {
    await openFromNav(ownerPage, 'People');
    const form = ownerPage.getByRole('form', { name: 'Invite someone' });
    for (const [person, role] of [[editor, 'editor'], [viewer, 'viewer']] as const) {
      await form.getByRole('textbox', { name: 'Email' }).fill(person.email);
      await form.getByRole('combobox', { name: 'Role' }).selectOption(role);
      await form.getByRole('button', { name: 'Send invitation' }).click();
      const made = ownerPage.getByRole('status').filter({ hasText: `Invitation for ${person.email} (${role}) created.` });
      await made.waitFor();
      await made.getByRole('button', { name: 'Copy invitation link' }).click();
      await made.getByRole('button', { name: 'Copied' }).waitFor();
      const link = await ownerPage.evaluate(() => navigator.clipboard.readText());
      expect(link).toBe(await made.locator('code').textContent());
      expect(link).toMatch(new RegExp(`^${server.url}/admin/invite#token=\\S+$`));
      links.set(person.email, link);
      await ownerPage.getByRole('table', { name: 'Pending invitations' }).getByRole('row', { name: new RegExp(`${person.email} ${role}`) }).waitFor();
    }
  });

  it.each([
    ['editor', editor],
    ['viewer', viewer],
  ] as const)('the %s opens the link in a browser of their own and joins with a name and password', async (role, person) => {
    const page = await newPage();
    await page.goto(links.get(person.email)!);
    await page.getByRole('heading', { level: 1, name: 'Accept your invitation' }).waitFor();
    await page.getByText(`You are invited as ${person.email} with the role ${role}.`).waitFor();
    // The token left the address bar as soon as the page read it.
    expect(new URL(page.url()).hash).toBe('');
    await page.getByLabel('Your name (optional)').fill(person.name!);
    await page.getByLabel('Choose a password').fill(person.password);
    await page.getByRole('button', { name: 'Join and sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rules' }).waitFor();
    expect(await page.getByRole('button', { name: `Account menu for ${person.name}` }).count()).toBe(1);
    pages.set(person.email, page);
  });

  it('lists both as people with their roles, and no invitation is left waiting', async () => {
    await openFromNav(ownerPage, 'Audit log');
    await openFromNav(ownerPage, 'People');
    const people = ownerPage.getByRole('table', { name: 'People' });
    for (const [person, role] of [[editor, 'editor'], [viewer, 'viewer']] as const) {
      await people.getByRole('row', { name: new RegExp(person.name!) }).waitFor();
      expect(await people.getByRole('combobox', { name: `Role of ${person.email}` }).inputValue()).toBe(role);
    }
    await ownerPage.getByText('No invitations are waiting to be accepted.').waitFor();
    // Each link worked once.
    const again = await fetch(`${server.url}/v1/admin/invites/lookup`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: new URLSearchParams(new URL(links.get(viewer.email)!).hash.slice(1)).get('token') }) });
    expect(again.status).toBe(404);
  });
});

describe('what a role may do', () => {
  const publishPath = () => `/v1/admin/environments/${envId}/publish`;

  it('shows the viewer the versions but no Publish control, and the server refuses the viewer’s publish with 403', async () => {
    const page = pages.get(viewer.email)!;
    await page.getByRole('table', { name: 'Newest first; the first row is live.' }).getByRole('row', { name: /^1 live/ }).waitFor();
    expect(await page.getByRole('form', { name: 'Publish' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Publish|Roll back/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'New rule' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^View rule/ }).count()).toBe(exampleRules.length);

    // The page's own script, with the session's CSRF token, is still refused: the role lacks the right.
    expect(await callFromPage(page, 'POST', publishPath(), { csrf: true })).toEqual({ status: 403, code: 'forbidden' });
  });

  it('shows the editor the rule editor but no Publish control either', async () => {
    const page = pages.get(editor.email)!;
    await page.getByRole('button', { name: 'New rule' }).waitFor();
    await page.getByRole('table', { name: 'Newest first; the first row is live.' }).waitFor();
    expect(await page.getByRole('button', { name: /Publish|Roll back/ }).count()).toBe(0);
    expect(await callFromPage(page, 'POST', publishPath(), { csrf: true })).toEqual({ status: 403, code: 'forbidden' });
  });

  it('refuses a change without the CSRF token with 403, even from the owner’s own page', async () => {
    expect(await callFromPage(ownerPage, 'POST', publishPath(), { csrf: false })).toEqual({ status: 403, code: 'csrf_required' });
    // Nothing was published: version 1 is still the only one.
    const { versions } = (await (await (await apiSession(server, owner)).call('GET', `/v1/admin/environments/${envId}/versions`)).json()) as { versions: unknown[] };
    expect(versions).toHaveLength(1);
  });

  it('answers 401 to a browser with no session', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/admin/people`);
    await page.getByRole('heading', { level: 1, name: 'Sign in to Upshift' }).waitFor();
    expect(await callFromPage(page, 'GET', '/v1/admin/people', { csrf: false })).toEqual({ status: 401, code: 'unauthorized' });
    expect(await callFromPage(page, 'POST', publishPath(), { csrf: false })).toMatchObject({ status: 401 });
  });
});

describe('signing in', () => {
  it('after ten wrong passwords for an email, the eleventh on the sign-in screen is refused with 429 and says how long to wait', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/admin/sign-in`);
    await page.getByRole('heading', { level: 1, name: 'Sign in to Upshift' }).waitFor();
    await page.getByLabel('Email').fill(editor.email);
    const statuses: number[] = [];
    for (let i = 1; i <= 11; i++) {
      await page.getByLabel('Password').fill(`wrong guess number ${i}`);
      const answer = page.waitForResponse((r) => r.url() === `${server.url}/v1/admin/session` && r.request().method() === 'POST');
      await page.getByRole('button', { name: 'Sign in' }).click();
      statuses.push((await answer).status());
    }
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429]);
    const alert = page.getByRole('alert');
    await alert.filter({ hasText: 'Too many failed sign-ins' }).waitFor();
    expect(await alert.textContent()).toMatch(/You can try again in 15 minutes \(at \d{1,2}:\d{2}/);
    // The right password is held back as well until the wait is over.
    const right = await fetch(`${server.url}/v1/admin/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: editor.email, password: editor.password }) });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(800);
    // Other people still sign in.
    expect((await apiSession(server, viewer)).csrfToken).not.toBe('');
  });

  it('keeps the session in an httpOnly, SameSite=Lax cookie for the whole site, not Secure over plain http', async () => {
    const cookies = await ownerPage.context().cookies(server.url);
    expect(cookies.map((c) => c.name)).toEqual(['upshift_session']);
    expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', secure: false });
    // The page's scripts cannot read it.
    expect(await ownerPage.evaluate(() => document.cookie)).not.toContain('upshift_session');
  });
});
