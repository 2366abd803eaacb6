import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleCatalog } from '../../shared/examples';
import { launchChromium, removeDir, setupTokenOf, startServer, type RunningServer } from './harness';
import { apiSession, openFromNav, setUpOwner, signInThroughScreen, type Person } from './console';

// The audit log after a day's work: an owner in the console, a publisher over the API, a secret
// key, and someone guessing a password. Every action is listed with whoever did it, and nothing
// secret that the console or the API showed along the way (keys, signing secrets, passwords,
// invite tokens) is in the page or in its JSON export.

const owner: Person = { email: 'olga@acme.test', name: 'Olga Owner', password: 'audit owner passphrase' };
const pia: Person = { email: 'pia@acme.test', name: 'Pia Publisher', password: 'pia’s publishing passphrase' };
const WRONG_PASSWORD = 'not-olgas-password-at-all';
const WEBHOOK_PASSWORD = 'hook-basic-auth-password';

let server: RunningServer;
let browser: Browser;
let page: Page;
let envId = '';
/** Every secret shown along the way, by what it is. */
const secrets = new Map<string, string>();

/** Reads the secret a "shown once" box holds, keeps it, and says it was stored. */
async function takeSecret(what: string, title: string): Promise<string> {
  const box = page.getByRole('region', { name: title });
  await box.waitFor();
  const value = (await box.getByLabel(title, { exact: true }).textContent()) ?? '';
  expect(value, what).not.toBe('');
  secrets.set(what, value);
  await box.getByRole('button', { name: 'I have stored it' }).click();
  await box.waitFor({ state: 'detached' });
  return value;
}

beforeAll(async () => {
  // The webhook receiver's URL is on loopback, which only this setting lets an endpoint use.
  server = await startServer({ demo: false, allowPrivateWebhooks: true });
  secrets.set('setup token', setupTokenOf(server));
  secrets.set('owner password', owner.password);
  secrets.set('publisher password', pia.password);
  secrets.set('wrong password', WRONG_PASSWORD);
  secrets.set('webhook URL password', WEBHOOK_PASSWORD);
  await setUpOwner(server, owner);
  browser = await launchChromium();
  page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await signInThroughScreen(page, server, owner);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) removeDir(server.dir);
});

