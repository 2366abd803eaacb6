import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIdentityToken } from '../../server/identity-token';
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
    await expectApiError(await t.app.request(`/v1/state?key=${t.key}&user=u1&account=a1&token=${token}`), 401, 'identity_invalid');
    const trial = await t.app.request('https://api.upshift.test/v1/trials', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Upshift-Key': t.key, Origin: APP_ORIGIN, 'X-Upshift-Token': token },
      body: JSON.stringify({ userId: 'u1', accountId: 'a1', ruleId: 'try-reports', feature: 'scheduled_reports' }),
    });
    await expectApiError(trial, 401, 'identity_invalid');
  });
});
