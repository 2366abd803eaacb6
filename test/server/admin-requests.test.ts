import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_REQUEST_WINDOW_MS } from '../../server/http/routes/admin-requests';
import { AdminRequestResult } from '../../shared/schemas/admin-request';
import { AdminRequestedWebhook, WebhookDelivery, WebhookEndpointWithSecret } from '../../shared/schemas/webhook';
import { expectApiError, headerList } from '../helpers/http';
import { APP_ORIGIN, withReadonlyDb } from '../helpers/test-app';
import { createWebhookTestApp, DAY, identitySecret, secretCall, startReceiver, T0, tokenForBody, verifyStandardWebhook, type Receiver, type WebhookTestApp } from './webhook-helpers';

let t: WebhookTestApp;
let receiver: Receiver | undefined;
/** The identity secret the host's backend signs its people's tokens with. */
let secret: string;
beforeEach(async () => {
  // The receiver listens on 127.0.0.1, which only the development switch lets webhooks reach.
  t = await createWebhookTestApp({ allowPrivate: true });
  secret = await identitySecret(t);
});
afterEach(async () => {
  await t.cleanup();
  await receiver?.close();
  receiver = undefined;
});

const ASK = { userId: 'u1', accountId: 'a1', ruleId: 'api-usage-ladder', role: 'member', note: 'We keep hitting the API limit on Mondays' };
const iso = (ms: number) => new Date(ms).toISOString();

