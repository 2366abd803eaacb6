import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleCatalog, exampleRules } from '../../shared/examples';
import { launchChromium, removeDir, startServer, type RunningServer } from './harness';
import { apiSession, setUpOwner, signInThroughScreen, type ApiSession, type Person } from './console';
import { expectNoViolations, hostPage, hostSite, type Site } from './host';

// A publisher in the console: reviews what the drafts change, publishes with a note, a host page
// shows the new rule on its next config load, and a rollback takes it away again. Then the drafts
// go out as a file and into a second environment, which, once published, serves the same config.
// axe reads the publish dialog, the rollback dialog and the versions list in light and dark.

const owner: Person = { email: 'olga@acme.test', name: 'Olga Owner', password: 'publishing owner passphrase' };
const publisher: Person = { email: 'pat@acme.test', name: 'Pat Publisher', password: 'publishing publisher passphrase' };
const DAY = 86_400_000;
const ladder = exampleRules.find((r) => r.trigger.type === 'usage')!;
const starter = exampleCatalog.plans[0]!;

let server: RunningServer;
let site: Site;
let browser: Browser;
let page: Page;
let api: ApiSession;
const envs = { production: { id: '', key: '' }, staging: { id: '', key: '' } };
let hostHtml: string | null = null;

async function inBothSchemes(p: Page, what: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await p.emulateMedia({ colorScheme });
    await expectNoViolations(p, `on ${what} (${colorScheme})`);
  }
  await p.emulateMedia({ colorScheme: 'light' });
}

type Report = { configVersion: number; rules: { ruleId: string }[] };

/**
 * A Starter account at 90 % of its API calls, in a browser of its own (no cached config): the
 * config version its widget decided with, the rules it considered, and whether the ladder's banner
 * is on screen (waited for when `banner`; when not, the decision of that version has no such rule).
 */
async function visitHost(banner: boolean): Promise<{ version: number; rules: string[] }> {
  const context = await browser.newContext();
  try {
    const host = await context.newPage();
    await host.goto(`${site.url}/`);
    const report = await host.evaluate(async () => {
      const w = window as unknown as { upshiftReady: Promise<unknown>; Upshift: { debug(): Promise<Report> } };
      await w.upshiftReady;
      return w.Upshift.debug();
    });
    const region = host.getByRole('region', { name: /API calls/ });
    if (banner) await region.waitFor();
    else expect(await region.count()).toBe(0);
    return { version: report.configVersion, rules: report.rules.map((r) => r.ruleId) };
  } finally {
    await context.close();
  }
}

const configOf = async (key: string) => {
  const res = await fetch(`${server.url}/v1/config?key=${key}`, { headers: { Origin: site.url } });
  expect(res.status).toBe(200);
  const { catalog, rules, settings } = (await res.json()) as Record<string, unknown>;
  return { catalog, rules, settings };
};

beforeAll(async () => {
  server = await startServer({ demo: false });
  site = await hostSite((path) => (path === '/' ? hostHtml : null), {}, '127.0.0.2');
  browser = await launchChromium();
  await setUpOwner(server, owner);
  api = await apiSession(server, owner);
  for (const name of ['production', 'staging'] as const) {
    const res = await api.call('POST', '/v1/admin/environments', { name, allowedOrigins: [site.url] });
    const made = (await res.json()) as { environment: { id: string }; publishableKey: string };
    envs[name] = { id: made.environment.id, key: made.publishableKey };
  }
  const env = (rest: string) => `/v1/admin/environments/${envs.production.id}/${rest}`;
  expect((await api.call('PUT', env('catalog'), exampleCatalog)).status).toBe(200);
  expect((await api.call('PUT', env('settings'), { budget: { day: 10, week: 50 } })).status).toBe(200);
  expect((await api.call('POST', env('publish'), { note: 'The catalog, no rules yet' })).status).toBe(201);
  // The editor's work, ready for review: the example usage ladder as a draft.
  expect((await api.call('PUT', env(`rules/${ladder.id}`), ladder)).status).toBe(201);
  const invited = (await (await api.call('POST', '/v1/admin/invites', { email: publisher.email, role: 'publisher' })).json()) as { url: string };
  const token = new URLSearchParams(new URL(invited.url).hash.slice(1)).get('token');
  const accepted = await fetch(`${server.url}/v1/admin/invites/accept`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token, password: publisher.password }) });
  expect(accepted.status).toBe(201);

  const signedIn = {
    user: { id: 'user_42', role: 'admin' },
    account: { id: 'acct_7', plan: starter.id, createdAt: new Date(Date.now() - 200 * DAY).toISOString() },
    usage: { api_calls: Math.round(starter.limits.api_calls! * 0.9), seats: 3 },
  };
  // The host listens for the widget's ready (its config loaded) through the loader stub's queue.
  hostHtml = hostPage({ src: `${server.url}/upshift.js`, key: envs.production.key, context: signedIn, head: '<script>window.upshiftReady = new Promise((r) => Upshift.on("ready", r));</script>' });
  page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await signInThroughScreen(page, server, publisher);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await server?.stop();
  if (server) removeDir(server.dir);
});

