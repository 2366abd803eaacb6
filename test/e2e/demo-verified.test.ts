import Database from 'better-sqlite3';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, removeDir, startServer, type RunningServer } from './harness';
import { keysOf } from './host';

// The demo as `npm start` seeds it, in Chromium: trials and requests to the admins need a verified
// person, and the demo's backend signs its people's tokens, so its trial and "Ask your admin"
// still work out of the box, while the same request without a token is refused.

let server: RunningServer;
let browser: Browser;
const pages: Page[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
});

afterEach(async () => {
  for (const p of pages.splice(0)) await p.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  removeDir(server.dir);
});

function rows(sql: string): unknown[] {
  const db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

/** The claims of a JWT, read without checking it: what the demo's backend put in the token the page sent. */
const claimsOf = (token: string | undefined) => JSON.parse(Buffer.from((token ?? '..').split('.')[1] ?? '', 'base64url').toString('utf8') || 'null') as Record<string, unknown> | null;

async function open(path: string): Promise<{ page: Page; posts: Request[] }> {
  const page = await browser.newPage();
  pages.push(page);
  const posts: Request[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && ['/v1/trials', '/v1/admin-requests'].includes(new URL(r.url()).pathname)) posts.push(r);
  });
  await page.goto(`${server.url}${path}`);
  // The page identifies at once and again when its backend's token is in: a click before that would be refused.
  await expect
    .poll(() => page.evaluate(async () => ((await (window as unknown as { Upshift: { debug(): Promise<{ context: { token?: string } | null }> } }).Upshift.debug()).context?.token ?? null)), { timeout: 10_000 })
    .toEqual(expect.any(String));
  return { page, posts };
}

/** A request to the API from the demo page itself, as any script on it (or a copy of it elsewhere on an allowed origin) could send. */
function rawPost(page: Page, path: string, body: object, token?: string) {
  return page.evaluate(
    async ([api, key, p, b, tok]) => {
      const res = await fetch(`${api}${p}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Upshift-Key': key, ...(tok ? { 'X-Upshift-Token': tok } : {}) },
        body: JSON.stringify(b),
      });
      return { status: res.status, body: (await res.json()) as { error?: { code: string } } };
    },
    [server.url, keysOf(server).publishable, path, body, token] as const,
  );
}

describe('the demo’s trial and "Ask your admin" with verified people, in Chromium', () => {
  it('starts the trial of scheduled reports with the token the demo’s backend signed; without one, or for another account, nothing starts', async () => {
    const { page, posts } = await open('/demo');
    await page.getByRole('button', { name: 'Schedule report' }).click();
    const panel = page.getByRole('dialog', { name: 'Get every dashboard in your inbox' });
    await panel.waitFor({ state: 'visible', timeout: 10_000 });
    await panel.getByRole('button', { name: 'Start the 14-day trial' }).click();
    await panel.getByText('Scheduled reports unlocked for 14 days').waitFor({ timeout: 10_000 });

    expect(posts).toHaveLength(1);
    const sent = posts[0]!;
    expect(JSON.parse(sent.postData() ?? 'null')).toEqual({ userId: 'user_dana', accountId: 'acct_globex', ruleId: 'scheduled-reports-trial', surface: 'panel', locale: 'en', feature: 'scheduled_reports' });
    const token = (await sent.allHeaders())['x-upshift-token'];
    expect(claimsOf(token)).toMatchObject({ sub: 'user_dana', account: 'acct_globex' });
    expect((await sent.response())?.status()).toBe(201);
    expect(rows('SELECT account_id, offer_id FROM trials')).toEqual([{ account_id: 'acct_globex', offer_id: 'scheduled_reports' }]);

    // The same request from the same page with the public key alone is refused, and starts nothing.
    const trial = { ruleId: 'scheduled-reports-trial', feature: 'scheduled_reports' };
    const bare = await rawPost(page, '/v1/trials', { ...trial, userId: 'user_eve', accountId: 'acct_initech' });
    expect(bare).toEqual({ status: 401, body: { error: expect.objectContaining({ code: 'identity_required' }) } });
    // Nor does Dana's own token start one for another account.
    const borrowed = await rawPost(page, '/v1/trials', { ...trial, userId: 'user_dana', accountId: 'acct_initech' }, token);
    expect(borrowed).toEqual({ status: 403, body: { error: expect.objectContaining({ code: 'identity_mismatch' }) } });
    expect(rows('SELECT account_id FROM trials')).toEqual([{ account_id: 'acct_globex' }]);
  });

  it('asks the admins for a member, with the member’s own token; a request without one records nothing', async () => {
    const { page, posts } = await open('/demo?usage=90&role=member');
    const banner = page.getByRole('region', { name: /API calls/ });
    await banner.getByRole('button', { name: 'Ask your admin' }).click({ timeout: 10_000 });
    await banner.getByText('Your admin has been asked.').waitFor({ timeout: 10_000 });

    expect(posts).toHaveLength(1);
    const sent = posts[0]!;
    expect(JSON.parse(sent.postData() ?? 'null')).toMatchObject({ userId: 'user_fox', accountId: 'acct_globex', ruleId: 'api-usage-ladder' });
    expect(claimsOf((await sent.allHeaders())['x-upshift-token'])).toMatchObject({ sub: 'user_fox', account: 'acct_globex' });
    expect((await sent.response())?.status()).toBe(202);

    const bare = await rawPost(page, '/v1/admin-requests', { userId: 'user_eve', accountId: 'acct_initech', ruleId: 'api-usage-ladder' });
    expect(bare).toEqual({ status: 401, body: { error: expect.objectContaining({ code: 'identity_required' }) } });
    expect(rows('SELECT user_id, account_id FROM admin_requests')).toEqual([{ user_id: 'user_fox', account_id: 'acct_globex' }]);
  });
});
