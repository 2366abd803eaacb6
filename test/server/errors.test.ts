import { afterEach, describe, expect, it } from 'vitest';
import { impression } from '../helpers/events';
import { BASE, expectApiError, headerList, postEvents } from '../helpers/http';
import { countAllEvents, createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
afterEach(async () => {
  await t.cleanup();
});

describe('routing errors', () => {
  it.each([['GET', '/nope'], ['GET', '/v1'], ['POST', '/v1/unknown'], ['GET', '/v1/config/extra']])('%s %s answers 404 not_found', async (method, path) => {
    t = await createTestApp();
    const res = await t.app.request(`${BASE}${path}`, { method });
    await expectApiError(res, 404, 'not_found');
  });

  it.each([
    ['POST', '/v1/config', 'GET'],
    ['DELETE', '/v1/config', 'GET'],
    ['GET', '/v1/events', 'POST'],
    ['PUT', '/v1/events', 'POST'],
  ])('%s %s answers 405 with an Allow header listing %s', async (method, path, allowed) => {
    t = await createTestApp();
    const res = await t.app.request(`${BASE}${path}?key=${t.key}`, { method });
    expect(headerList(res, 'allow')).toContain(allowed.toLowerCase());
    expect(headerList(res, 'allow')).not.toContain(method.toLowerCase());
    await expectApiError(res, 405, 'method_not_allowed');
  });
});

describe('GET /healthz', () => {
  it('answers 200 ok while the database answers', async () => {
    t = await createTestApp();
    const res = await t.app.request(`${BASE}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('answers 503 unhealthy once the store is closed', async () => {
    t = await createTestApp();
    await t.store.close();
    await expectApiError(await t.app.request(`${BASE}/healthz`), 503, 'unhealthy');
  });
});

describe('unexpected exceptions', () => {
  const SECRET = 'db password is hunter2 at /srv/upshift/secret.db';
  const fail = () => Promise.reject(new Error(SECRET));
  const failNow = () => {
    throw new Error(SECRET);
  };

  // GET /v1/config reads the store's memory, then the store, on its fast path and, when those fail,
  // again on the full route.
  it.each([
    ['insertEvents', [], (tt: TestApp) => postEvents(tt.app, tt.key, { events: [impression()] })],
    ['getLiveConfig', ['liveConfigByPublishableKey', 'liveConfigByPublishableKeyNow'], (tt: TestApp) => tt.app.request(`${BASE}/v1/config?key=${tt.key}`)],
    ['findEnvironmentByPublishableKey', ['liveConfigByPublishableKey', 'liveConfigByPublishableKeyNow'], (tt: TestApp) => tt.app.request(`${BASE}/v1/config?key=${tt.key}`)],
  ] as const)('a throwing store.%s becomes a logged 500 that leaks nothing', async (method, alsoFailing, request) => {
    t = await createTestApp({ wrapStore: (store) => ({ ...store, [method]: fail, ...Object.fromEntries(alsoFailing.map((m) => [m, m.endsWith('Now') ? failNow : fail])) }) });
    const res = await request(t);
    const text = await res.clone().text();
    await expectApiError(res, 500, 'internal');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain(SECRET);

    const errors = t.logger.entries.filter((e) => e.level === 'error');
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors[0])).toContain(SECRET);
    expect(countAllEvents(t.file)).toBe(0);
  });

  it('a synchronous throw is handled the same way', async () => {
    t = await createTestApp({
      wrapStore: (store) => ({
        ...store,
        insertEvents: () => {
          throw new Error(SECRET);
        },
      }),
    });
    const res = await postEvents(t.app, t.key, { events: [impression()] });
    const text = await res.clone().text();
    await expectApiError(res, 500, 'internal');
    expect(text).not.toContain('hunter2');
    expect(t.logger.entries.some((e) => e.level === 'error' && JSON.stringify(e.fields).includes(SECRET))).toBe(true);
  });
});

describe('bodies too large for any API route', () => {
  const big = (bytes: number) => JSON.stringify({ plans: [], metrics: [], pad: 'x'.repeat(bytes) });
  const streamed = (text: string) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = new TextEncoder().encode(text);
        for (let i = 0; i < bytes.length; i += 65_536) controller.enqueue(bytes.subarray(i, i + 65_536));
        controller.close();
      },
    });

  it.each([
    ['PUT', '/v1/catalog'],
    ['PUT', '/v1/rules/big'],
    ['PUT', '/v1/settings'],
    ['POST', '/v1/decide'],
    ['PUT', '/v1/webhooks'],
  ])('%s %s refuses more than 1 MB with 413, sent with a length or streamed without one', async (method, path) => {
    t = await createTestApp();
    const headers = { Authorization: `Bearer ${t.secretKey}`, 'Content-Type': 'application/json' };
    const body = big(1024 * 1024);
    const draft = async () => (await t.app.request(`${BASE}/v1/catalog`, { headers })).text();
    const before = await draft();
    await expectApiError(await t.app.request(`${BASE}${path}`, { method, headers, body }), 413, 'payload_too_large');
    const init = { method, headers, body: streamed(body), duplex: 'half' } as RequestInit;
    await expectApiError(await t.app.request(`${BASE}${path}`, init), 413, 'payload_too_large');
    // The draft is as it was.
    expect(await draft()).toBe(before);
  });
});