const versions = () => page.getByRole('table', { name: 'Newest first; the first row is live.' });

describe('publish and roll back in the console', () => {
  it('shows nothing on the host page before the rule is published', async () => {
    expect(await visitHost(false)).toEqual({ version: 1, rules: [] });
  });

  it('reviews the diff, publishes with a note, and the host page shows the rule on its next config load', async () => {
    await page.goto(`${server.url}/admin/env/${envs.production.id}/rules`);
    await page.getByRole('heading', { level: 1, name: 'Rules' }).waitFor();
    await versions().getByRole('row', { name: /^1 live/ }).waitFor();
    await inBothSchemes(page, 'the rules page with the versions list');

    await page.getByRole('button', { name: 'Review and publish' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish the drafts of production?' });
    await dialog.getByRole('heading', { name: 'Rules added: 1' }).waitFor();
    expect(await dialog.getByRole('listitem').filter({ hasText: ladder.id }).textContent()).toBe(`${ladder.name} (${ladder.id})`);
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    const note = dialog.getByLabel('Note', { exact: true });
    await expect.poll(() => note.getAttribute('aria-invalid')).toBe('true');
    await inBothSchemes(page, 'the publish dialog, its note missing');
    await note.fill('Usage ladder for API calls');
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    const live = versions().getByRole('row', { name: /^2 live/ });
    await live.waitFor();
    expect(await live.getByRole('cell').allTextContents()).toEqual(expect.arrayContaining([publisher.email, 'Usage ladder for API calls']));

    expect(await visitHost(true)).toEqual({ version: 2, rules: [ladder.id] });
  });

  it('rolls back after a confirmation that says what changes, and the host page no longer shows the rule', async () => {
    await page.getByRole('button', { name: 'Roll back to 1' }).click();
    const dialog = page.getByRole('dialog', { name: 'Roll back to version 1?' });
    await dialog.getByRole('heading', { name: 'Rules removed: 1' }).waitFor();
    await inBothSchemes(page, 'the rollback dialog');
    await dialog.getByRole('button', { name: 'Roll back', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    const live = versions().getByRole('row', { name: /^3 live/ });
    await live.waitFor();
    expect(await live.getByRole('cell').allTextContents()).toContain('Rollback to version 1');
    await inBothSchemes(page, 'the versions list after a rollback');

    expect(await visitHost(false)).toEqual({ version: 3, rules: [] });
  });
});

describe('export and import', () => {
  it('downloads the drafts, imports them into staging after showing the diff, and staging then publishes the same config', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export drafts' }).click()]);
    expect(download.suggestedFilename()).toBe('upshift-production-drafts.json');
    const file = readFileSync((await download.path())!, 'utf8');
    expect(JSON.parse(file)).toMatchObject({ format: 'upshift-export', environment: { name: 'production' } });

    await page.goto(`${server.url}/admin/env/${envs.staging.id}/rules`);
    await page.getByRole('heading', { level: 1, name: 'Rules' }).waitFor();
    await page.getByLabel('Import drafts from a file').setInputFiles({ name: 'upshift-production-drafts.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    const diff = page.getByRole('status', { name: 'What importing upshift-production-drafts.json changes' });
    await diff.getByRole('heading', { name: 'Rules added: 1' }).waitFor();
    await diff.getByRole('button', { name: 'Replace the drafts' }).click();
    const confirm = page.getByRole('dialog', { name: 'Replace the drafts of staging?' });
    await confirm.getByRole('button', { name: 'Replace the drafts' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: 'Draft rules' }).getByRole('row', { name: new RegExp(ladder.id) }).waitFor();

    // Published from the console in both: the same config.
    for (const env of [envs.staging, envs.production]) {
      if (env === envs.production) await page.goto(`${server.url}/admin/env/${env.id}/rules`);
      await page.getByRole('button', { name: 'Review and publish' }).click();
      const dialog = page.getByRole('dialog', { name: /^Publish the drafts of / });
      await dialog.getByLabel('Note', { exact: true }).fill('Same as production');
      await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
    }
    expect(await configOf(envs.staging.key)).toEqual(await configOf(envs.production.key));
    expect(((await configOf(envs.staging.key)).rules as { id: string }[]).map((r) => r.id)).toEqual([ladder.id]);
  });
});
