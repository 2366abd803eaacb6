import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyAssets, toAsset, type Assets } from '../../server/http/assets';
import { BASE, expectApiError, headerList } from '../helpers/http';
import { createTestApp, type TestApp } from '../helpers/test-app';

const SOURCE = 'console.log(1)';
const JS = 'text/javascript; charset=utf-8';

const withWidget = (): Assets => {
  const assets = emptyAssets();
  assets.widget = toAsset(Buffer.from(SOURCE), JS);
  return assets;
};

let t: TestApp;
afterEach(async () => {
  await t.cleanup();
});

const getWidget = (headers: Record<string, string> = {}) => t.app.request(`${BASE}/upshift.js`, { headers });

const decode: Record<string, (b: Buffer) => Buffer> = {
  br: (b) => brotliDecompressSync(b),
  gzip: (b) => gunzipSync(b),
  identity: (b) => b,
};

describe('GET /upshift.js', () => {
  it.each([
    [undefined, 'identity'],
    ['identity', 'identity'],
    ['gzip', 'gzip'],
    ['br', 'br'],
    ['gzip, deflate, br, zstd', 'br'],
    ['deflate, gzip;q=0.8', 'gzip'],
    // q=0 means "not acceptable" (RFC 9110 §12.5.3); these two fail until sendAsset honours it.
    ['br;q=0, gzip', 'gzip'],
    ['gzip;q=0', 'identity'],
  ])('Accept-Encoding %s gets %s, which decodes to the original', async (accept, encoding) => {
    t = await createTestApp({ assets: withWidget() });
    const res = await getWidget(accept === undefined ? {} : { 'Accept-Encoding': accept });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('content-encoding') ?? 'identity').toBe(encoding);
    expect(headerList(res, 'vary')).toContain('accept-encoding');
    expect(res.headers.get('etag')).toMatch(/^"[^"]+"$/);
    const body = Buffer.from(await res.arrayBuffer());
    expect(decode[encoding]!(body).toString('utf8')).toBe(SOURCE);
  });

  it('gives each encoding its own ETag and answers 304 only to the matching one', async () => {
    t = await createTestApp({ assets: withWidget() });
    const etags: Record<string, string> = {};
    for (const encoding of ['identity', 'gzip', 'br']) {
      etags[encoding] = (await getWidget({ 'Accept-Encoding': encoding })).headers.get('etag')!;
    }
    expect(new Set(Object.values(etags)).size).toBe(3);

    for (const [encoding, etag] of Object.entries(etags)) {
      const res = await getWidget({ 'Accept-Encoding': encoding, 'If-None-Match': etag });
      expect(res.status).toBe(304);
      expect(res.headers.get('etag')).toBe(etag);
      expect(await res.text()).toBe('');
    }
    const mismatched = await getWidget({ 'Accept-Encoding': 'br', 'If-None-Match': etags['gzip']! });
    expect(mismatched.status).toBe(200);
    expect(brotliDecompressSync(Buffer.from(await mismatched.arrayBuffer())).toString()).toBe(SOURCE);
  });

  it('may be embedded by any site', async () => {
    t = await createTestApp({ assets: withWidget() });
    const res = await getWidget({ Origin: 'https://customer.example' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBeTruthy();
  });

  it('answers 503 widget_not_built when the app has no widget', async () => {
    t = await createTestApp();
    await expectApiError(await getWidget(), 503, 'widget_not_built');
  });
});

describe('GET /demo', () => {
  const pages = () => {
    const assets = emptyAssets();
    assets.pages.set('demo', '<!doctype html><script data-key="__UPSHIFT_DEMO_KEY__" src="/upshift.js"></script>');
    return assets;
  };

  it('serves the demo page with the demo key substituted', async () => {
    t = await createTestApp({ assets: pages(), demoKey: 'pk_DEMOkey12345678' });
    const res = await t.app.request(`${BASE}/demo`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toMatch(/<script nonce="[^"]+" data-key="pk_DEMOkey12345678"/);
    expect(html).not.toContain('__UPSHIFT_DEMO_KEY__');
  });

  it('is not served without a demo key', async () => {
    t = await createTestApp({ assets: pages() });
    await expectApiError(await t.app.request(`${BASE}/demo`), 404, 'not_found');
  });
});