describe('a day of changes', () => {
  it('the owner creates an environment (its first secret key shown once)', async () => {
    await page.getByRole('button', { name: 'New environment' }).click();
    await page.getByRole('form', { name: 'New environment' }).getByRole('textbox', { name: 'Name' }).fill('production');
    await page.getByRole('button', { name: 'Create environment' }).click();
    const keys = page.getByRole('region', { name: 'production is ready: its keys' });
    await keys.waitFor();
    secrets.set('first secret key', (await keys.getByLabel('Secret key', { exact: true }).textContent()) ?? '');
    await keys.getByRole('button', { name: 'I have stored the secret key' }).click();
    const link = page.getByRole('table', { name: 'Environments' }).getByRole('link', { name: 'production' });
    envId = /\/admin\/env\/([^/]+)\//.exec((await link.getAttribute('href')) ?? '')?.[1] ?? '';
    expect(envId).not.toBe('');
  });

  it('makes a secret key “CI”, which saves the catalog, and revokes it', async () => {
    await openFromNav(page, 'Settings', 'Settings of production');
    await page.getByRole('tab', { name: 'Secret keys' }).click();
    await page.getByRole('textbox', { name: 'Key name' }).fill('CI');
    await page.getByRole('button', { name: 'Create secret key' }).click();
    const ci = await takeSecret('CI secret key', 'Secret key “CI”');
    const saveCatalog = () => fetch(`${server.url}/v1/catalog`, { method: 'PUT', headers: { Authorization: `Bearer ${ci}`, 'Content-Type': 'application/json' }, body: JSON.stringify(exampleCatalog) });
    expect((await saveCatalog()).status).toBe(200);

    await page.getByRole('button', { name: 'Revoke CI' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke the secret key “CI”?' });
    await confirm.getByRole('button', { name: 'Revoke key' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: 'Secret keys' }).getByRole('rowheader', { name: 'CI' }).waitFor({ state: 'detached' });
    expect((await saveCatalog()).status).toBe(401);
  });

  it('makes the identity verification secret and a webhook endpoint, each secret shown once', async () => {
    await page.getByRole('tab', { name: 'Identity verification' }).click();
    await page.getByRole('form', { name: 'Identity verification settings' }).getByRole('button', { name: 'Save' }).click();
    expect(await takeSecret('identity secret', 'Identity verification secret')).toMatch(/^idsec_/);

    await page.getByRole('tab', { name: 'Webhook endpoint' }).click();
    const form = page.getByRole('form', { name: 'Webhook endpoint' });
    await form.getByRole('textbox', { name: 'Endpoint URL' }).fill(`http://upshift:${WEBHOOK_PASSWORD}@127.0.0.1:9/hooks`);
    await form.getByRole('button', { name: 'Create endpoint' }).click();
    expect(await takeSecret('webhook secret', 'Webhook signing secret')).toMatch(/^whsec_/);
  });

  it('invites Pia as an editor; she accepts over the API; the owner makes her a publisher', async () => {
    await openFromNav(page, 'People');
    const form = page.getByRole('form', { name: 'Invite someone' });
    await form.getByRole('textbox', { name: 'Email' }).fill(pia.email);
    await form.getByRole('combobox', { name: 'Role' }).selectOption('editor');
    await form.getByRole('button', { name: 'Send invitation' }).click();
    const made = page.getByRole('status').filter({ hasText: `Invitation for ${pia.email} (editor) created.` });
    const link = (await made.locator('code').textContent()) ?? '';
    const token = new URLSearchParams(new URL(link).hash.slice(1)).get('token') ?? '';
    expect(token).not.toBe('');
    secrets.set('invite token', token);
    const accepted = await fetch(`${server.url}/v1/admin/invites/accept`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token, name: pia.name, password: pia.password }) });
    expect(accepted.status).toBe(201);

    // The list as it is now, with Pia in it.
    await openFromNav(page, 'Audit log');
    await openFromNav(page, 'People');
    await page.getByRole('combobox', { name: `Role of ${pia.email}` }).selectOption('publisher');
    const confirm = page.getByRole('dialog', { name: `Make ${pia.name} publisher?` });
    await confirm.getByRole('button', { name: 'Make publisher' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await page.getByRole('combobox', { name: `Role of ${pia.email}` }).inputValue()).toBe('publisher');
  });

  it('the owner adds the example rules and publishes; Pia publishes over the API; the owner rolls back to version 1', async () => {
    await openFromNav(page, 'Rules');
    await page.getByRole('button', { name: 'Add the example rules' }).click();
    await page.getByRole('table', { name: 'Draft rules' }).waitFor();
    await page.getByRole('button', { name: 'Review and publish' }).click();
    const publishing = page.getByRole('dialog', { name: 'Publish the drafts of production?' });
    await publishing.getByLabel('Note', { exact: true }).fill('The example rules');
    await publishing.getByRole('button', { name: 'Publish', exact: true }).click();
    const versions = page.getByRole('table', { name: 'Newest first; the first row is live.' });
    await versions.getByRole('row', { name: /^1 live/ }).waitFor();

    const session = await apiSession(server, pia);
    secrets.set('publisher CSRF token', session.csrfToken);
    secrets.set('publisher session cookie', session.cookie.split('=')[1] ?? '');
    expect((await session.call('POST', `/v1/admin/environments/${envId}/publish`, { note: 'Pia checked the copy' })).status).toBe(201);

    await openFromNav(page, 'Catalog');
    await openFromNav(page, 'Rules');
    await page.getByRole('button', { name: 'Roll back to 1' }).click();
    await page.getByRole('dialog', { name: 'Roll back to version 1?' }).getByRole('button', { name: 'Roll back' }).click();
    await versions.getByRole('row', { name: /^3 live/ }).waitFor();
  });

  it('someone signs in as the owner with a wrong password', async () => {
    const other = await (await browser.newContext()).newPage();
    await other.goto(`${server.url}/admin/sign-in`);
    await other.getByLabel('Email').fill(owner.email);
    await other.getByLabel('Password').fill(WRONG_PASSWORD);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByRole('alert').filter({ hasText: 'Wrong email or password' }).waitFor();
    await other.context().close();
  });
});

