import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIdentityToken, verifyIdentityToken } from '../../server/services/identity-token';
import { IdentitySettingsView } from '../../shared/schemas/identity';
import { State } from '../../shared/schemas/state';
import { impression, track } from '../helpers/events';
import { expectApiError } from '../helpers/http';
import { APP_ORIGIN, countAllEvents, withReadonlyDb } from '../helpers/test-app';
import { createWebhookTestApp, DAY, secretCall, T0, type WebhookTestApp } from './webhook-helpers';

let t: WebhookTestApp;
let secret: string;
beforeEach(async () => {
  t = await createWebhookTestApp();
});
afterEach(async () => {
  await t.cleanup();
});

const SECONDS = T0 / 1000;
const ME = { sub: 'u1', account: 'a1' };
const sign = (claims: Record<string, unknown> = {}, key = secret) => signIdentityToken({ ...ME, exp: SECONDS + 600, iat: SECONDS, ...claims }, key);
const mine = (make: typeof impression) => make({ userId: 'u1', accountId: 'a1' });
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

async function requireIdentity(required = true): Promise<string> {
  const res = await secretCall(t, 'PUT', '/v1/identity', { required });
  expect(res.status).toBe(200);
  const view = IdentitySettingsView.parse(await res.json());
  expect(view.required).toBe(required);
  return view.secret!;
}

