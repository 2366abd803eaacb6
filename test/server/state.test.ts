import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { State } from '../../shared/schemas/state';
import { click, dismiss, impression, track } from '../helpers/events';
import { expectApiError, postEvents } from '../helpers/http';
import { APP_ORIGIN, createTestApp, withReadonlyDb, type TestApp } from '../helpers/test-app';

const DAY = 86_400_000;
let now = Date.UTC(2026, 10, 10, 12);
let t: TestApp;
beforeEach(async () => {
  now = Date.UTC(2026, 10, 10, 12);
  t = await createTestApp({ clock: () => now });
});
afterEach(async () => {
  await t.cleanup();
});

const iso = (ms: number) => new Date(ms).toISOString();
const getState = async (params: Record<string, string>, headers: Record<string, string> = {}) =>
  t.app.request(`/v1/state?${new URLSearchParams({ key: t.key, ...params })}`, { headers });
const stateOf = async (params: Record<string, string>) => {
  const res = await getState(params);
  expect(res.status).toBe(200);
  return State.parse(await res.json());
};
const me = { user: 'u1', account: 'a1' };

describe('GET /v1/state', () => {
  it('returns this person’s dismissals, impressions and event times, from every device', async () => {
    const events = [
      impression({ userId: 'u1', accountId: 'a1', ruleId: 'api-usage-ladder', tier: 'p85', at: iso(now - 3 * DAY) }),
      dismiss({ userId: 'u1', accountId: 'a1', ruleId: 'api-usage-ladder', tier: 'p85', at: iso(now - 3 * DAY + 1000) }),
      dismiss({ userId: 'u1', accountId: 'a1', ruleId: 'api-usage-ladder', tier: 'p85', at: iso(now - DAY) }),
      click({ userId: 'u1', accountId: 'a1', ruleId: 'api-usage-ladder', tier: 'p95', at: iso(now - DAY) }),
      track({ userId: 'u1', accountId: 'a1', name: 'report_exported', at: iso(now - 2 * DAY) }),
      track({ userId: 'u1', accountId: 'a1', name: 'report_exported', at: iso(now - DAY) }),
      // Someone else, and the same person in another account: not theirs to see here.
      dismiss({ userId: 'u2', accountId: 'a1', ruleId: 'api-usage-ladder', tier: 'p95', at: iso(now - DAY) }),
      track({ userId: 'u1', accountId: 'a2', name: 'report_exported', at: iso(now - DAY) }),
      // Older than the 90 days looked at.
      track({ userId: 'u1', accountId: 'a1', name: 'report_exported', at: iso(now - 120 * DAY) }),
    ];
    expect((await postEvents(t.app, t.key, { events })).status).toBe(200);
    const state = await stateOf(me);
    expect(state.rules).toEqual({ 'api-usage-ladder': { dismissed: { p85: now - DAY }, impressions: [now - 3 * DAY] } });
    expect(state.counts).toEqual({ report_exported: [now - DAY, now - 2 * DAY] });
    expect(state.forecast).toEqual({});
  });

  it('keeps one usage snapshot per account, metric and day, the latest of the day', async () => {
    await stateOf({ ...me, usage: JSON.stringify({ api_calls: 100, seats: 2 }) });
    now += 3_600_000;
    await stateOf({ ...me, usage: JSON.stringify({ api_calls: 180 }) });
    now += DAY;
    await stateOf({ ...me, usage: JSON.stringify({ api_calls: 400 }) });
    const rows = withReadonlyDb(t.file, (db) => db.prepare('SELECT metric, day, value FROM usage_snapshots ORDER BY metric, day').all());
    expect(rows).toEqual([
      { metric: 'api_calls', day: '2026-11-10', value: 180 },
      { metric: 'api_calls', day: '2026-11-11', value: 400 },
      { metric: 'seats', day: '2026-11-10', value: 2 },
    ]);
  });

  it('forecasts days to the plan limit from the daily snapshots once there is a trend', async () => {
    now = Date.UTC(2026, 10, 2, 12);
    let state = await stateOf({ ...me, plan: 'starter', usage: JSON.stringify({ api_calls: 1000 }) });
    for (let day = 1; day <= 6; day++) {
      now += DAY;
      state = await stateOf({ ...me, plan: 'starter', usage: JSON.stringify({ api_calls: 1000 + 300 * day }) });
    }
    // 2,800 now, 300 a day, 10,000 on Starter: 24 days, about 3 weeks.
    expect(state.forecast?.api_calls).toMatchObject({ perDay: 300, days: 24, confident: true, weeks: 3 });
    // Limits sent by the browser (a negotiated contract) win over the plan's.
    const custom = await stateOf({ ...me, plan: 'starter', limits: JSON.stringify({ api_calls: 4000 }) });
    expect(custom.forecast?.api_calls?.days).toBe(4);
  });

  it('is private, never cached, and granted to allowed origins only', async () => {
    const res = await getState(me, { Origin: APP_ORIGIN });
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    await expectApiError(await getState(me, { Origin: 'https://evil.test' }), 403, 'origin_not_allowed');
    await expectApiError(await t.app.request('/v1/state?user=u1&account=a1'), 401, 'missing_key');
  });

  it.each([
    ['no user', { account: 'a1' }, 'user'],
    ['an empty account', { user: 'u1', account: '' }, 'account'],
    ['usage that is not JSON', { ...me, usage: '{api_calls' }, 'usage'],
    ['negative usage', { ...me, usage: JSON.stringify({ api_calls: -5 }) }, 'usage.api_calls'],
    ['a prototype key in limits', { ...me, limits: '{"__proto__":{"x":1}}' }, 'limits'],
  ])('refuses %s with 400 and the path, storing nothing', async (_name, params, path) => {
    const error = await expectApiError(await getState(params as Record<string, string>), 400, 'invalid_request');
    expect(JSON.stringify(error.details)).toContain(`"${path}`);
    expect(withReadonlyDb(t.file, (db) => (db.prepare('SELECT COUNT(*) AS n FROM usage_snapshots').get() as { n: number }).n)).toBe(0);
  });
});

describe('GET /v1/state with names that exist on every object', () => {
  it('answers for rule ids and event names like "toString" and "constructor", touching no prototype', async () => {
    const events = [
      track({ userId: 'u1', accountId: 'a1', name: 'constructor', at: iso(now - DAY) }),
      track({ userId: 'u1', accountId: 'a1', name: 'toString', at: iso(now - DAY) }),
      impression({ userId: 'u1', accountId: 'a1', ruleId: 'toString', tier: 'p70', at: iso(now - DAY) }),
      dismiss({ userId: 'u1', accountId: 'a1', ruleId: 'constructor', tier: 'valueOf', at: iso(now - DAY) }),
    ];
    expect((await postEvents(t.app, t.key, { events })).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const state = await stateOf(me);
      expect(state.counts).toEqual({ constructor: [now - DAY], toString: [now - DAY] });
      expect(state.rules).toEqual({ toString: { impressions: [now - DAY] }, constructor: { dismissed: { valueOf: now - DAY } } });
    }
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'impressions')).toBe(false);
    expect(typeof Object.prototype.toString).toBe('function');
    expect((Object as unknown as Record<string, unknown>)['dismissed']).toBeUndefined();
  });

  it('keeps snapshots only for metrics the catalog knows', async () => {
    await stateOf({ ...me, usage: JSON.stringify({ api_calls: 10, made_up: 99 }) });
    const metrics = withReadonlyDb(t.file, (db) => db.prepare('SELECT metric FROM usage_snapshots').pluck().all());
    expect(metrics).toEqual(['api_calls']);
  });
});
