import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebhookEndpointView, WebhookEndpointWithSecret } from '../../shared/schemas/webhook';
import { expectApiError } from '../helpers/http';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { secretCall } from './webhook-helpers';

const NOW = Date.UTC(2026, 10, 22, 12);
let now = NOW;
let t: TestApp;
beforeEach(async () => {
  now = NOW;
  t = await createTestApp({ clock: () => now });
});
afterEach(async () => {
  await t.cleanup();
});

const call = (method: string, path: string, body?: unknown) => secretCall(t, method, path, body);
const put = async (body: unknown, status = 200) => {
  const res = await call('PUT', '/v1/webhooks', body);
  expect(res.status, await res.clone().text()).toBe(status);
  return WebhookEndpointWithSecret.parse(await res.json());
};
const get = async () => {
  const res = await call('GET', '/v1/webhooks');
  expect(res.status).toBe(200);
  const text = await res.text();
  return { text, webhook: WebhookEndpointView.nullable().parse((JSON.parse(text) as { webhook: unknown }).webhook) };
};

describe('GET|PUT /v1/webhooks', () => {
  it('answers null before an endpoint is set up', async () => {
    expect((await get()).webhook).toBeNull();
  });

  it('creates the endpoint with a whsec_ secret that only PUT answers; GET shows its prefix', async () => {
    const created = await put({ url: 'https://api.acme.test/hooks/upshift' }, 201);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(created.secret.slice('whsec_'.length), 'base64')).toHaveLength(24);
    expect(created.webhook).toEqual({
      url: 'https://api.acme.test/hooks/upshift',
      events: null,
      secretPrefix: created.secret.slice(0, 12),
      createdAt: new Date(NOW).toISOString(),
      updatedAt: new Date(NOW).toISOString(),
    });
    const { text, webhook } = await get();
    expect(webhook).toEqual(created.webhook);
    expect(text).not.toContain(created.secret);
    expect(text).not.toContain(created.secret.slice(12));
  });

  it('keeps the secret on a later PUT, which replaces URL and event types', async () => {
    const first = await put({ url: 'https://api.acme.test/hooks' }, 201);
    now = NOW + 60_000;
    const second = await put({ url: 'http://hooks.acme.test:8080/upshift', events: ['trial.started'] });
    expect(second.secret).toBe(first.secret);
    expect(second.webhook).toMatchObject({ url: 'http://hooks.acme.test:8080/upshift', events: ['trial.started'], createdAt: first.webhook.createdAt, updatedAt: new Date(now).toISOString() });
    // Leaving `events` out again subscribes to every type.
    expect((await put({ url: 'https://api.acme.test/hooks' })).webhook.events).toBeNull();
  });

  it('rotates the secret on POST /v1/webhooks/rotate; later PUTs keep the new one', async () => {
    const first = await put({ url: 'https://api.acme.test/hooks' }, 201);
    const res = await call('POST', '/v1/webhooks/rotate');
    expect(res.status).toBe(200);
    const rotated = WebhookEndpointWithSecret.parse(await res.json());
    expect(rotated.secret).not.toBe(first.secret);
    expect(rotated.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect((await get()).webhook?.secretPrefix).toBe(rotated.secret.slice(0, 12));
    expect((await put({ url: 'https://api.acme.test/other' })).secret).toBe(rotated.secret);
  });

  it('refuses to rotate before an endpoint exists', async () => {
    await expectApiError(await call('POST', '/v1/webhooks/rotate'), 404, 'webhook_not_configured');
  });

  it('keeps each environment’s endpoint to itself', async () => {
    await put({ url: 'https://api.acme.test/hooks' }, 201);
    const other = await t.store.createEnvironment({ name: 'Other', allowedOrigins: [] });
    const res = await secretCall({ app: t.app, secretKey: other.secretKey }, 'GET', '/v1/webhooks');
    expect(await res.json()).toEqual({ webhook: null });
  });

  it.each([
    ['no URL', 'url', {}],
    ['a relative URL', 'url', { url: '/hooks' }],
    ['an ftp URL', 'url', { url: 'ftp://acme.test/hooks' }],
    ['a javascript: URL', 'url', { url: 'javascript:alert(1)' }],
    ['a URL that is not a string', 'url', { url: 42 }],
    ['an unknown event type', 'events.0', { url: 'https://acme.test', events: ['trial.ended'] }],
    ['an empty list of event types', 'events', { url: 'https://acme.test', events: [] }],
    ['event types that are not a list', 'events', { url: 'https://acme.test', events: 'trial.started' }],
  ])('answers 400 with the path for %s', async (_, path, body) => {
    const error = await expectApiError(await call('PUT', '/v1/webhooks', body), 400, 'invalid_request');
    expect((error.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain(path);
    expect((await get()).webhook).toBeNull();
  });

  it('refuses unknown fields, invalid JSON and other content types', async () => {
    const extra = await expectApiError(await call('PUT', '/v1/webhooks', { url: 'https://acme.test', secret: 'whsec_mine' }), 400, 'invalid_request');
    expect(JSON.stringify(extra.details)).toContain('secret');
    await expectApiError(await call('PUT', '/v1/webhooks', '{"url":'), 400, 'invalid_json');
    const form = await t.app.request('/v1/webhooks', { method: 'PUT', headers: { Authorization: `Bearer ${t.secretKey}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'url=x' });
    await expectApiError(form, 415, 'unsupported_media_type');
  });

  it('takes the secret key only', async () => {
    await expectApiError(await t.app.request('/v1/webhooks'), 401, 'missing_key');
    await expectApiError(await t.app.request('/v1/webhooks', { headers: { Authorization: `Bearer ${t.key}` } }), 401, 'wrong_key_type');
    await expectApiError(await t.app.request('/v1/webhooks/deliveries', { headers: { 'X-Upshift-Key': t.key } }), 401, 'missing_key');
  });

  it('answers 405 for other methods', async () => {
    await expectApiError(await call('DELETE', '/v1/webhooks'), 405, 'method_not_allowed');
    await expectApiError(await call('GET', '/v1/webhooks/rotate'), 405, 'method_not_allowed');
    await expectApiError(await call('POST', '/v1/webhooks/deliveries'), 405, 'method_not_allowed');
  });
});

describe('GET /v1/webhooks/deliveries', () => {
  it('answers an empty log, and 400 for a bad limit', async () => {
    const res = await call('GET', '/v1/webhooks/deliveries');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ deliveries: [] });
    for (const limit of ['0', '201', 'ten', '1.5']) {
      const error = await expectApiError(await call('GET', `/v1/webhooks/deliveries?limit=${limit}`), 400, 'invalid_request');
      expect(JSON.stringify(error.details)).toContain('"limit"');
    }
  });

  it('lists the log newest first, up to the limit', async () => {
    await put({ url: 'https://api.acme.test/hooks' }, 201);
    for (const [i, id] of ['msg_a', 'msg_b', 'msg_c'].entries()) {
      await t.store.enqueueWebhook(t.environment.id, { id, type: 'trial.started', payload: JSON.stringify({ type: 'trial.started', n: i }) }, NOW + i * 1000);
    }
    const res = await call('GET', '/v1/webhooks/deliveries?limit=2');
    const { deliveries } = (await res.json()) as { deliveries: { id: string; status: string; attempts: number; payload: unknown; nextAttemptAt: string }[] };
    expect(deliveries.map((d) => d.id)).toEqual(['msg_c', 'msg_b']);
    expect(deliveries[0]).toMatchObject({ status: 'pending', attempts: 0, payload: { type: 'trial.started', n: 2 }, nextAttemptAt: new Date(NOW + 2000).toISOString() });
  });
});