/** A JSON POST from the allowed origin, as the widget sends it. */
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  t.app.request(`https://api.upshift.test${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Upshift-Key': t.key, Origin: APP_ORIGIN, ...headers },
    body: JSON.stringify(body),
  });
const events = (body: unknown, headers: Record<string, string> = {}, query = '') => post(`/v1/events${query}`, body, headers);
const TRIAL = { userId: 'u1', accountId: 'a1', ruleId: 'try-reports', feature: 'scheduled_reports' };
const ASK = { userId: 'u1', accountId: 'a1', ruleId: 'api-usage-ladder' };
const rowCount = (table: string) => withReadonlyDb(t.file, (db) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n);

describe('identity settings: GET|PUT /v1/identity, POST /v1/identity/rotate', () => {
  it('is off with no secret until turned on; the secret is kept by later PUTs and replaced by rotate', async () => {
    expect(await (await secretCall(t, 'GET', '/v1/identity')).json()).toEqual({ required: false, unverifiedActions: false, secret: null, hasSecret: false, previousSecretValidUntil: null });
    secret = await requireIdentity();
    expect(secret).toMatch(/^idsec_[A-Za-z0-9]{43}$/);
    expect(await (await secretCall(t, 'GET', '/v1/identity')).json()).toEqual({ required: true, unverifiedActions: false, secret, hasSecret: true, previousSecretValidUntil: null });
    expect(await requireIdentity(false)).toBe(secret);
    expect(await requireIdentity(true)).toBe(secret);

    const old = sign();
    const rotated = IdentitySettingsView.parse(await (await secretCall(t, 'POST', '/v1/identity/rotate')).json());
    expect(rotated).toMatchObject({ required: true, previousSecretValidUntil: null });
    expect(rotated.secret).not.toBe(secret);
    await expectApiError(await events({ events: [mine(track)] }, { Authorization: `Bearer ${old}` }), 401, 'identity_invalid');
    expect((await events({ events: [mine(track)] }, { Authorization: `Bearer ${sign({}, rotated.secret!)}` })).status).toBe(200);
  });

  it('takes only the secret key, and refuses a body that is not { required: boolean }', async () => {
    const pk = await t.app.request('/v1/identity', { headers: { 'X-Upshift-Key': t.key } });
    await expectApiError(pk, 401, 'missing_key');
    await expectApiError(await t.app.request('/v1/identity', { headers: { Authorization: `Bearer ${t.key}` } }), 401, 'wrong_key_type');
    await expectApiError(await secretCall(t, 'PUT', '/v1/identity', { required: 'yes' }), 400, 'invalid_request');
    await expectApiError(await secretCall(t, 'PUT', '/v1/identity', { required: true, secret: 'mine' }), 400, 'invalid_request');
    await expectApiError(await secretCall(t, 'DELETE', '/v1/identity'), 405, 'method_not_allowed');
  });
});

describe('identity verification off (the default)', () => {
  it('takes requests without a token, and ignores any token sent', async () => {
    expect((await events({ events: [mine(track)] })).status).toBe(200);
    expect((await events({ events: [track({ userId: 'someone-else' })], token: 'not.a.token' })).status).toBe(200);
    expect((await t.app.request(`/v1/state?key=${t.key}&user=u1&account=a1`)).status).toBe(200);
  });
});

describe('identity verification on', () => {
  beforeEach(async () => {
    secret = await requireIdentity();
  });

  it.each([
    ['Authorization: Bearer', (tok: string) => ({ headers: { Authorization: `Bearer ${tok}` } })],
    ['X-Upshift-Token', (tok: string) => ({ headers: { 'X-Upshift-Token': tok } })],
    ['the batch\'s token field', (tok: string) => ({ body: { token: tok } })],
  ] as const)('takes events with a valid token in %s', async (_, place) => {
    const where: { headers?: Record<string, string>; query?: string; body?: Record<string, string> } = place(sign());
    const batch = [mine(impression), mine(track)];
    const res = await events({ events: batch, ...where.body }, where.headers, where.query);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 2, duplicates: 0 });
  });

  it('takes a sendBeacon batch (text/plain, token in the body) from an allowed origin', async () => {
    const res = await t.app.request('https://api.upshift.test/v1/events?key=' + t.key, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: APP_ORIGIN },
      body: JSON.stringify({ events: [mine(track)], token: sign() }),
    });
    expect(res.status).toBe(200);
  });

  const forged: [string, () => string][] = [
    ['signed with another secret', () => sign({}, 'idsec_someone-elses-secret')],
    ['with alg "none" and no signature', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...ME, exp: SECONDS + 600 })}.`],
    ['with alg "none" and the HS256 signature of another token', () => `${b64({ alg: 'none' })}.${b64({ ...ME, exp: SECONDS + 600 })}.${sign().split('.')[2]}`],
    ['with alg "HS512"', () => {
      const [, p, s] = sign().split('.');
      return `${b64({ alg: 'HS512', typ: 'JWT' })}.${p}.${s}`;
    }],
    ['whose payload was changed after signing', () => {
      const [h, , s] = sign().split('.');
      return `${h}.${b64({ ...ME, sub: 'u1', account: 'a1', plan: 'enterprise', exp: SECONDS + 600 })}.${s}`;
    }],
    ['expired past the leeway', () => sign({ exp: SECONDS - 61 })],
    ['without exp', () => sign({ exp: undefined })],
    ['not valid before a later time', () => sign({ nbf: SECONDS + 3600 })],
    ['issued in the future', () => sign({ iat: SECONDS + 3600 })],
    ['without account', () => sign({ account: undefined })],
    ['that is not a JWT at all', () => 'hello'],
  ];

  it.each(forged)('refuses a token %s with 401 identity_invalid, writing nothing', async (_, make) => {
    await expectApiError(await events({ events: [mine(track)] }, { Authorization: `Bearer ${make()}` }), 401, 'identity_invalid');
    await expectApiError(await t.app.request(`/v1/state?key=${t.key}&user=u1&account=a1&usage=${encodeURIComponent('{"api_calls":5}')}`, { headers: { 'X-Upshift-Token': make() } }), 401, 'identity_invalid');
    await expectApiError(await post('/v1/trials', TRIAL, { 'X-Upshift-Token': make() }), 401, 'identity_invalid');
    await expectApiError(await post('/v1/admin-requests', ASK, { 'X-Upshift-Token': make() }), 401, 'identity_invalid');
    expect(countAllEvents(t.file)).toBe(0);
    expect(rowCount('usage_snapshots')).toBe(0);
    expect(rowCount('trials')).toBe(0);
    expect(rowCount('admin_requests')).toBe(0);
  });

  it('accepts a token that expired within the leeway of clock skew', async () => {
    expect((await events({ events: [mine(track)] }, { 'X-Upshift-Token': sign({ exp: SECONDS - 20 }) })).status).toBe(200);
  });

  it('refuses every person-level request without a token: 401 identity_required, nothing written', async () => {
    await expectApiError(await events({ events: [mine(track)] }), 401, 'identity_required');
    await expectApiError(await t.app.request(`/v1/state?key=${t.key}&user=u1&account=a1&usage=${encodeURIComponent('{"api_calls":5}')}`), 401, 'identity_required');
    await expectApiError(await post('/v1/trials', TRIAL), 401, 'identity_required');
    await expectApiError(await post('/v1/admin-requests', ASK), 401, 'identity_required');
    expect(countAllEvents(t.file)).toBe(0);
    expect(rowCount('usage_snapshots')).toBe(0);
    expect(rowCount('trials')).toBe(0);
    expect(rowCount('admin_requests')).toBe(0);
    // GET /v1/config is not about a person and needs no token.
    expect((await t.app.request(`/v1/config?key=${t.key}`)).status).toBe(200);
  });

  it('refuses, with 403 identity_mismatch and nothing written, a request for another person than the token names', async () => {
    const auth = { Authorization: `Bearer ${sign()}` };
    // One event of someone else's refuses the whole batch.
    await expectApiError(await events({ events: [mine(track), track({ userId: 'u2', accountId: 'a1' })] }, auth), 403, 'identity_mismatch');
    await expectApiError(await events({ events: [track({ userId: 'u1', accountId: 'a2' })] }, auth), 403, 'identity_mismatch');
    await expectApiError(await t.app.request(`/v1/state?key=${t.key}&user=u2&account=a1&usage=${encodeURIComponent('{"api_calls":5}')}`, { headers: auth }), 403, 'identity_mismatch');
    await expectApiError(await post('/v1/trials', { ...TRIAL, accountId: 'a2' }, auth), 403, 'identity_mismatch');
    await expectApiError(await post('/v1/admin-requests', { ...ASK, userId: 'u2' }, auth), 403, 'identity_mismatch');
    expect(countAllEvents(t.file)).toBe(0);
    expect(rowCount('usage_snapshots')).toBe(0);
    expect(rowCount('trials')).toBe(0);
    expect(rowCount('admin_requests')).toBe(0);
  });

  it('starts a trial and records an admin request for the person the token names', async () => {
    const auth = { Authorization: `Bearer ${sign()}` };
    expect((await post('/v1/trials', TRIAL, auth)).status).toBe(201);
    expect((await post('/v1/admin-requests', ASK, auth)).status).toBe(202);
  });

  it('never reads a token from the URL, where proxies and logs keep it: a valid one in "token" is as good as none', async () => {
    const inUrl = `token=${sign()}`;
    const refused = [
      await events({ events: [mine(track)] }, {}, `?${inUrl}`),
      await t.app.request(`/v1/state?key=${t.key}&user=u1&account=a1&${inUrl}`),
      await post(`/v1/trials?${inUrl}`, TRIAL),
      await post(`/v1/admin-requests?${inUrl}`, ASK),
    ];
    for (const res of refused) expect((await expectApiError(res, 401, 'identity_required')).message).toContain('never read');
    expect(countAllEvents(t.file)).toBe(0);
    expect(rowCount('trials')).toBe(0);
    expect(rowCount('admin_requests')).toBe(0);
  });

  it.each([
    ['an exp a year ahead', () => sign({ exp: SECONDS + 365 * 86_400 })],
    ['an exp of 1e300', () => sign({ exp: 1e300 })],
    ['an exp 7 days and 31 s ahead', () => sign({ exp: SECONDS + 7 * 86_400 + 31 })],
  ])('refuses a token with %s: 401 identity_invalid, nothing written', async (_, make) => {
    const error = await expectApiError(await events({ events: [mine(track)] }, { 'X-Upshift-Token': make() }), 401, 'identity_invalid');
    expect(error.message).toBe('The identity token expires too far ahead ("exp" more than 7 days from now)');
    await expectApiError(await t.app.request(`/v1/state?key=${t.key}&user=u1&account=a1`, { headers: { 'X-Upshift-Token': make() } }), 401, 'identity_invalid');
    expect(countAllEvents(t.file)).toBe(0);
  });

  it('takes a token that expires 7 days ahead, with the 30 s leeway for a backend’s clock', async () => {
    expect((await events({ events: [mine(track)] }, { 'X-Upshift-Token': sign({ exp: SECONDS + 7 * 86_400 + 30 }) })).status).toBe(200);
  });

  it('forecasts GET /v1/state with the signed plan and limits, not the ones the browser sent', async () => {
    // 1,000 api calls a week ago, 300 more each day: 2,800 today.
    for (let day = 0; day <= 6; day++) await t.store.recordUsage(t.environment.id, 'a1', { api_calls: 1000 + 300 * day }, T0 - (6 - day) * DAY);
    const forecastDays = async (query: Record<string, string>, claims: Record<string, unknown>) => {
      const res = await t.app.request(`/v1/state?${new URLSearchParams({ key: t.key, user: 'u1', account: 'a1', ...query })}`, { headers: { 'X-Upshift-Token': sign(claims) } });
      expect(res.status).toBe(200);
      return State.parse(await res.json()).forecast?.['api_calls']?.days;
    };
    // Unsigned, the browser's values apply: Starter's 10,000 is 24 days away, its own 100,000 far more.
    expect(await forecastDays({ plan: 'starter' }, {})).toBe(24);
    // A signed limit of 4,000 wins over the browser's 100,000: 4 days.
    expect(await forecastDays({ plan: 'starter', limits: JSON.stringify({ api_calls: 100_000 }) }, { plan: 'starter', limits: { api_calls: 4000 } })).toBe(4);
    // A signed plan wins over a browser that claims no plan it can use.
    expect(await forecastDays({ plan: 'No Such Plan' }, { plan: 'starter' })).toBe(24);
    // A signed limit is checked like the browser's: a negative one makes the token invalid.
    const bad = await t.app.request(`/v1/state?key=${t.key}&user=u1&account=a1`, { headers: { 'X-Upshift-Token': sign({ limits: { api_calls: -1 } }) } });
    await expectApiError(bad, 401, 'identity_invalid');
  });
});

