import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleCatalog, exampleRules } from '../../shared/examples';
import { launchChromium, removeDir, setupTokenOf, startServer, type RunningServer } from './harness';
import { consoleNav, openFromNav, type Person } from './console';
import { hostSite, type Site } from './host';

// A first run in the console, as the README's "The same in the console" tells it: a server
// started without the demo (UPSHIFT_DEMO=0), its setup link, a production environment that allows
// the host app's origin, the example catalog and rules, a publish, the embed snippet copied from
// Settings → Install into a host app on a second loopback origin, and a key rotation that cuts the
// old publishable key off.

const owner: Person = { email: 'owner@acme.test', name: 'Olga Owner', password: 'first-run owner passphrase' };
const DAY = 86_400_000;
const starter = exampleCatalog.plans[0]!;

let server: RunningServer;
let site: Site;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** The host app's page, built from the snippet the console copied. */
let hostHtml: string | null = null;
let publishable = '';

beforeAll(async () => {
  server = await startServer({ demo: false });
  // 127.0.0.2: another host, not only another port, than the console on 127.0.0.1.
  site = await hostSite((path) => (path === '/' ? hostHtml : null), {}, '127.0.0.2');
  browser = await launchChromium();
  context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await server?.stop();
  if (server) removeDir(server.dir);
});

