import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app';
import type { Store } from '../../server/store/types';
import { BASE } from '../helpers/http';
import { storeKinds } from '../helpers/stores';
import { APP_ORIGIN, createTestApp, recordingLogger, type TestApp } from '../helpers/test-app';

// GET /v1/config answers most requests before the middleware chain, from precomputed bytes and
// headers; these tests hold it to what the full route answers for the same data.

let t: TestApp;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await t.cleanup();
});

const EXPOSED = 'ETag, RateLimit, RateLimit-Policy, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After';

/** The app over `store` with its fast lookup failing, so that every config request is answered by the full route. */
const fullRouteOnly = (store: Store): Store => ({ ...store, liveConfigByPublishableKey: () => Promise.reject(new Error('fast path off')) });

/** Serves `app` on a loopback port, as `npm start` does. */
async function listen(app: ReturnType<typeof createApp>): Promise<number> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port));
    closers.push(() => new Promise((done) => server.close(() => done())));
  });
}

/** Status, header lines in wire order (name case included, Date left out) and body of one GET. */
function rawGet(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; lines: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const lines: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) if (res.rawHeaders[i] !== 'Date') lines.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
        resolve({ status: res.statusCode ?? 0, lines, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
  });
}

describe.each(storeKinds)('on %s', (storeKind) => {
  describe.each([
    ['http', undefined],
    ['https behind a proxy', 'https://upshift.example.com'],
  ] as const)('the same bytes as the full route (%s public URL)', (_name, publicUrl) => {
    const requests: [string, (key: string, etag: string) => Record<string, string>][] = [
      ['no Origin', (key) => ({ 'x-upshift-key': key })],
      ['no Origin, If-None-Match', (key, etag) => ({ 'x-upshift-key': key, 'if-none-match': etag })],
      ['no Origin, a weak If-None-Match in a list', (key, etag) => ({ 'x-upshift-key': key, 'if-none-match': `"x", W/${etag}` })],
      ['an allowed Origin', (key) => ({ 'x-upshift-key': key, origin: APP_ORIGIN })],
      ['an allowed Origin, If-None-Match', (key, etag) => ({ 'x-upshift-key': key, origin: APP_ORIGIN, 'if-none-match': etag })],
      ['a stale If-None-Match', (key) => ({ 'x-upshift-key': key, 'if-none-match': '"v0-old"' })],
    ];

    it.each(requests)('%s', async (_what, headers) => {
      t = await createTestApp({ storeKind });
      const deps = { logger: recordingLogger(), rateLimit: false as const, publicUrl };
      const fast = await listen(createApp({ ...deps, store: t.store }));
      const full = await listen(createApp({ ...deps, store: fullRouteOnly(t.store) }));
      const live = (await t.store.getLiveConfig(t.environment.id))!;
      const sent = headers(t.key, live.etag);
      const a = await rawGet(fast, '/v1/config', sent);
      const b = await rawGet(full, '/v1/config', sent);
      expect(a).toEqual(b);

      // And what that is, written out: the stored bytes under the stored ETag.
      const notModified = sent['if-none-match'] !== undefined && sent['if-none-match'] !== '"v0-old"';
      expect(a.status).toBe(notModified ? 304 : 200);
      expect(a.body).toBe(notModified ? '' : live.body);
      expect(a.lines).toEqual([
        ...(sent.origin ? [`access-control-allow-origin: ${APP_ORIGIN}`, `access-control-expose-headers: ${EXPOSED}`] : []),
        'cache-control: public, no-cache',
        ...(notModified ? [] : ['content-type: application/json; charset=utf-8']),
        `etag: ${live.etag}`,
        ...(publicUrl ? ['strict-transport-security: max-age=31536000'] : []),
        'vary: Origin, X-Upshift-Key',
        'x-content-type-options: nosniff',
        ...(notModified ? [] : [`Content-Length: ${Buffer.byteLength(live.body)}`]),
        'Connection: close',
      ]);
    });
  });

  describe('the precomputed answer follows the store', () => {
    const get = (key: string, headers: Record<string, string> = {}) => t.app.request(`${BASE}/v1/config?key=${key}`, { headers });

    it('serves a new publish at once, and its ETag makes a 304', async () => {
      t = await createTestApp({ storeKind });
      const first = await get(t.key);
      const oldEtag = first.headers.get('etag')!;
      expect((await get(t.key, { 'If-None-Match': oldEtag })).status).toBe(304);

      const next = await t.store.publishConfig(t.environment.id, (version, publishedAt) => JSON.stringify({ ...JSON.parse(t.published!.body), version, publishedAt }));
      const res = await get(t.key, { 'If-None-Match': oldEtag });
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe(next.etag);
      expect(await res.text()).toBe(next.body);
      expect((await get(t.key, { 'If-None-Match': next.etag })).status).toBe(304);
    });

    it('serves a rollback, which publishes the old content under a new version', async () => {
      t = await createTestApp({ storeKind });
      const v1 = t.published!;
      await get(t.key);
      await t.store.publishConfig(t.environment.id, (version, publishedAt) => JSON.stringify({ ...JSON.parse(v1.body), version, publishedAt, rules: [] }));
      expect(JSON.parse(await (await get(t.key)).text()).rules).toEqual([]);
      const back = await t.app.request(`${BASE}/v1/versions/${v1.version}/rollback`, { method: 'POST', headers: { Authorization: `Bearer ${t.secretKey}` } });
      expect(back.status).toBe(201);
      const res = await get(t.key);
      const live = (await t.store.getLiveConfig(t.environment.id))!;
      expect(live.version).toBe(3);
      expect(res.headers.get('etag')).toBe(live.etag);
      expect(await res.text()).toBe(live.body);
    });

    it('takes a rotated-away key through its grace period only, and the new key at once', async () => {
      let now = Date.parse('2026-06-01T00:00:00Z');
      t = await createTestApp({ clock: () => now, storeKind });
      const answer = await (await get(t.key)).text();
      const rotated = (await t.store.rotatePublishableKey(t.environment.id, 'pk_Rotated1234567890', now + 60_000))!;
      expect(rotated.publishableKey).toBe('pk_Rotated1234567890');
      for (const key of [t.key, rotated.publishableKey]) {
        const res = await get(key);
        expect(res.status).toBe(200);
        expect(await res.text()).toBe(answer);
      }
      now += 60_000;
      const res = await get(t.key);
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('unknown_key');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await get(rotated.publishableKey)).status).toBe(200);
    });
  });
});

