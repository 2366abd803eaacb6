import { afterEach, describe, expect, it } from 'vitest';
import { BASE } from '../helpers/http';
import { storeKinds } from '../helpers/stores';
import { APP_ORIGIN, createTestApp, type TestApp } from '../helpers/test-app';

// The config path through the real app, on each store: what a widget sees of publishing and of a
// publishable key's rotation (the grace period is the app's rule; the store finds the environment).

const T = Date.UTC(2031, 4, 6, 7, 8, 9, 10);
const HOUR = 3_600_000;

describe.each(storeKinds.map((kind) => [kind] as const))('GET /v1/config on %s', (kind) => {
  let t: TestApp;
  let now = T;
  afterEach(async () => {
    await t.cleanup();
  });
  const config = (key: string, headers: Record<string, string> = {}) =>
    t.app.request(`${BASE}/v1/config?key=${encodeURIComponent(key)}`, { headers: { Origin: APP_ORIGIN, ...headers } });

  it('serves the live version with its ETag, 304 for it, and the next one once published', async () => {
    now = T;
    t = await createTestApp({ storeKind: kind, clock: () => now });
    const first = await config(t.key);
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe(t.published!.etag);
    expect(await first.text()).toBe(t.published!.body);
    expect((await config(t.key, { 'If-None-Match': t.published!.etag })).status).toBe(304);
    const next = await t.store.publishConfig(t.environment.id, (version, publishedAt) => t.published!.body.replace(/"version":\d+/, `"version":${version}`).replace(/"publishedAt":"[^"]*"/, `"publishedAt":"${publishedAt}"`));
    const second = await config(t.key, { 'If-None-Match': t.published!.etag });
    expect(second.status).toBe(200);
    expect(second.headers.get('etag')).toBe(next.etag);
  });

  it('takes a rotated-away key only through its grace period, and not at all without one', async () => {
    now = T;
    t = await createTestApp({ storeKind: kind, clock: () => now });
    const old = t.key;
    await config(old);
    await t.store.rotatePublishableKey(t.environment.id, 'pk_rotatedWithGrace01', T + HOUR);
    expect((await config(old)).status).toBe(200);
    expect((await config('pk_rotatedWithGrace01')).status).toBe(200);
    now = T + HOUR;
    expect((await config(old)).status).toBe(401);
    await t.store.rotatePublishableKey(t.environment.id, 'pk_rotatedWithoutGrace', null);
    expect((await config('pk_rotatedWithGrace01')).status).toBe(401);
    expect((await config('pk_rotatedWithoutGrace')).status).toBe(200);
    expect((await config(old)).status).toBe(401);
  });
});