describe('the console’s first run on a fresh server', () => {
  it('makes the owner on the setup screen the start-up log links to', async () => {
    expect(server.output()).not.toContain('Demo environment');
    const token = setupTokenOf(server);
    await page.goto(`${server.url}/admin/setup#token=${token}`);
    await page.getByRole('heading', { level: 1, name: 'Set up Upshift' }).waitFor();
    // The link filled the token in, and took it out of the address bar.
    expect(await page.getByLabel('Setup token').inputValue()).toBe(token);
    expect(page.url()).not.toContain(token);
    await page.getByLabel('Your email').fill(owner.email);
    await page.getByLabel('Your name (optional)').fill(owner.name!);
    await page.getByLabel('Password', { exact: true }).fill(owner.password);
    await page.getByRole('button', { name: 'Create owner and sign in' }).click();
    // Signed in, with no environment yet: the console starts at Environments.
    await page.getByRole('heading', { level: 1, name: 'Environments' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/environments');
    expect(await page.getByRole('button', { name: `Account menu for ${owner.name}` }).count()).toBe(1);
  });

  it('creates a production environment that allows the host app’s origin, and shows its keys once', async () => {
    await page.getByRole('button', { name: 'New environment' }).click();
    const form = page.getByRole('form', { name: 'New environment' });
    await form.getByRole('textbox', { name: 'Name' }).fill('production');
    await form.getByRole('button', { name: 'Add origin' }).click();
    await form.getByRole('textbox', { name: 'Origin 1' }).fill(site.url);
    await form.getByRole('button', { name: 'Create environment' }).click();
    const keys = page.getByRole('region', { name: 'production is ready: its keys' });
    await keys.waitFor();
    publishable = (await keys.getByLabel('Publishable key', { exact: true }).textContent()) ?? '';
    expect(publishable).toMatch(/^pk_[A-Za-z0-9]+$/);
    expect(await keys.getByLabel('Secret key', { exact: true }).textContent()).toMatch(/^sk_/);
    await keys.getByRole('button', { name: 'I have stored the secret key' }).click();
    await page.getByRole('table', { name: 'Environments' }).getByRole('link', { name: 'production' }).waitFor();
    // The navigation now carries the environment's own pages.
    await consoleNav(page).getByRole('link', { name: 'Rules' }).waitFor();
  });

  it('starts from the example catalog and the example rules, and publishes them after a confirmation', async () => {
    await openFromNav(page, 'Catalog');
    await page.getByRole('button', { name: 'Start from the example catalog' }).click();
    // The map editor opens on it: one group of fields per plan.
    for (const [i, plan] of exampleCatalog.plans.entries()) await page.getByRole('group', { name: `Plan ${i + 1}: ${plan.name}`, exact: true }).waitFor();

    await openFromNav(page, 'Rules');
    await page.getByRole('button', { name: 'Add the example rules' }).click();
    const drafts = page.getByRole('table', { name: 'Draft rules' });
    await drafts.waitFor();
    for (const rule of exampleRules) await drafts.getByRole('row', { name: new RegExp(rule.id) }).waitFor();

    await page.getByRole('button', { name: 'Review and publish' }).click();
    const confirm = page.getByRole('dialog', { name: 'Publish the drafts of production?' });
    await confirm.waitFor();
    await confirm.getByText('Nothing is live yet: publishing makes the drafts the first version.').waitFor();
    await confirm.getByLabel('Note', { exact: true }).fill('The example rules');
    await confirm.getByRole('button', { name: 'Publish', exact: true }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: 'Newest first; the first row is live.' }).getByRole('row', { name: /^1 live/ }).waitFor();
  });

  it('copies the embed snippet from Settings → Install; a host page with exactly that snippet shows the 85 % banner', async () => {
    await openFromNav(page, 'Settings', 'Settings of production');
    expect(await page.getByRole('tab', { name: 'Install' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('button', { name: 'Copy embed snippet' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    const snippet = await page.evaluate(() => navigator.clipboard.readText());
    expect(snippet).toBe(await page.getByLabel('Embed snippet', { exact: true }).textContent());
    expect(snippet).toContain(`<script async src="${server.url}/upshift.js" data-key="${publishable}"></script>`);

    // A Starter account at 90 % of its API calls, old enough for the example ladder's guard.
    const signedIn = {
      user: { id: 'user_42', role: 'admin' },
      account: { id: 'acct_7', plan: starter.id, createdAt: new Date(Date.now() - 200 * DAY).toISOString() },
      usage: { api_calls: Math.round(starter.limits.api_calls! * 0.9), seats: 3 },
    };
    hostHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Acme</title>
${snippet}
<script>
Upshift.identify(${JSON.stringify(signedIn)});
</script>
</head>
<body><main><h1>Acme</h1></main></body>
</html>`;
    const host = await context.newPage();
    const errors: string[] = [];
    host.on('pageerror', (e) => errors.push(e.message));
    await host.goto(`${site.url}/`);
    const banner = host.getByRole('region', { name: /API calls/ });
    await expect.poll(() => banner.getAttribute('data-tone'), { timeout: 15_000 }).toBe('recommend');
    expect(await banner.getByRole('paragraph').first().textContent()).toBe('90% of your API calls used');
    expect(await banner.getByRole('link', { name: 'See Pro' }).count()).toBe(1);
    expect(errors).toEqual([]);
    await host.close();

    // The installation check saw the host app fetch the config.
    await page.getByRole('button', { name: 'Refresh' }).click();
    const check = page.getByRole('table', { name: 'Widget activity by origin' });
    await check.getByRole('row', { name: new RegExp(`^${site.url.replace(/[.]/g, '\\.')} Yes`) }).waitFor();
  });

  it('rotates the publishable key with no grace period; the old key then gets 401 from the allowed origin', async () => {
    const config = (key: string) => fetch(`${server.url}/v1/config?key=${key}`, { headers: { Origin: site.url } });
    expect((await config(publishable)).status).toBe(200);
    await page.getByLabel('Old key keeps working for').selectOption({ label: 'None: the old key stops at once' });
    await page.getByRole('button', { name: 'Rotate publishable key' }).click();
    const confirm = page.getByRole('dialog', { name: 'Rotate the publishable key of production?' });
    expect(await confirm.textContent()).toContain('Pages that still carry the old key stop at once');
    await confirm.getByRole('button', { name: 'Rotate key' }).click();
    await confirm.waitFor({ state: 'detached' });
    const shown = page.getByRole('tabpanel', { name: 'Install' }).getByLabel('Publishable key', { exact: true });
    await expect.poll(() => shown.textContent()).not.toBe(publishable);
    const rotated = (await shown.textContent()) ?? '';
    expect(rotated).toMatch(/^pk_[A-Za-z0-9]+$/);

    const old = await config(publishable);
    expect(old.status).toBe(401);
    expect(((await old.json()) as { error: { code: string } }).error.code).toBe('unknown_key');
    expect((await config(rotated)).status).toBe(200);
    // The snippet on the page now carries the new key.
    expect(await page.getByLabel('Embed snippet', { exact: true }).textContent()).toContain(`data-key="${rotated}"`);
  });
});