/** `POST /v1/admin-requests` as the widget sends it, from `origin` (default the allowed one), with the token of the person the body names. */
const ask = (body: unknown, origin = APP_ORIGIN, key = t.key) => {
  const token = tokenForBody(secret, body, t.time.clock());
  return t.app.request('https://api.upshift.test/v1/admin-requests', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Upshift-Key': key, Origin: origin, ...(token === undefined ? {} : { 'X-Upshift-Token': token }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
};

/** Points the environment's webhook at a local receiver for every event type; returns the secret. */
async function hostReceives(): Promise<{ secret: string; receiver: Receiver }> {
  const r = (receiver = await startReceiver());
  const res = await secretCall(t, 'PUT', '/v1/webhooks', { url: r.url });
  expect(res.status).toBe(201);
  return { secret: WebhookEndpointWithSecret.parse(await res.json()).secret, receiver: r };
}

const storedRequests = () =>
  withReadonlyDb(t.file, (db) => db.prepare('SELECT account_id, user_id, rule_id, role, note, created_at FROM admin_requests ORDER BY created_at').all());

describe('POST /v1/admin-requests', () => {
  it('records the request with 202 and sends the host one signed admin.requested webhook with the rule’s offer', async () => {
    const { secret, receiver } = await hostReceives();
    const res = await ask(ASK);
    expect(res.status).toBe(202);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const result = AdminRequestResult.parse(await res.json());
    expect(result).toEqual({ request: { id: expect.stringMatching(/^adm_[A-Za-z0-9]{16}$/), createdAt: iso(T0) }, created: true });
    await t.deliverer.idle();

    expect(receiver.received).toHaveLength(1);
    const [hook] = receiver.received;
    expect(verifyStandardWebhook(secret, hook!.headers, hook!.body)).toBe(true);
    expect(hook!.headers['webhook-id']).toMatch(/^msg_/);
    expect(AdminRequestedWebhook.parse(JSON.parse(hook!.body))).toEqual({
      type: 'admin.requested',
      timestamp: iso(T0),
      data: { accountId: 'a1', userId: 'u1', role: 'member', ruleId: 'api-usage-ladder', offer: { type: 'upgrade', plan: 'next' }, note: ASK.note },
    });
    const deliveries = WebhookDelivery.array().parse(((await (await secretCall(t, 'GET', '/v1/webhooks/deliveries')).json()) as { deliveries: unknown }).deliveries);
    expect(deliveries).toEqual([expect.objectContaining({ type: 'admin.requested', status: 'succeeded', attempts: 1 })]);
    expect(storedRequests()).toEqual([{ account_id: 'a1', user_id: 'u1', rule_id: 'api-usage-ladder', role: 'member', note: ASK.note, created_at: T0 }]);
  });

  it('sends null for a role and a note the person did not give, and a trial rule’s offer as configured', async () => {
    const { receiver } = await hostReceives();
    expect((await ask({ userId: 'u1', accountId: 'a1', ruleId: 'try-reports' })).status).toBe(202);
    await t.deliverer.idle();
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({
      data: { role: null, note: null, ruleId: 'try-reports', offer: { type: 'trial', feature: 'scheduled_reports', days: 14 } },
    });
  });

  it('asks at most once per account, person and rule in 24 hours: a repeat answers 200 with the earlier request and sends nothing', async () => {
    const { receiver } = await hostReceives();
    const first = AdminRequestResult.parse(await (await ask(ASK)).json());
    await t.deliverer.idle();

    t.time.set(T0 + ADMIN_REQUEST_WINDOW_MS - 1);
    const repeat = await ask({ ...ASK, note: 'Please!', role: 'viewer' });
    expect(repeat.status).toBe(200);
    expect(await repeat.json()).toEqual({ request: first.request, created: false });
    await t.deliverer.idle();
    expect(receiver.received).toHaveLength(1);

    // Another person, account or rule is another request.
    for (const other of [{ userId: 'u2' }, { accountId: 'a2' }, { ruleId: 'try-reports' }]) expect((await ask({ ...ASK, ...other })).status).toBe(202);
    await t.deliverer.idle();
    expect(receiver.received).toHaveLength(4);

    // A day after the first, the person may ask again, and the admins hear of it again.
    t.time.set(T0 + DAY);
    const again = await ask(ASK);
    expect(again.status).toBe(202);
    const later = AdminRequestResult.parse(await again.json());
    expect(later.request.id).not.toBe(first.request.id);
    expect(later.request.createdAt).toBe(iso(T0 + DAY));
    await t.deliverer.idle();
    expect(receiver.received).toHaveLength(5);
    expect(AdminRequestedWebhook.parse(JSON.parse(receiver.received[4]!.body)).timestamp).toBe(iso(T0 + DAY));
    // And the window starts over from the new request.
    t.time.set(T0 + DAY + 3_600_000);
    expect((await ask(ASK)).status).toBe(200);
    await t.deliverer.idle();
    expect(receiver.received).toHaveLength(5);
  });

  it('queues nothing for an endpoint that takes other event types only, but still records the request', async () => {
    receiver = await startReceiver();
    expect((await secretCall(t, 'PUT', '/v1/webhooks', { url: receiver.url, events: ['trial.started'] })).status).toBe(201);
    expect((await ask(ASK)).status).toBe(202);
    await t.deliverer.idle();
    expect(receiver.received).toHaveLength(0);
    expect(await t.store.listDeliveries(t.environment.id, 10)).toEqual([]);
    expect(storedRequests()).toHaveLength(1);
  });

  it.each([
    ['an unknown rule', 'no-such-rule', 404, 'rule_not_found'],
    ['a rule that is only a draft', 'try-reports-draft', 404, 'rule_not_found'],
    ['a rule before its schedule starts', 'try-reports-later', 409, 'rule_not_running'],
  ])('refuses %s and sends nothing', async (_, ruleId, status, code) => {
    const { receiver } = await hostReceives();
    const error = await expectApiError(await ask({ ...ASK, ruleId }), status, code);
    expect(error.message).toContain(ruleId);
    await t.deliverer.idle();
    expect(receiver.received).toHaveLength(0);
    expect(storedRequests()).toEqual([]);
  });

  it('answers 404 not_published before the environment has a live config', async () => {
    const other = await t.store.createEnvironment({ name: 'Empty', allowedOrigins: [APP_ORIGIN] });
    // About publishing, not identity: this environment opts out of verified actions.
    await t.store.putIdentitySettings(other.environment.id, { required: false, unverifiedActions: true }, 'idsec_other', T0);
    await expectApiError(await ask(ASK, APP_ORIGIN, other.environment.publishableKey), 404, 'not_published');
  });

  it.each([
    ['no user', 'userId', { ...ASK, userId: undefined }],
    ['an empty account id', 'accountId', { ...ASK, accountId: '' }],
    ['an account id with control characters', 'accountId', { ...ASK, accountId: 'a\u0007' }],
    ['no rule', 'ruleId', { ...ASK, ruleId: undefined }],
    ['a rule id with spaces', 'ruleId', { ...ASK, ruleId: 'api usage' }],
    ['an empty role', 'role', { ...ASK, role: '' }],
    ['a role of 65 characters', 'role', { ...ASK, role: 'r'.repeat(65) }],
    ['a note of 501 characters', 'note', { ...ASK, note: 'n'.repeat(501) }],
    ['a blank note', 'note', { ...ASK, note: ' \n ' }],
    ['a note that is not text', 'note', { ...ASK, note: 42 }],
    ['an unknown field', '', { ...ASK, plan: 'enterprise' }],
    ['a list instead of an object', '', [ASK]],
  ])('answers 400 with the path for %s', async (_, path, body) => {
    const error = await expectApiError(await ask(body), 400, 'invalid_request');
    expect((error.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain(path);
    expect(storedRequests()).toEqual([]);
  });

  it('answers 400 for invalid JSON and 413 for an oversized body', async () => {
    await expectApiError(await ask('{"userId":'), 400, 'invalid_json');
    await expectApiError(await ask({ ...ASK, userId: 'u'.repeat(9000) }), 413, 'payload_too_large');
    expect(storedRequests()).toEqual([]);
  });

  it('refuses a foreign origin with 403 and no CORS grant, before recording or sending anything', async () => {
    const { receiver } = await hostReceives();
    const res = await ask(ASK, 'https://evil.test');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    await expectApiError(res, 403, 'origin_not_allowed');
    await t.deliverer.idle();
    expect(receiver.received).toHaveLength(0);
    expect(storedRequests()).toEqual([]);
  });

  it('answers the CORS preflight of an allowed origin', async () => {
    const res = await t.app.request('https://api.upshift.test/v1/admin-requests', {
      method: 'OPTIONS',
      headers: { Origin: APP_ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type, x-upshift-key' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(headerList(res, 'access-control-allow-methods')).toContain('post');
    expect(headerList(res, 'access-control-allow-headers')).toContain('x-upshift-key');
  });

  it('takes a publishable key only, and POST only', async () => {
    const noKey = await t.app.request('/v1/admin-requests', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(ASK) });
    await expectApiError(noKey, 401, 'missing_key');
    await expectApiError(await ask(ASK, APP_ORIGIN, t.secretKey), 401, 'wrong_key_type');
    await expectApiError(await t.app.request(`/v1/admin-requests?key=${t.key}`), 405, 'method_not_allowed');
  });
});
