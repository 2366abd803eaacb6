import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleCatalog, exampleRules } from '../../shared/examples';
import { launchChromium, removeDir, setupTokenOf, startServer, type RunningServer } from './harness';
import { apiSession, consoleNav, openFromNav, signInThroughScreen, type Person } from './console';
import { expectNoViolations } from './host';

// The console read by axe-core in light and dark, used from the keyboard, and on a 768 px screen:
// the screens a new installation meets first (setup, sign-in) and the pages that hold keys, people
// and the audit log, each with something in it.

const owner: Person = { email: 'olga@acme.test', name: 'Olga Owner', password: 'accessible owner passphrase' };
const viewer: Person = { email: 'val@acme.test', name: 'Val Viewer', password: 'accessible viewer passphrase' };

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** The owner's signed-in console, from the sign-in test on. */
let page: Page;

/** A browser of its own, signed out. */
async function newPage(): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  return context.newPage();
}

/** Another tab of the owner's signed-in browser. */
const ownerTab = () => page.context().newPage();

/** axe-core over the whole page, once in the light scheme and once in the dark. */
async function inBothSchemes(p: Page, what: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await p.emulateMedia({ colorScheme });
    expect(await p.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(colorScheme === 'dark');
    await expectNoViolations(p, `on ${what} (${colorScheme})`);
  }
  await p.emulateMedia({ colorScheme: 'light' });
}

/** What the focused element is, as a person would say it. */
const focused = (p: Page) =>
  p.evaluate(() => {
    const el = document.activeElement;
    return { tag: el?.tagName.toLowerCase() ?? '', id: el?.id ?? '', text: el?.textContent?.trim() ?? '', inMain: !!el?.closest('main') };
  });

beforeAll(async () => {
  server = await startServer({ demo: false });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
  if (server) removeDir(server.dir);
});

describe('axe-core on the console, light and dark', () => {
  it('the setup screen, as the link opens it and with the server’s field errors', async () => {
    const p = await newPage();
    await p.goto(`${server.url}/admin/setup#token=${setupTokenOf(server)}`);
    await p.getByRole('heading', { level: 1, name: 'Set up Upshift' }).waitFor();
    await inBothSchemes(p, 'the setup screen');
    await p.getByRole('button', { name: 'Create owner and sign in' }).click();
    await p.locator('[aria-invalid="true"]').first().waitFor();
    await inBothSchemes(p, 'the setup screen with field errors');
    await p.getByLabel('Your email').fill(owner.email);
    await p.getByLabel('Your name (optional)').fill(owner.name!);
    await p.getByLabel('Password', { exact: true }).fill(owner.password);
    await p.getByRole('button', { name: 'Create owner and sign in' }).click();
    await p.getByRole('heading', { level: 1, name: 'Environments' }).waitFor();
  });

  it('the sign-in screen, empty and after a wrong password', async () => {
    // Something on every page that follows: an environment with a published version and a second
    // secret key, a person who joined and an invitation still waiting.
    const api = await apiSession(server, owner);
    const created = await api.call('POST', '/v1/admin/environments', { name: 'production', allowedOrigins: ['https://app.acme.com'] });
    const envId = ((await created.json()) as { environment: { id: string } }).environment.id;
    const env = (rest: string) => `/v1/admin/environments/${envId}/${rest}`;
    expect((await api.call('POST', env('secret-keys'), { name: 'CI' })).status).toBe(201);
    expect((await api.call('PUT', env('catalog'), exampleCatalog)).status).toBe(200);
    for (const rule of exampleRules) expect((await api.call('PUT', env(`rules/${rule.id}`), rule)).status).toBe(201);
    expect((await api.call('POST', env('publish'), { note: 'First release' })).status).toBe(201);
    const invited = (await (await api.call('POST', '/v1/admin/invites', { email: viewer.email, role: 'viewer' })).json()) as { url: string };
    const token = new URLSearchParams(new URL(invited.url).hash.slice(1)).get('token');
    const accepted = await fetch(`${server.url}/v1/admin/invites/accept`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token, name: viewer.name, password: viewer.password }) });
    expect(accepted.status).toBe(201);
    expect((await api.call('POST', '/v1/admin/invites', { email: 'pending@acme.test', role: 'editor' })).status).toBe(201);

    page = await newPage();
    await page.goto(`${server.url}/admin/sign-in`);
    await page.getByRole('heading', { level: 1, name: 'Sign in to Upshift' }).waitFor();
    await inBothSchemes(page, 'the sign-in screen');
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill('not the right password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong email or password' }).waitFor();
    await inBothSchemes(page, 'the sign-in screen after a wrong password');
    await signInThroughScreen(page, server, owner);
  });

  it('Environments, with the new-environment form open', async () => {
    await openFromNav(page, 'Environments');
    await page.getByRole('table', { name: 'Environments' }).waitFor();
    await inBothSchemes(page, 'Environments');
    await page.getByRole('button', { name: 'New environment' }).click();
    const form = page.getByRole('form', { name: 'New environment' });
    await form.getByRole('button', { name: 'Add origin' }).click();
    await form.getByRole('textbox', { name: 'Origin 1' }).fill('https://staging.acme.com/app');
    await form.locator('[aria-invalid="true"]').waitFor();
    await inBothSchemes(page, 'Environments with the form open and an origin marked wrong');
    await form.getByRole('button', { name: 'Cancel' }).click();
  });

  it('Settings → Secret keys, listed and with a new key shown once', async () => {
    await openFromNav(page, 'Settings', 'Settings of production');
    await page.getByRole('tab', { name: 'Secret keys' }).click();
    await page.getByRole('table', { name: 'Secret keys' }).getByRole('rowheader', { name: 'CI' }).waitFor();
    await inBothSchemes(page, 'Settings → Secret keys');
    await page.getByRole('textbox', { name: 'Key name' }).fill('Billing backend');
    await page.getByRole('button', { name: 'Create secret key' }).click();
    const once = page.getByRole('region', { name: 'Secret key “Billing backend”' });
    await once.waitFor();
    await inBothSchemes(page, 'Settings → Secret keys with a new key shown once');
    await once.getByRole('button', { name: 'I have stored it' }).click();
  });

  it('People, with a person who joined and an invitation waiting', async () => {
    await openFromNav(page, 'People');
    await page.getByRole('table', { name: 'Pending invitations' }).getByRole('row', { name: /pending@acme\.test/ }).waitFor();
    await page.getByRole('table', { name: 'People' }).getByRole('row', { name: /Val Viewer/ }).waitFor();
    await inBothSchemes(page, 'People');
  });

  it('the Audit log, with an entry’s changes open', async () => {
    await openFromNav(page, 'Audit log');
    await page.getByRole('table', { name: /entries, newest first/ }).waitFor();
    await page.getByRole('button', { name: /^Show \d+ changes?$/ }).first().click();
    await page.getByRole('table', { name: /^Changes of / }).waitFor();
    await inBothSchemes(page, 'the Audit log');
  });
});

