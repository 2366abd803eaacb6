import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectApiError, headerList } from '../helpers/http';
import { APP_ORIGIN, createTestApp, type TestApp } from '../helpers/test-app';

/** The API's own origin in these tests; `http://localhost` is used where same-origin matters. */
const API = 'https://api.upshift.test';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.cleanup();
});

const getConfig = (origin: string, key = t.key, base = API) =>
  t.app.request(`${base}/v1/config`, { headers: { Origin: origin, 'X-Upshift-Key': key } });

describe('CORS on the publishable-key API', () => {
  it('grants an allowed origin, varies on Origin and exposes ETag', async () => {
    const res = await getConfig(APP_ORIGIN);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(headerList(res, 'vary')).toContain('origin');
    expect(headerList(res, 'access-control-expose-headers')).toContain('etag');
  });

  it('keeps the grant on a 304 so a cross-origin revalidation can read it', async () => {
    const etag = (await getConfig(APP_ORIGIN)).headers.get('etag')!;
    const res = await t.app.request(`${API}/v1/config`, { headers: { Origin: APP_ORIGIN, 'X-Upshift-Key': t.key, 'If-None-Match': etag } });
    expect(res.status).toBe(304);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(headerList(res, 'access-control-expose-headers')).toContain('etag');
  });

  it('refuses a foreign origin with 403 and no CORS grant', async () => {
    const res = await getConfig('https://evil.test');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    await expectApiError(res, 403, 'origin_not_allowed');
  });

  it('allows the server’s own origin without listing it', async () => {
    const res = await getConfig('http://localhost', t.key, 'http://localhost');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost');
  });

  it('does not treat an origin as its own when the request is for another host', async () => {
    await expectApiError(await getConfig('http://localhost', t.key, API), 403, 'origin_not_allowed');
  });

  it('takes its own origin from UPSHIFT_PUBLIC_URL behind a proxy that changes scheme and host', async () => {
    const proxied = await createTestApp({ publicUrl: 'https://upshift.example.com/' });
    try {
      // The proxy forwards to http://10.0.0.5:8787; the browser on the public origin sends its own Origin.
      const res = await proxied.app.request('http://10.0.0.5:8787/v1/config', { headers: { Origin: 'https://upshift.example.com', 'X-Upshift-Key': proxied.key } });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('https://upshift.example.com');
      const internal = await proxied.app.request('http://10.0.0.5:8787/v1/config', { headers: { Origin: 'http://10.0.0.5:8787', 'X-Upshift-Key': proxied.key } });
      await expectApiError(internal, 403, 'origin_not_allowed');
    } finally {
      await proxied.cleanup();
    }
  });

  describe('wildcard entries', () => {
    let wildKey: string;
    beforeEach(async () => {
      const { environment } = await t.store.createEnvironment({ name: 'Wild', allowedOrigins: ['https://*.acme.test', 'http://localhost:*'] });
      wildKey = environment.publishableKey;
    });

    it.each([
      ['https://eu.acme.test', true],
      ['https://app.eu.acme.test', false],
      ['http://localhost:3000', true],
      ['https://acme.test.evil.test', false],
      ['https://evilacme.test', false],
      ['http://eu.acme.test', false],
      ['https://eu.acme.test:8443', false],
      ['http://localhost.evil.test:3000', false],
      ['https://evil.test', false],
    ])('%s allowed: %s', async (origin, allowed) => {
      // Not published: an allowed origin gets past the origin check to 404, a foreign one stops at 403.
      const res = await getConfig(origin, wildKey);
      if (allowed) {
        expect(res.headers.get('access-control-allow-origin')).toBe(origin);
        await expectApiError(res, 404, 'not_published');
      } else {
        expect(res.headers.get('access-control-allow-origin')).toBeNull();
        await expectApiError(res, 403, 'origin_not_allowed');
      }
    });
  });

  describe('preflight', () => {
    it.each([
      ['/v1/config', 'GET'],
      ['/v1/events', 'POST'],
    ])('OPTIONS %s from an allowed origin answers 204 with the CORS grant', async (path, method) => {
      const res = await t.app.request(`${API}${path}?key=${t.key}`, {
        method: 'OPTIONS',
        headers: { Origin: APP_ORIGIN, 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': 'content-type, x-upshift-key' },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
      expect(headerList(res, 'access-control-allow-methods')).toContain(method.toLowerCase());
      expect(headerList(res, 'access-control-allow-headers')).toEqual(expect.arrayContaining(['x-upshift-key', 'content-type']));
      expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
      expect(headerList(res, 'vary')).toContain('origin');
    });

    it.each([['/v1/config'], ['/v1/events']])('OPTIONS %s with the key in the query from a foreign origin is refused', async (path) => {
      const res = await t.app.request(`${API}${path}?key=${t.key}`, {
        method: 'OPTIONS',
        headers: { Origin: 'https://evil.test', 'Access-Control-Request-Method': 'GET' },
      });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      await expectApiError(res, 403, 'origin_not_allowed');
    });
  });
});
