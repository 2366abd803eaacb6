import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeDrafts } from '../../server/services/publishing';
import { demoContent } from '../../server/demo/seed';
import type { AccountsResponse, PreviewResponse } from '../../shared/schemas/customer';
import { addPerson, manualClock, signedIn } from '../helpers/admin-client';
import { expectApiError, postState } from '../helpers/http';
import { APP_ORIGIN, createTestApp, type TestApp } from '../helpers/test-app';
import { DAY, NOW, pushRule, seed, type Seeded } from './customers-fixture';

let t: TestApp;
const time = manualClock(NOW);
const accounts: Seeded[] = [
  { id: 'acct_busy', user: 'ada', plan: 'starter', apiCalls: 9_000, ageDays: 400, health: 80, seenDaysAgo: 1 },
  { id: 'acct_new', user: 'bo', plan: 'starter', apiCalls: 9_500, ageDays: 10, seenDaysAgo: 2 },
  { id: 'acct_pro', user: 'cy', plan: 'pro', apiCalls: 500, ageDays: 400, seenDaysAgo: 3 },
  { id: 'big-acc-9', user: 'di', plan: 'starter', apiCalls: 100, ageDays: 400, seenDaysAgo: 0 },
  { id: 'acct_gone', user: 'ed', plan: 'starter', apiCalls: 9_900, ageDays: 400, seenDaysAgo: 45 },
];
beforeEach(async () => {
  time.set(NOW);
  t = await createTestApp({ clock: time.clock });
  await writeDrafts(t.store, t.environment.id, demoContent);
  await seed(t.app, t.key, time, accounts);
});
afterEach(async () => {
  await t.cleanup();
});