describe('from the keyboard', () => {
  it('the skip link is the first Tab stop, and moves focus to main', async () => {
    const p = await ownerTab();
    await p.goto(`${server.url}/admin/people`);
    await p.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    await p.keyboard.press('Tab');
    expect(await focused(p)).toMatchObject({ tag: 'a', text: 'Skip to main content' });
    // It shows once focused.
    const box = await p.getByRole('link', { name: 'Skip to main content' }).boundingBox();
    expect(box?.y).toBeGreaterThanOrEqual(0);
    await p.keyboard.press('Enter');
    await expect.poll(async () => (await focused(p)).id).toBe('main');
    // The next Tab goes on from there, into the page.
    await p.keyboard.press('Tab');
    expect((await focused(p)).inMain).toBe(true);
  });

  it('after a nav link is followed, focus is on the new page’s h1', async () => {
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    for (const [link, heading] of [
      ['People', 'People'],
      ['Rules', 'Rules'],
      ['Audit log', 'Audit log'],
    ] as const) {
      await consoleNav(page).getByRole('link', { name: link, exact: true }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await expect.poll(() => focused(page), { message: `focus after following ${link}` }).toMatchObject({ tag: 'h1', text: heading });
    }
  });
});

describe('at 768 px wide', () => {
  it('the navigation folds behind Menu and leads to each page; no page scrolls sideways', async () => {
    const p = await ownerTab();
    await p.setViewportSize({ width: 768, height: 900 });
    await p.goto(`${server.url}/admin/environments`);
    await p.getByRole('heading', { level: 1, name: 'Environments' }).waitFor();
    const menu = p.getByRole('button', { name: 'Menu', exact: true });
    const overflow = () => p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    for (const [link, heading] of [
      ['People', 'People'],
      ['Audit log', 'Audit log'],
      ['Settings', 'Settings of production'],
      ['Rules', 'Rules'],
      ['Environments', 'Environments'],
    ] as const) {
      expect(await consoleNav(p).isVisible(), 'the navigation is folded').toBe(false);
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      await menu.click();
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      await consoleNav(p).getByRole('link', { name: link, exact: true }).click();
      await p.getByRole('heading', { level: 1, name: heading }).waitFor();
      // Wide tables scroll inside their own box; the page itself never does.
      expect(await overflow(), `${heading} scrolls sideways`).toBeLessThanOrEqual(0);
    }
    await menu.click();
    await expectNoViolations(p, 'at 768 px with the navigation open');
  });
});
