import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIdentityToken } from '../../server/services/identity-token';
import { IdentitySettingsView } from '../../shared/schemas/identity';
import { track } from '../helpers/events';
import { expectApiError } from '../helpers/http';
import { APP_ORIGIN, countAllEvents } from '../helpers/test-app';
import { createWebhookTestApp, secretCall, T0, type WebhookTestApp } from './webhook-helpers';

// Events wait in the widget's queue for up to a day (offline, an outage, a tab closed mid-send).
// A token that expired meanwhile still vouches for events that happened before it expired, for a
// day; never for later events, and never for state reads or actions.

const HOUR = 3_600_000;
let t: WebhookTestApp;
let secret: string;
beforeEach(async () => {
  t = await createWebhookTestApp();
  const res = await secretCall(t, 'PUT', '/v1/identity', { required: true });
  secret = IdentitySettingsView.parse(await res.json()).secret!;
});
afterEach(async () => {
  await t.cleanup();
});

/** A token for u1/a1 that expires at `expMs`. */
const tokenUntil = (expMs: number) => signIdentityToken({ sub: 'u1', account: 'a1', exp: Math.floor(expMs / 1000) }, secret);
const eventAt = (ms: number) => track({ userId: 'u1', accountId: 'a1', at: new Date(ms).toISOString() });

/** A beacon-style batch with the token in the body, arriving at `arrival`. */
function deliver(token: string, atMs: number[], arrival: number) {
  t.time.set(arrival);
  return t.app.request(`https://api.upshift.test/v1/events?key=${t.key}`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: APP_ORIGIN },
    body: JSON.stringify({ events: atMs.map(eventAt), token }),
  });
}

describe('an identity token that expired while its events were queued', () => {
  it('still vouches, for a day, for events that happened before it expired', async () => {
    const token = tokenUntil(T0 + HOUR);
    const res = await deliver(token, [T0, T0 + 30 * 60_000], T0 + 20 * HOUR);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 2, duplicates: 0 });
  });

  it('refuses a batch with any event after the expiry, and a token expired over a day ago, writing nothing', async () => {
    const token = tokenUntil(T0 + HOUR);
    await expectApiError(await deliver(token, [T0, T0 + 2 * HOUR], T0 + 3 * HOUR), 401, 'identity_invalid');
    await expectApiError(await deliver(token, [T0], T0 + HOUR + 25 * HOUR), 401, 'identity_invalid');
    expect(countAllEvents(t.file)).toBe(0);
  });

  it('is not enough for a state read or a trial', async () => {
    t.time.set(T0 + 2 * HOUR);
    const token = tokenUntil(T0 + HOUR);
    await expectApiError(await t.app.request(`/v1/state?key=${t.key}&user=u1&account=a1`, { headers: { 'X-Upshift-Token': token } }), 401, 'identity_invalid');
    const trial = await t.app.request('https://api.upshift.test/v1/trials', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Upshift-Key': t.key, Origin: APP_ORIGIN, 'X-Upshift-Token': token },
      body: JSON.stringify({ userId: 'u1', accountId: 'a1', ruleId: 'try-reports', feature: 'scheduled_reports' }),
    });
    await expectApiError(trial, 401, 'identity_invalid');
  });
});

describe('rotating the identity secret with an overlap', () => {
  const rotate = (body?: unknown) => secretCall(t, 'POST', '/v1/identity/rotate', body);
  const signedWith = (key: string) => signIdentityToken({ sub: 'u1', account: 'a1', exp: Math.floor((T0 + 3 * 24 * HOUR) / 1000) }, key);

  it('keeps taking tokens of the previous secret for the seconds asked, then refuses them', async () => {
    t.time.set(T0);
    const old = signedWith(secret);
    const res = await rotate({ previousValidSeconds: 86_400 });
    expect(res.status).toBe(200);
    const view = IdentitySettingsView.parse(await res.json());
    expect(view.previousSecretValidUntil).toBe(new Date(T0 + 24 * HOUR).toISOString());
    // Queued events signed before the rotation, and new ones under the new secret, both arrive.
    expect((await deliver(old, [T0 - HOUR], T0 + 23 * HOUR)).status).toBe(200);
    expect((await deliver(signedWith(view.secret!), [T0 + HOUR], T0 + 23 * HOUR)).status).toBe(200);
    expect(await countAllEvents(t.file)).toBe(2);

    await expectApiError(await deliver(old, [T0 - HOUR], T0 + 24 * HOUR + 1), 401, 'identity_invalid');
    expect(IdentitySettingsView.parse(await (await secretCall(t, 'GET', '/v1/identity')).json()).previousSecretValidUntil).toBeNull();
    expect(await countAllEvents(t.file)).toBe(2);
  });

  it('ends the previous secret at once by default, and a second rotation ends the first overlap', async () => {
    t.time.set(T0);
    const first = signedWith(secret);
    await rotate({ previousValidSeconds: 3600 });
    const next = IdentitySettingsView.parse(await (await rotate()).json());
    expect(next.previousSecretValidUntil).toBeNull();
    await expectApiError(await deliver(first, [T0], T0 + 1000), 401, 'identity_invalid');
    expect((await deliver(signedWith(next.secret!), [T0], T0 + 1000)).status).toBe(200);
  });

  it.each([
    [{ previousValidSeconds: -1 }],
    [{ previousValidSeconds: 604_801 }],
    [{ previousValidSeconds: 1.5 }],
    [{ previousValidSeconds: '3600' }],
    [{ keep: 3600 }],
    ['{"previousValidSeconds":'],
  ])('refuses the rotation %j and keeps the secret', async (body) => {
    const res = await rotate(body);
    expect(res.status).toBe(400);
    expect(IdentitySettingsView.parse(await (await secretCall(t, 'GET', '/v1/identity')).json()).secret).toBe(secret);
  });
});
