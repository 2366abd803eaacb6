import { join } from 'node:path';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { securityHeaders } from '../../server/http/middleware/security-headers';
import { emptyAssets, loadAssets, toAsset, type Assets } from '../../server/http/assets';
import { BASE, expectApiError } from '../helpers/http';
import { root } from '../helpers/readme';
import { createTestApp, type TestApp } from '../helpers/test-app';

// What every answer and every rendered page tells the browser about itself.

const DEMO_KEY = 'pk_DEMOkey12345678';
/** A page shaped like the built demo: the README's inline loader stub, upshift.js, a module, a stylesheet. */
const PAGE = `<!doctype html><html><head><link rel="icon" href="data:,"><script>window.Upshift={q:[]}</script>
<script async src="/upshift.js" data-key="__UPSHIFT_DEMO_KEY__"></script><SCRIPT type="module" crossorigin src="/assets/demo.js"></SCRIPT>
<link rel="stylesheet" href="/assets/demo.css"></head><body></body></html>`;

const withPages = (): Assets => {
  const assets = emptyAssets();
  assets.pages.set('demo', PAGE);
  assets.pages.set('admin', PAGE.replace(/<script async[^>]*><\/script>/, ''));
  assets.pages.set('apidocs', PAGE.replace(/<script async[^>]*><\/script>/, ''));
  assets.widget = toAsset(Buffer.from('void 0'), 'text/javascript; charset=utf-8');
  return assets;
};

let t: TestApp;
afterEach(async () => {
  await t.cleanup();
});

/** The policy's directives by name. */
const directives = (res: Response) => new Map((res.headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim().split(/\s+/)).map(([name = '', ...values]) => [name, values]));
const nonceOf = (res: Response) => /'nonce-([^']+)'/.exec(directives(res).get('script-src')?.join(' ') ?? '')?.[1];
const scriptTags = (html: string) => html.match(/<script\b[^>]*>/gi) ?? [];

describe('rendered pages', () => {
  it.each(['/demo', '/demo/billing', '/admin', '/admin/rules', '/docs/api'])('%s: a nonce-based CSP without unsafe-inline, never framed', async (path) => {
    t = await createTestApp({ assets: withPages(), demoKey: DEMO_KEY });
    const res = await t.app.request(`${BASE}${path}`);
    expect(res.status).toBe(200);
    const csp = directives(res);
    expect(res.headers.get('content-security-policy')).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|\*/);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'", `'nonce-${nonceOf(res)}'`]);
    expect(csp.get('style-src')).toEqual(["'self'", `'nonce-${nonceOf(res)}'`]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it('gives every script of the page, inline or not, the nonce of its own response, and a new one each time', async () => {
    t = await createTestApp({ assets: withPages(), demoKey: DEMO_KEY });
    const first = await t.app.request(`${BASE}/demo`);
    const second = await t.app.request(`${BASE}/demo`);
    const nonce = nonceOf(first)!;
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(nonceOf(second)).not.toBe(nonce);
    const html = await first.text();
    expect(scriptTags(html)).toHaveLength(3);
    for (const tag of scriptTags(html)) expect(tag).toContain(` nonce="${nonce}"`);
    expect(html).toContain(`<script nonce="${nonce}" async src="/upshift.js" data-key="${DEMO_KEY}">`);
    expect(html).toContain(`<script nonce="${nonce}">window.Upshift`);
  });

  it('/docs/api before a build says how to make it, in the error shape', async () => {
    t = await createTestApp({ assets: emptyAssets() });
    await expectApiError(await t.app.request(`${BASE}/docs/api`), 503, 'docs_not_built');
  });

  it('the pages npm run build made: every script carries the nonce', async () => {
    const built = loadAssets(join(root, 'dist'));
    expect([...built.pages.keys()].sort()).toEqual(['admin', 'apidocs', 'demo']);
    t = await createTestApp({ assets: built, demoKey: DEMO_KEY });
    for (const page of ['/demo', '/admin', '/docs/api']) {
      const res = await t.app.request(`${BASE}${page}`);
      const tags = scriptTags(await res.text());
      expect(tags.length).toBeGreaterThan(0);
      for (const tag of tags) expect(tag, page).toContain(` nonce="${nonceOf(res)}"`);
    }
  });
});

describe('every answer', () => {
  const requests: [string, string, RequestInit?][] = [
    ['a JSON answer', '/healthz'],
    ['a JSON error', '/v1/config'],
    ['a 404', '/nowhere'],
    ['a 405', '/v1/events', { method: 'PUT' }],
    ['a script', '/upshift.js'],
    ['a page', '/demo'],
  ];

  it.each(requests)('%s carries X-Content-Type-Options: nosniff and, without an https public URL, no HSTS', async (_name, path, init) => {
    t = await createTestApp({ assets: withPages(), demoKey: DEMO_KEY });
    const res = await t.app.request(`${BASE}${path}`, init);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it.each(requests)('%s carries Strict-Transport-Security when UPSHIFT_PUBLIC_URL is https', async (_name, path, init) => {
    t = await createTestApp({ assets: withPages(), demoKey: DEMO_KEY, publicUrl: 'https://upshift.example.com' });
    const res = await t.app.request(`http://10.0.0.5:8787${path}`, init);
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('sends no HSTS for an http public URL, where browsers would ignore it anyway', async () => {
    t = await createTestApp({ publicUrl: 'http://upshift.internal:8787' });
    const res = await t.app.request(`${BASE}/healthz`);
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('an error keeps its shape with the headers added', async () => {
    t = await createTestApp({ publicUrl: 'https://upshift.example.com' });
    const res = await t.app.request(`${BASE}/v1/config`);
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
    await expectApiError(res, 401, 'missing_key');
  });
});

describe('the middleware alone', () => {
  // The headers are set before the handler runs so that an answer made through the context already
  // carries them; copying a finished answer costs a full Response per request (it once did on
  // every request, because the headers were stored as context variables instead).
  it.each([false, true])('leaves an answer made through the context as it was made (https %s)', async (https) => {
    const app = new Hono();
    app.use(securityHeaders({ https }));
    let made: Response | undefined;
    app.get('/', (c) => (made = c.body('x', 200)));
    const res = await app.request('/');
    expect(res).toBe(made);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toBe(https ? 'max-age=31536000' : null);
  });

  it('adds the headers to an answer built by hand', async () => {
    const app = new Hono();
    app.use(securityHeaders({ https: true }));
    app.get('/', () => new Response('x', { headers: { 'x-made': 'by hand' } }));
    const res = await app.request('/');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
    expect(res.headers.get('x-made')).toBe('by hand');
  });
});
