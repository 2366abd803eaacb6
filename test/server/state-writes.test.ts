import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIdentityToken } from '../../server/services/identity-token';
import { IdentitySettingsView } from '../../shared/schemas/identity';
import { State } from '../../shared/schemas/state';
import { track } from '../helpers/events';
import { expectApiError, headerList, postEvents, postState } from '../helpers/http';
import { APP_ORIGIN, countAllEvents, createTestApp, withReadonlyDb, type TestApp } from '../helpers/test-app';

// Who may write an account's usage: since a cross-site <img> makes a browser send a GET with no
// Origin, only POST /v1/state writes, and a POST goes through the origin check.

const DAY = 86_400_000;
let now = Date.UTC(2026, 10, 2, 12);
let t: TestApp;
beforeEach(async () => {
  now = Date.UTC(2026, 10, 2, 12);
  t = await createTestApp({ clock: () => now });
});
afterEach(async () => {
  await t.cleanup();
});

const me = { user: 'u1', account: 'a1', plan: 'starter' };
const snapshotCount = () => withReadonlyDb(t.file, (db) => db.prepare('SELECT COUNT(*) FROM usage_snapshots').pluck().get());
/** The state as the person's own page would read it now, with a plain GET. */
const read = async () => State.parse(await (await t.app.request(`/v1/state?key=${t.key}&user=u1&account=a1&plan=starter`)).json());
/** A week of readings growing 300 a day, each sent by `send` on its own day; the clock ends on the last. */
async function week(send: (usage: string) => Response | Promise<Response>) {
  for (let day = 0; day <= 6; day++, now += DAY) expect((await send(JSON.stringify({ api_calls: 1000 + 300 * day }))).status).toBe(200);
  now -= DAY;
}

describe('GET /v1/state never writes', () => {
  it('a cross-site <img> (a GET with usage, no Origin, Sec-Fetch-Site: cross-site) stores no snapshot, and no forecast follows', async () => {
    const img = (usage: string) =>
      t.app.request(`/v1/state?${new URLSearchParams({ key: t.key, ...me, usage })}`, { headers: { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Dest': 'image' } });
    await week(img);
    expect(snapshotCount()).toBe(0);
    expect((await read()).forecast).toEqual({});
  });

  it('while the same week sent by POST makes the forecast the GET then answers', async () => {
    await week((usage) => postState(t.app, t.key, { ...me, usage: JSON.parse(usage) }, { Origin: APP_ORIGIN }));
    expect(snapshotCount()).toBe(7);
    expect((await read()).forecast?.api_calls).toMatchObject({ perDay: 300, days: 24 });
  });
});

describe('POST /v1/state and the origin check', () => {
  const usage = { api_calls: 500 };

  it('from an allowed origin: stored, with the CORS grant, private and never cached', async () => {
    const res = await postState(t.app, t.key, { ...me, usage }, { Origin: APP_ORIGIN });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(snapshotCount()).toBe(1);
  });

  it('from a disallowed origin: 403 origin_not_allowed, no grant, nothing stored', async () => {
    const res = await postState(t.app, t.key, { ...me, usage }, { Origin: 'https://evil.test' });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    await expectApiError(res, 403, 'origin_not_allowed');
    expect(snapshotCount()).toBe(0);
  });

  it.each(['cross-site', 'same-site', 'none'])('from a browser that sent no Origin (Sec-Fetch-Site: %s): 403 origin_required, nothing written', async (site) => {
    await expectApiError(await postState(t.app, t.key, { ...me, usage }, { 'Sec-Fetch-Site': site }), 403, 'origin_required');
    await expectApiError(await postEvents(t.app, t.key, { events: [track({ userId: 'u1', accountId: 'a1' })] }, { headers: { 'Sec-Fetch-Site': site } }), 403, 'origin_required');
    expect(snapshotCount()).toBe(0);
    expect(countAllEvents(t.file)).toBe(0);
  });

  it('from a page of this server that sent no Origin (Sec-Fetch-Site: same-origin), or from a backend with neither header: taken as before', async () => {
    expect((await postState(t.app, t.key, { ...me, usage }, { 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200);
    expect((await postState(t.app, t.key, { ...me, usage: { api_calls: 600 } })).status).toBe(200);
    expect(snapshotCount()).toBe(1);
  });

  it('answers the preflight of an allowed origin for POST, and refuses a foreign one', async () => {
    const preflight = (origin: string) =>
      t.app.request(`/v1/state?key=${t.key}`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'x-upshift-token' } });
    const ok = await preflight(APP_ORIGIN);
    expect(ok.status).toBe(204);
    expect(headerList(ok, 'access-control-allow-methods')).toEqual(['get', 'post', 'options']);
    await expectApiError(await preflight('https://evil.test'), 403, 'origin_not_allowed');
  });
});

describe('POST /v1/state with identity verification on', () => {
  let secret: string;
  beforeEach(async () => {
    const res = await t.app.request('/v1/identity', { method: 'PUT', headers: { Authorization: `Bearer ${t.secretKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ required: true }) });
    secret = IdentitySettingsView.parse(await res.json()).secret!;
  });
  const token = (claims: Record<string, unknown> = {}) => signIdentityToken({ sub: 'u1', account: 'a1', exp: now / 1000 + 600, ...claims }, secret);
  const post = (body: unknown, headers: Record<string, string> = {}) => postState(t.app, t.key, body, { Origin: APP_ORIGIN, ...headers });

  it('takes the token in X-Upshift-Token, and the signed limits win over the body’s', async () => {
    await week((usage) => post({ ...me, usage: JSON.parse(usage) }, { 'X-Upshift-Token': token() }));
    const res = await post({ ...me, limits: { api_calls: 100_000 } }, { 'X-Upshift-Token': token({ limits: { api_calls: 4000 } }) });
    expect(State.parse(await res.json()).forecast?.api_calls?.days).toBe(4);
  });

  it('does not read a token from the body or the URL: 401 identity_required, nothing stored', async () => {
    await expectApiError(await post({ ...me, usage: { api_calls: 5 }, token: token() }), 401, 'identity_required');
    const inUrl = await t.app.request(`/v1/state?key=${t.key}&token=${token()}`, { method: 'POST', headers: { Origin: APP_ORIGIN, 'Content-Type': 'text/plain' }, body: JSON.stringify({ ...me, usage: { api_calls: 5 } }) });
    await expectApiError(inUrl, 401, 'identity_required');
    expect(snapshotCount()).toBe(0);
  });

  it('refuses a state request for another person than the token names: 403, nothing stored', async () => {
    await expectApiError(await post({ ...me, account: 'a2', usage: { api_calls: 5 } }, { 'X-Upshift-Token': token() }), 403, 'identity_mismatch');
    expect(snapshotCount()).toBe(0);
  });
});
