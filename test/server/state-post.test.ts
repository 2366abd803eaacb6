import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoContent, publish } from '../../server/demo/seed';
import { State } from '../../shared/schemas/state';
import { expectApiError, postState } from '../helpers/http';
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

const me = { user: 'u1', account: 'a1', plan: 'starter' };
/** The widget's state read: POST, text/plain JSON, from the allowed origin. */
const report = (body: unknown, headers: Record<string, string> = {}) => postState(t.app, t.key, body, { Origin: APP_ORIGIN, ...headers });
const stateOf = async (body: Record<string, unknown>) => {
  const res = await report(body);
  expect(res.status, await res.clone().text()).toBe(200);
  return State.parse(await res.json());
};
const snapshots = () => withReadonlyDb(t.file, (db) => db.prepare('SELECT metric, day, value FROM usage_snapshots ORDER BY metric, day').all());

describe('POST /v1/state keeps the usage it is sent', () => {
  it('keeps one snapshot per account, metric and day, the latest of the day', async () => {
    await stateOf({ ...me, usage: { api_calls: 100, seats: 2 } });
    now += 3_600_000;
    await stateOf({ ...me, usage: { api_calls: 180 } });
    now += DAY;
    await stateOf({ ...me, usage: { api_calls: 400 } });
    expect(snapshots()).toEqual([
      { metric: 'api_calls', day: '2026-11-10', value: 180 },
      { metric: 'api_calls', day: '2026-11-11', value: 400 },
      { metric: 'seats', day: '2026-11-10', value: 2 },
    ]);
  });

  it('keeps snapshots only for metrics the catalog knows', async () => {
    await stateOf({ ...me, usage: { api_calls: 10, made_up: 99 } });
    expect(snapshots()).toEqual([{ metric: 'api_calls', day: '2026-11-10', value: 10 }]);
  });

  it('forecasts days to the plan limit from the daily snapshots once there is a trend', async () => {
    now = Date.UTC(2026, 10, 2, 12);
    let state = await stateOf({ ...me, usage: { api_calls: 1000 } });
    for (let day = 1; day <= 6; day++) {
      now += DAY;
      state = await stateOf({ ...me, usage: { api_calls: 1000 + 300 * day } });
    }
    // 2,800 now, 300 a day, 10,000 on Starter: 24 days, about 3 weeks.
    expect(state.forecast?.api_calls).toMatchObject({ perDay: 300, days: 24, confident: true, weeks: 3 });
    // Limits sent by the browser (a negotiated contract) win over the plan's.
    expect((await stateOf({ ...me, limits: { api_calls: 4000 } })).forecast?.api_calls?.days).toBe(4);
    // A limit the server cannot read is dropped, and the plan's applies again.
    expect((await stateOf({ ...me, limits: { api_calls: -1, 'API Calls': 4000 } })).forecast?.api_calls?.days).toBe(24);
    // A plan that is not a Key is no plan: there is no limit to forecast against.
    expect((await stateOf({ ...me, plan: 'Starter Plan' })).forecast).toEqual({});
    // GET answers the same from the same context in its query (readiness as the POST before it scored it).
    const posted = await stateOf({ ...me, limits: { api_calls: 4000 } });
    const query = new URLSearchParams({ key: t.key, user: 'u1', account: 'a1', plan: 'starter', limits: JSON.stringify({ api_calls: 4000 }) });
    expect(await (await t.app.request(`/v1/state?${query}`)).json()).toEqual(posted);
  });

  it('forecasts against the plan’s limit plus the owned add-ons’, as the engine counts them', async () => {
    const seatPack = { id: 'seat-pack', name: 'Seat pack', features: [], limits: { seats: 5 } };
    await publish(t.store, t.environment.id, { ...demoContent, catalog: { ...demoContent.catalog, addons: [seatPack] } });
    now = Date.UTC(2026, 10, 2, 12);
    // Seats grow by one a day, from 2 to 8: past Starter's 5, two short of 5 + 5.
    for (let day = 0; day <= 6; day++, now += DAY) await stateOf({ ...me, usage: { seats: 2 + day } });
    now -= DAY;
    const seats = async (extra: Record<string, unknown>) => (await stateOf({ ...me, ...extra })).forecast?.seats;
    expect(await seats({ addons: ['seat-pack'] })).toMatchObject({ perDay: 1, days: 2 });
    expect(await seats({})).toMatchObject({ perDay: 1, days: 0 });
    // Ids that are not Keys, or not in the catalog, add nothing; one id counts once.
    expect(await seats({ addons: ['seat pack', 'unknown-pack'] })).toMatchObject({ days: 0 });
    expect(await seats({ addons: ['seat-pack', 'seat-pack', 'not a key', 7] })).toMatchObject({ days: 2 });
    // The context's own limit for a metric wins over plan and add-ons together.
    expect(await seats({ addons: ['seat-pack'], limits: { seats: 20 } })).toMatchObject({ days: 12 });
  });

  // Inside a well-formed body the server is as lenient as the widget: the person keeps their
  // history, and only the readings it can use are kept.
  it.each<[string, Record<string, unknown>, Record<string, number>]>([
    ['a usage key that is not a Key', { usage: { 'API Calls': 5 } }, {}],
    ['negative usage', { usage: { api_calls: -5, seats: 3 } }, { seats: 3 }],
    ['usage that is a string', { usage: { api_calls: '5', seats: 3 } }, { seats: 3 }],
    ['usage that is null', { usage: { api_calls: null, seats: 3 } }, { seats: 3 }],
    ['a prototype key in usage', { usage: JSON.parse('{"__proto__":{"x":1},"api_calls":7}') }, { api_calls: 7 }],
    ['limits with a key that is not a Key and a negative value', { limits: { 'API Calls': 5, seats: -1 }, usage: { api_calls: 7 } }, { api_calls: 7 }],
    ['a plan that is not a Key', { plan: 'Pro Plan', usage: { api_calls: 7 } }, { api_calls: 7 }],
    ['a period start that is not a Timestamp', { periodStart: '2026-03-01 00:00:00', usage: { api_calls: 7 } }, { api_calls: 7 }],
    ['add-on ids that are not Keys', { addons: ['seat pack', '', 5, null], usage: { api_calls: 7 } }, { api_calls: 7 }],
  ])('ignores %s: 200, and only the valid readings kept', async (_name, extra, kept) => {
    await stateOf({ ...me, ...extra });
    const rows = withReadonlyDb(t.file, (db) => db.prepare('SELECT metric, value FROM usage_snapshots').all() as { metric: string; value: number }[]);
    expect(Object.fromEntries(rows.map((r) => [r.metric, r.value]))).toEqual(kept);
  });

  it('keeps a reading sent as {"__proto__":…} out of every prototype', async () => {
    await report('{"user":"u1","account":"a1","plan":"starter","usage":{"__proto__":{"api_calls":1}}}');
    expect(snapshots()).toEqual([]);
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'api_calls')).toBe(false);
  });
});