describe('on sqlite', () => {
  // Over a socket, as in production: SQLite's fast lookup checks for other connections' commits
  // once per event-loop turn, and a request sent after a commit arrives in a later turn.
  it('serves a publish made through another connection to the same file', async () => {
    t = await createTestApp();
    const port = await listen(t.app);
    const sent = { 'x-upshift-key': t.key };
    expect((await rawGet(port, '/v1/config', sent)).body).toBe(t.published!.body);
    const { openSqliteStore } = await import('../../server/store/sqlite');
    const script = openSqliteStore(t.file);
    closers.push(() => script.close());
    const next = await script.publishConfig(t.environment.id, (version, publishedAt) => JSON.stringify({ ...JSON.parse(t.published!.body), version, publishedAt }));
    const res = await rawGet(port, '/v1/config', sent);
    expect(res.lines).toContain(`etag: ${next.etag}`);
    expect(res.body).toBe(next.body);
  });
});

describe('what the fast path passes on', () => {
  it('a refused origin gets the full route’s 403, with the security headers', async () => {
    t = await createTestApp();
    const res = await t.app.request(`${BASE}/v1/config`, { headers: { 'X-Upshift-Key': t.key, Origin: 'https://evil.test' } });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('origin_not_allowed');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('an environment with nothing published gets 404 not_published, counted as a config fetch as before', async () => {
    const counted: string[] = [];
    const activity = { config: (env: string, origin: string) => void counted.push(`${env} ${origin}`), events() {}, async flush() {}, start() {}, async stop() {} };
    t = await createTestApp({ publish: false, activity });
    const res = await t.app.request(`${BASE}/v1/config`, { headers: { 'X-Upshift-Key': t.key, Origin: APP_ORIGIN } });
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_published');
    expect(counted).toEqual([`${t.environment.id} ${APP_ORIGIN}`]);
  });

  it('counts each answered fetch once, whichever path answers it', async () => {
    const counted: string[] = [];
    const activity = { config: (env: string, origin: string) => void counted.push(`${env} ${origin}`), events() {}, async flush() {}, start() {}, async stop() {} };
    t = await createTestApp({ activity });
    await t.app.request(`${BASE}/v1/config`, { headers: { 'X-Upshift-Key': t.key, Origin: APP_ORIGIN } });
    const full = createApp({ store: fullRouteOnly(t.store), activity, logger: recordingLogger() });
    await full.request(`${BASE}/v1/config`, { headers: { 'X-Upshift-Key': t.key } });
    expect(counted).toEqual([`${t.environment.id} ${APP_ORIGIN}`, `${t.environment.id} none (a server or script)`]);
  });

  it('a failing fast lookup is answered by the full route with the same bytes', async () => {
    t = await createTestApp({ wrapStore: fullRouteOnly });
    const res = await t.app.request(`${BASE}/v1/config?key=${t.key}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(t.published!.body);
    expect(res.headers.get('etag')).toBe(t.published!.etag);
    expect(t.logger.entries.filter((e) => e.level === 'error')).toEqual([]);
  });

  it('HEAD is answered by the full route: headers, no body', async () => {
    t = await createTestApp();
    const res = await t.app.request(`${BASE}/v1/config?key=${t.key}`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(t.published!.etag);
    expect(await res.text()).toBe('');
  });
});
