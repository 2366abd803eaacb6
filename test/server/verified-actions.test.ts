import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIdentityToken } from '../../server/services/identity-token';
import { IdentitySettingsView } from '../../shared/schemas/identity';
import { track } from '../helpers/events';
import { expectApiError } from '../helpers/http';
import { APP_ORIGIN, countAllEvents, withReadonlyDb } from '../helpers/test-app';
import { createWebhookTestApp, identitySecret, secretCall, startReceiver, T0, type Receiver, type WebhookTestApp } from './webhook-helpers';

// Actions that grant something need a verified person: a trial (its `trial.started` webhook is what
// the host grants the entitlement on) and a request to the admins. The publishable key is public,
// so by default these need an identity token for the same person even with verification off;
// an environment may opt out explicitly with `unverifiedActions`. Events and state reads do not.

let t: WebhookTestApp;
let receiver: Receiver;
beforeEach(async () => {
  t = await createWebhookTestApp({ allowPrivate: true }); // its receiver listens on 127.0.0.1
  // The host listens for every webhook, so a refused action that still sent one would show.
  receiver = await startReceiver();
  expect((await secretCall(t, 'PUT', '/v1/webhooks', { url: receiver.url })).status).toBe(201);
});
afterEach(async () => {
  await t.cleanup();
  await receiver.close();
});

const SECONDS = T0 / 1000;
const TRIAL = { userId: 'u1', accountId: 'a1', ruleId: 'try-reports', feature: 'scheduled_reports' };
const ASK = { userId: 'u1', accountId: 'a1', ruleId: 'api-usage-ladder' };
const sign = (secret: string, claims: Record<string, unknown> = {}) => signIdentityToken({ sub: 'u1', account: 'a1', exp: SECONDS + 600, ...claims }, secret);