describe('verifyIdentityToken', () => {
  const key = 'idsec_unit';
  it.each([
    ['a valid token', signIdentityToken({ ...ME, exp: 100 }, key), 100_000, true],
    ['exactly at the leeway', signIdentityToken({ ...ME, exp: 100 }, key), 130_000, true],
    ['past the leeway', signIdentityToken({ ...ME, exp: 100 }, key), 130_001, false],
    ['an exp 7 days ahead, with the leeway', signIdentityToken({ ...ME, exp: 604_830 }, key), 0, true],
    ['an exp 7 days and 31 s ahead', signIdentityToken({ ...ME, exp: 604_831 }, key), 0, false],
    ['an exp of 1e300', signIdentityToken({ ...ME, exp: 1e300 }, key), 0, false],
    ['an exp that is a string', signIdentityToken({ ...ME, exp: '9999999999' }, key), 0, false],
    ['a sub that is a number', signIdentityToken({ sub: 7, account: 'a1', exp: 100 }, key), 0, false],
    ['limits that are not metric numbers', signIdentityToken({ ...ME, exp: 100, limits: { api_calls: 'lots' } }, key), 0, false],
    ['a signature with a character appended', `${signIdentityToken({ ...ME, exp: 100 }, key)}A`, 0, false],
    ['four parts', `${signIdentityToken({ ...ME, exp: 100 }, key)}.x`, 0, false],
    ['a payload that is not JSON', `${b64({ alg: 'HS256' })}.bm90IGpzb24.sig`, 0, false],
  ] as const)('%s', (_, token, now, ok) => {
    expect(verifyIdentityToken(token, key, now).ok).toBe(ok);
  });

  it('answers the claims it understands and drops the others', () => {
    const id = randomUUID();
    const token = signIdentityToken({ sub: id, account: 'a', exp: 10, plan: 'pro', limits: { seats: 5 }, extra: true }, key);
    expect(verifyIdentityToken(token, key, 0)).toEqual({ ok: true, claims: { sub: id, account: 'a', exp: 10, plan: 'pro', limits: { seats: 5 } } });
  });
});