describe('the Audit log page', () => {
  /** Each entry on the page as who did it and what. */
  let rows: { who: string; action: string }[] = [];

  it('lists every action with its actor', async () => {
    await openFromNav(page, 'Audit log');
    const table = page.getByRole('table', { name: /entries, newest first/ });
    await table.waitFor();
    rows = [];
    for (const row of await table.locator(':scope > tbody > tr').all()) {
      const cells = await row.getByRole('cell').allTextContents();
      rows.push({ who: cells[1] ?? '', action: cells[2] ?? '' });
    }
    const ownerLabel = owner.email;
    const expected: [action: string, who: string][] = [
      ['person.created', ownerLabel],
      ['session.signed_in', ownerLabel],
      ['environment.created', ownerLabel],
      ['secret_key.created', ownerLabel],
      ['catalog.updated', `secret key "CI" (${secrets.get('CI secret key')!.slice(0, 7)}…) (key)`],
      ['secret_key.revoked', ownerLabel],
      ['identity.updated', ownerLabel],
      ['webhook.created', ownerLabel],
      ['invite.created', ownerLabel],
      ['invite.accepted', pia.email],
      ['person.role_changed', ownerLabel],
      ['rule.created', ownerLabel],
      ['version.published', ownerLabel],
      ['version.published', pia.email],
      ['version.rolled_back', ownerLabel],
      ['session.sign_in_failed', `${owner.email} (anonymous)`],
    ];
    for (const [action, who] of expected) {
      const found = rows.some((r) => r.action === action && r.who === who);
      expect(found, `${action} by ${who} in:\n${rows.map((r) => `${r.action} by ${r.who}`).join('\n')}`).toBe(true);
    }
  });

  it('shows none of the secrets, with every entry’s changes opened', async () => {
    expect([...secrets.keys()]).toHaveLength(12);
    for (const [what, secret] of secrets) expect(secret.length, what).toBeGreaterThanOrEqual(12);
    // Each press turns its button into "Hide …": open the first closed one until none is left.
    const closed = page.getByRole('button', { name: /^Show \d+ changes?$/ });
    const opened = page.getByRole('button', { name: /^Hide \d+ changes?$/ });
    const total = await closed.count();
    expect(total).toBeGreaterThan(5);
    for (let i = 1; i <= total; i++) {
      await closed.first().click();
      await expect.poll(() => opened.count()).toBe(i);
    }
    const text = await page.getByRole('main').innerText();
    // The masks are there instead: the first secret key's and the identity secret's entries have them.
    expect(text).toContain('••••••');
    for (const [what, secret] of secrets) expect(text, `the page shows the ${what}`).not.toContain(secret);
  });

  it('exports JSON with every entry and none of the secrets, from the Export JSON link and for the session alike', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export JSON' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^upshift-audit-\d{4}-\d{2}-\d{2}\.json$/);
    const file = readFileSync((await download.path())!, 'utf8');
    const entries = JSON.parse(file) as { action: string }[];
    expect(entries).toHaveLength(rows.length);
    for (const [what, secret] of secrets) expect(file, `the export holds the ${what}`).not.toContain(secret);

    const fetched = await (await apiSession(server, owner)).call('GET', '/v1/admin/audit/export');
    expect(fetched.status).toBe(200);
    const text = await fetched.text();
    for (const [what, secret] of secrets) expect(text, `the fetched export holds the ${what}`).not.toContain(secret);
  });
});