describe('POST /v1/state refuses a malformed request with the error shape, storing nothing', () => {
  it.each<[string, string | Record<string, unknown>, number, string, string?]>([
    ['no user', { account: 'a1', plan: 'starter', usage: { api_calls: 5 } }, 400, 'invalid_request', 'user'],
    ['an account of 257 characters', { ...me, account: 'a'.repeat(257), usage: { api_calls: 5 } }, 400, 'invalid_request', 'account'],
    ['no plan', { user: 'u1', account: 'a1', usage: { api_calls: 5 } }, 400, 'invalid_request', 'plan'],
    ['usage that is an array', { ...me, usage: [5] }, 400, 'invalid_request', 'usage'],
    ['limits that are a string', { ...me, limits: '{"api_calls":5}', usage: { api_calls: 5 } }, 400, 'invalid_request', 'limits'],
    ['add-ons that are a string', { ...me, addons: 'seat-pack', usage: { api_calls: 5 } }, 400, 'invalid_request', 'addons'],
    ['101 add-ons', { ...me, addons: Array.from({ length: 101 }, (_, i) => `a${i}`), usage: { api_calls: 5 } }, 400, 'invalid_request', 'addons'],
    ['a body that is not JSON', '{"user":"u1","usage":{"api_calls":5}', 400, 'invalid_json'],
    ['a body that is an array', JSON.stringify([me]), 400, 'invalid_request'],
    ['a body over 16 KB', { ...me, usage: { api_calls: 5 }, pad: 'x'.repeat(17_000) }, 413, 'payload_too_large'],
  ])('%s', async (_name, body, status, code, path) => {
    const error = await expectApiError(await report(body), status, code);
    if (path) expect(JSON.stringify(error.details)).toContain(`"path":"${path}`);
    expect(snapshots()).toEqual([]);
  });

  it('a form post is refused as 415', async () => {
    const res = await t.app.request(`/v1/state?key=${t.key}`, { method: 'POST', headers: { Origin: APP_ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'user=u1&account=a1' });
    await expectApiError(res, 415, 'unsupported_media_type');
  });

  it('other methods are 405 with Allow', async () => {
    const res = await t.app.request(`/v1/state?key=${t.key}`, { method: 'PUT' });
    expect(res.headers.get('allow')).toBe('GET, POST, OPTIONS');
    await expectApiError(res, 405, 'method_not_allowed');
  });
});