const call = (method: string, path: string, body?: unknown) =>
  t.app.request(path, {
    method,
    headers: { Authorization: `Bearer ${t.secretKey}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const preview = async (body: unknown) => {
  const res = await call('POST', '/v1/preview', body);
  expect(res.status).toBe(200);
  return (await res.json()) as PreviewResponse;
};
const hand = (over: { plan?: string; apiCalls?: number; createdAt?: string } = {}) => ({
  user: { id: 'someone', locale: 'en' },
  account: { id: 'by-hand', plan: over.plan ?? 'starter', createdAt: over.createdAt ?? '2025-01-01' },
  usage: { api_calls: over.apiCalls ?? 9_000 },
});

describe('GET /v1/accounts', () => {
  it('lists the accounts seen in the last 30 days, latest first, with plan, last visit, usage and person', async () => {
    const body = (await (await call('GET', '/v1/accounts')).json()) as AccountsResponse;
    expect(body.accounts.map((a) => a.accountId)).toEqual(['big-acc-9', 'acct_busy', 'acct_new', 'acct_pro']);
    expect(body.accounts[1]).toMatchObject({ plan: 'starter', userId: 'ada', usage: { api_calls: 9_000 }, lastSeen: new Date(NOW - DAY).toISOString() });
    expect(body.accounts[1]!.context.account).toMatchObject({ id: 'acct_busy', plan: 'starter', health: 80, createdAt: new Date(NOW - 400 * DAY).toISOString() });
  });

  it.each([
    ['acc', ['acct_busy', 'acct_new', 'acct_pro', 'big-acc-9']],
    ['ACCT_B', ['acct_busy']],
    ['-acc-', ['big-acc-9']],
    ['nobody', []],
  ])('finds ids containing %j, those starting with it first', async (q, ids) => {
    const body = (await (await call('GET', `/v1/accounts?q=${encodeURIComponent(q)}`)).json()) as AccountsResponse;
    expect(body.accounts.map((a) => a.accountId)).toEqual(ids);
  });

  it('takes a limit, and refuses one out of range at its field', async () => {
    const body = (await (await call('GET', '/v1/accounts?limit=2')).json()) as AccountsResponse;
    expect(body.accounts).toHaveLength(2);
    const error = await expectApiError(await call('GET', '/v1/accounts?limit=500'), 400, 'invalid_request');
    expect((error.details as { issues: { path: string }[] }).issues[0]!.path).toBe('limit');
  });

  it('answers a signed-in viewer in the console', async () => {
    await addPerson(t.store, 'viewer@acme.test', 'viewer', NOW);
    const tab = await signedIn(t.app, 'viewer@acme.test');
    const body = await tab.ok<AccountsResponse>('GET', `/v1/admin/environments/${t.environment.id}/accounts?q=pro`);
    expect(body.accounts.map((a) => a.accountId)).toEqual(['acct_pro']);
    const shown = await tab.ok<PreviewResponse>('POST', `/v1/admin/environments/${t.environment.id}/preview`, { accountId: 'acct_busy' });
    expect(shown.live?.prompt?.ruleId).toBe('api-usage-ladder');
  });
});

describe('POST /v1/preview', () => {
  it('rebuilds a recent account and decides as /v1/decide does, with the same reasons and words', async () => {
    const body = await preview({ accountId: 'acct_busy' });
    expect(body.live?.prompt).toMatchObject({ ruleId: 'api-usage-ladder', tier: 'p85', surface: 'banner', content: { title: '90% of your API calls used' } });
    expect(body.drafts.prompt?.ruleId).toBe('api-usage-ladder');
    const decided = (await (await call('POST', '/v1/decide', { context: body.context })).json()) as { reasons: unknown[] };
    // /v1/decide reads the person's stored history too: both judge the same person the same way.
    expect(body.live!.reasons).toEqual(decided.reasons);
  });

  it('says why each other rule does not show, in the words of Upshift.debug()', async () => {
    const young = await preview({ accountId: 'acct_new' });
    expect(young.live?.prompt).toBeNull();
    expect(young.live?.reasons).toEqual([{ ruleId: 'api-usage-ladder', code: 'guard.account_too_new', params: { days: 10, min: 90 }, message: 'account is 10 days old; this rule waits 90 days' }]);
    const pro = await preview({ accountId: 'acct_pro' });
    expect(pro.drafts.reasons[0]!.message).toBe('plan "pro" has no next step in the catalog for this account');
  });

  it('judges the unsaved rule as if live in the drafts only, and shows the copy and variables it would use', async () => {
    const body = await preview({ accountId: 'acct_busy', rule: pushRule() });
    expect(body.drafts.prompt).toMatchObject({ ruleId: 'api-push', tier: 'p85' });
    expect(body.drafts.reasons.find((r) => r.ruleId === 'api-usage-ladder')!.message).toBe('rule "api-push" (priority 200) takes the banner first');
    expect(body.live?.prompt?.ruleId).toBe('api-usage-ladder');
    expect(body.live?.reasons.map((r) => r.ruleId)).toEqual(['api-usage-ladder']);
    const vars = Object.fromEntries(body.variables.map((v) => [v.path, v.text]));
    expect(vars).toMatchObject({ 'plan.name': 'Starter', 'offer.plan.name': 'Pro', percent: '90%', limit: '10,000', usage: '9,000', 'usage.api_calls': '9,000', remaining: '1,000' });
  });

  it('shows a saved draft change against what is live today', async () => {
    await t.store.putDraftRule(t.environment.id, 'api-usage-ladder', { ...demoContent.rules[0]!, status: 'paused' });
    const body = await preview({ accountId: 'acct_busy' });
    expect(body.drafts.prompt).toBeNull();
    expect(body.drafts.reasons[0]!.message).toBe('the rule is paused; only live rules show');
    expect(body.live?.prompt?.ruleId).toBe('api-usage-ladder');
  });

  it('takes a context filled in by hand, with no history, and the account’s own variables when no rule shows', async () => {
    const shown = await preview({ context: hand({ apiCalls: 9_600 }) });
    expect(shown.drafts.prompt).toMatchObject({ ruleId: 'api-usage-ladder', tier: 'p95' });
    const quiet = await preview({ context: hand({ apiCalls: 100 }) });
    expect(quiet.drafts.reasons[0]!.message).toBe('api_calls is at 1% of its limit (100 of 10000); the first tier starts at 70%');
    expect(quiet.variables).toEqual(
      expect.arrayContaining([
        { path: 'plan.name', text: 'Starter' },
        { path: 'usage.api_calls', text: '100' },
        { path: 'limits.api_calls', text: '10,000' },
      ]),
    );
  });

  it('answers live: null before the first publish', async () => {
    const fresh = await createTestApp({ clock: time.clock, publish: false });
    try {
      await writeDrafts(fresh.store, fresh.environment.id, demoContent);
      const res = await fresh.app.request('/v1/preview', {
        method: 'POST',
        headers: { Authorization: `Bearer ${fresh.secretKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ context: hand() }),
      });
      const body = (await res.json()) as PreviewResponse;
      expect(body.live).toBeNull();
      expect(body.drafts.prompt?.ruleId).toBe('api-usage-ladder');
    } finally {
      await fresh.cleanup();
    }
  });

  it('answers 404 for an account never seen, at accountId', async () => {
    const error = await expectApiError(await call('POST', '/v1/preview', { accountId: 'acct_nobody' }), 404, 'not_found');
    expect(error.details).toEqual({ issues: [{ path: 'accountId', message: 'no such account has been seen' }] });
  });

  it.each([
    ['a context without a plan', { context: { ...hand(), account: { id: 'x' } } }, 'context.account.plan'],
    ['a negative usage', { context: { ...hand(), usage: { api_calls: -1 } } }, 'context.usage.api_calls'],
    ['a bad creation date', { context: hand({ createdAt: 'last tuesday' }) }, 'context.account.createdAt'],
    ['neither an account nor a context', {}, 'accountId'],
    ['both an account and a context', { accountId: 'acct_busy', context: hand() }, 'context'],
    ['an unsaved rule without a surface', { accountId: 'acct_busy', rule: { ...pushRule(), surface: 'billboard' } }, 'rule.surface'],
  ])('refuses %s with 400 at its path', async (_name, body, path) => {
    const error = await expectApiError(await call('POST', '/v1/preview', body), 400, 'invalid_request');
    expect((error.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain(path);
  });
});

describe('what POST /v1/state keeps of an account', () => {
  const list = async () => ((await (await call('GET', '/v1/accounts?q=acct_x')).json()) as AccountsResponse).accounts;
  const send = (body: Record<string, unknown>) => postState(t.app, t.key, { user: 'u9', account: 'acct_x', plan: 'starter', ...body }, { Origin: APP_ORIGIN });

  it('keeps the latest visit, drops what it cannot read without refusing the request, and never writes on GET', async () => {
    expect((await send({ usage: { api_calls: 5 }, health: 'great', createdAt: 12, locale: 'de', openTickets: 2 })).status).toBe(200);
    const [first] = await list();
    expect(first!.context).toEqual({ user: { id: 'u9', locale: 'de' }, account: { id: 'acct_x', plan: 'starter', openTickets: 2 }, usage: { api_calls: 5 } });
    time.advance(60_000);
    await send({ user: 'u10', plan: 'pro', usage: { api_calls: 7 } });
    expect(await list()).toMatchObject([{ userId: 'u10', plan: 'pro', usage: { api_calls: 7 }, lastSeen: new Date(NOW + 60_000).toISOString() }]);
    await t.app.request(`/v1/state?key=${t.key}&user=u11&account=acct_xy&plan=pro`);
    expect((await list()).map((a) => a.accountId)).toEqual(['acct_x']);
  });
});
