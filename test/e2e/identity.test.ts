import Database from 'better-sqlite3';
import { createHmac } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually, launchChromium, removeDir, startServer, type RunningServer } from './harness';
import { contextFor, expectStatus, hostPage, hostSite, keysOf, publishRules, secretApi, type Site } from './host';

// Identity verification seen from the page: the widget sends the token the host's backend signed
// with every event, state read and action, so a verified environment takes this person's events
// and refuses everyone else's, and the host page keeps working either way.

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let site: Site;
let secret: string;
const pages: Page[] = [];

const TITLE = 'Half your API calls are used';
const rules = [
  {
    id: 'signed-banner',
    name: 'API calls at half the limit',
    status: 'live',
    priority: 10,
    surface: 'banner',
    offer: { type: 'upgrade', plan: 'next' },
    trigger: { type: 'usage', metric: 'api_calls', tiers: [{ id: 'half', at: { percent: 50 }, tone: 'recommend', content: { title: TITLE, body: '{{usage}} of {{limit}}.', cta: 'Upgrade' } }] },
  },
];

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** What the README tells a host's backend to run: an HS256 JWT for the person, valid for an hour. */
function upshiftToken(userId: string, accountId: string, key = secret): string {
  const input = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: userId, account: accountId, plan: 'starter', exp: Math.floor(Date.now() / 1000) + 3600 })}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

/** The `track` rows stored for `user`. */
function trackedBy(user: string): string[] {
  const db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT name FROM events WHERE user_id = ? AND type = 'track' ORDER BY seq").all(user) as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}

type TokenKind = 'signed' | 'none' | 'other-user' | 'forged';

let visits = 0;
async function open(kind: TokenKind): Promise<{ page: Page; user: string; warnings: string[]; errors: Error[] }> {
  const page = await context.newPage();
  pages.push(page);
  const warnings: string[] = [];
  const errors: Error[] = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  page.on('pageerror', (e) => errors.push(e));
  const id = `signed-${++visits}-${kind}`;
  await page.goto(`${site.url}/?id=${id}&kind=${kind}`);
  return { page, user: `user_${id}`, warnings, errors };
}

beforeAll(async () => {
  server = await startServer();
  const api = secretApi(server, keysOf(server).secret);
  await publishRules(api, rules);
  const put = await expectStatus(api('PUT', '/v1/identity', { required: true }), 200, 'PUT /v1/identity');
  secret = ((await put.json()) as { secret: string }).secret;
  site = await hostSite((path, q) => {
    if (path !== '/') return null;
    const id = q.get('id') ?? 'anon';
    const kind = q.get('kind') as TokenKind;
    const token =
      kind === 'signed' ? upshiftToken(`user_${id}`, `acct_${id}`) : kind === 'other-user' ? upshiftToken('user_someone_else', `acct_${id}`) : kind === 'forged' ? upshiftToken(`user_${id}`, `acct_${id}`, 'idsec_guessed') : undefined;
    return hostPage({
      src: `${server.url}/upshift.js`,
      key: keysOf(server).publishable,
      context: { ...contextFor(id, { usage: { api_calls: 6000 } }), ...(token && { token }) },
      body: `<main><h1>Reports</h1><button id="export" onclick="Upshift.track('report_exported'); this.textContent = 'Exported'">Export</button></main>`,
    });
  });
  browser = await launchChromium();
  context = await browser.newContext();
});

afterEach(async () => {
  for (const p of pages.splice(0)) await p.close();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await server?.stop();
  removeDir(server.dir);
});

describe('identity verification in Chromium', () => {
  it("a signed person's prompt shows and their events are stored", async () => {
    const { page, user, errors } = await open('signed');
    await page.getByRole('region', { name: TITLE }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.getByRole('button', { name: 'Export' }).click();
    await eventually(() => expect(trackedBy(user)).toEqual(['report_exported']), 20_000);
    expect(errors).toEqual([]);
  });

  it.each<[TokenKind, string]>([
    ['none', '401'],
    ['forged', '401'],
    ['other-user', '403'],
  ])('with %s token, nothing is stored, one warning says why, and the page keeps working', async (kind, status) => {
    const { page, user, warnings, errors } = await open(kind);
    await page.getByRole('button', { name: 'Export' }).click();
    expect(await page.getByRole('button', { name: 'Exported' }).isVisible()).toBe(true);
    await eventually(() => expect(warnings.some((w) => w.includes(`HTTP ${status}`))).toBe(true), 20_000);
    expect(trackedBy(user)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