/** A JSON POST from the allowed origin, as the widget sends it, with the token in X-Upshift-Token when given. */
const post = (path: string, body: unknown, token?: string) =>
  t.app.request(`https://api.upshift.test${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Upshift-Key': t.key, Origin: APP_ORIGIN, ...(token === undefined ? {} : { 'X-Upshift-Token': token }) },
    body: JSON.stringify(body),
  });
const trial = (token?: string, body: object = TRIAL) => post('/v1/trials', body, token);
const ask = (token?: string, body: object = ASK) => post('/v1/admin-requests', body, token);
const rows = (table: 'trials' | 'admin_requests') => withReadonlyDb(t.file, (db) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n);

/** What the host saw: nothing recorded, no webhook queued or delivered. */
async function expectNothingGranted(): Promise<void> {
  expect(rows('trials')).toBe(0);
  expect(rows('admin_requests')).toBe(0);
  expect(await t.store.listDeliveries(t.environment.id, 10)).toEqual([]);
  await t.deliverer.idle();
  expect(receiver.received).toEqual([]);
}

describe('trials and admin requests with identity verification never set up (the default)', () => {
  it('are refused with 403 identity_not_configured, telling the operator what to set, with or without a token', async () => {
    for (const token of [undefined, sign('idsec_a-secret-this-server-never-made')]) {
      for (const res of [await trial(token), await ask(token)]) {
        const error = await expectApiError(res, 403, 'identity_not_configured');
        expect(error.message).toContain('PUT /v1/identity');
        expect(error.message).toContain('"unverifiedActions": true');
      }
    }
    await expectNothingGranted();
  });

  it('still takes events and state reads without a token: they grant nothing', async () => {
    expect((await post('/v1/events', { events: [track({ userId: 'u1', accountId: 'a1' })] })).status).toBe(200);
    expect((await t.app.request(`/v1/state?key=${t.key}&user=u1&account=a1`)).status).toBe(200);
    expect(countAllEvents(t.file)).toBe(1);
  });
});

describe('trials and admin requests with an identity secret and verification off', () => {
  let secret: string;
  beforeEach(async () => {
    secret = await identitySecret(t, { required: false });
  });

  it('refuse a request without a token: 401 identity_required', async () => {
    const error = await expectApiError(await trial(), 401, 'identity_required');
    expect(error.message).toContain('X-Upshift-Token');
    await expectApiError(await ask(), 401, 'identity_required');
    await expectNothingGranted();
  });

  it.each([
    ['another account', { account: 'a2' }],
    ['another user of the account', { sub: 'u2' }],
  ])('refuse a valid token for %s: 403 identity_mismatch', async (_, claims) => {
    await expectApiError(await trial(sign(secret, claims)), 403, 'identity_mismatch');
    await expectApiError(await ask(sign(secret, claims)), 403, 'identity_mismatch');
    await expectNothingGranted();
  });

  it.each([
    ['signed with another secret', () => sign('idsec_someone-elses-secret')],
    ['expired', () => sign(secret, { exp: SECONDS - 3600 })],
    ['that is not a JWT', () => 'not-a-token'],
  ])('refuse a token %s: 401 identity_invalid', async (_, make) => {
    await expectApiError(await trial(make()), 401, 'identity_invalid');
    await expectApiError(await ask(make()), 401, 'identity_invalid');
    await expectNothingGranted();
  });

  it('start the trial and ask the admins for the person a valid token names, and the host hears of each', async () => {
    expect((await trial(sign(secret))).status).toBe(201);
    expect((await ask(sign(secret))).status).toBe(202);
    await t.deliverer.idle();
    expect(receiver.received.map((r) => (JSON.parse(r.body) as { type: string }).type).sort()).toEqual(['admin.requested', 'trial.started']);
  });

  it('leave events and state reads without a token alone', async () => {
    expect((await post('/v1/events', { events: [track({ userId: 'u1', accountId: 'a1' })] })).status).toBe(200);
    expect((await t.app.request(`/v1/state?key=${t.key}&user=u1&account=a1`)).status).toBe(200);
  });
});

describe('unverifiedActions: true, the explicit opt-out', () => {
  it('takes trials and admin requests without a token, as before; a later PUT without it refuses them again', async () => {
    await identitySecret(t, { required: false, unverifiedActions: true });
    expect(IdentitySettingsView.parse(await (await secretCall(t, 'GET', '/v1/identity')).json())).toMatchObject({ required: false, unverifiedActions: true });
    expect((await trial()).status).toBe(201);
    expect((await ask()).status).toBe(202);

    // A PUT states the whole setting: leaving the field out never loosens it.
    await identitySecret(t, { required: false });
    expect(IdentitySettingsView.parse(await (await secretCall(t, 'GET', '/v1/identity')).json()).unverifiedActions).toBe(false);
    await expectApiError(await trial(undefined, { ...TRIAL, accountId: 'a2' }), 401, 'identity_required');
    await expectApiError(await ask(undefined, { ...ASK, userId: 'u2' }), 401, 'identity_required');
    expect(rows('trials')).toBe(1);
    expect(rows('admin_requests')).toBe(1);
  });

  it('has no effect while verification is required: every person-level request needs its token', async () => {
    const secret = await identitySecret(t, { required: true, unverifiedActions: true });
    await expectApiError(await trial(), 401, 'identity_required');
    await expectApiError(await ask(), 401, 'identity_required');
    await expectApiError(await trial(sign(secret, { account: 'a2' })), 403, 'identity_mismatch');
    await expectNothingGranted();
    expect((await trial(sign(secret))).status).toBe(201);
  });

  it('is set only with the secret key, as a boolean', async () => {
    await expectApiError(await secretCall(t, 'PUT', '/v1/identity', { required: false, unverifiedActions: 'yes' }), 400, 'invalid_request');
    const pk = await t.app.request('/v1/identity', { method: 'PUT', headers: { 'X-Upshift-Key': t.key, 'Content-Type': 'application/json' }, body: JSON.stringify({ required: false, unverifiedActions: true }) });
    await expectApiError(pk, 401, 'missing_key');
    expect(await (await secretCall(t, 'GET', '/v1/identity')).json()).toEqual({ required: false, unverifiedActions: false, secret: null, hasSecret: false, previousSecretValidUntil: null });
    await expectApiError(await trial(), 403, 'identity_not_configured');
  });
});
