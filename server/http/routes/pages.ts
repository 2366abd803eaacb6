import { Hono, type Context } from 'hono';
import { ApiError } from '../errors';
import { ifNoneMatch } from '../etag';
import type { Asset, Assets } from '../assets';
import { newNonce, pagePolicy, withNonce } from '../page-policy';

/** The placeholder in `demo/index.html` that becomes the demo environment's publishable key. */
export const DEMO_KEY_PLACEHOLDER = '__UPSHIFT_DEMO_KEY__';

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

type Encoding = 'br' | 'gzip' | 'identity';

/**
 * The best encoding an `Accept-Encoding` header allows (RFC 9110 §12.5.3): brotli, then gzip,
 * then none. `q=0` refuses a coding; `*` stands for every coding not named.
 */
export function pickEncoding(header: string | undefined): Encoding {
  const q = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const weight = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    q.set(name, weight === undefined ? 1 : Number(weight));
  }
  const allowed = (coding: string) => (q.get(coding) ?? q.get('*') ?? 0) > 0;
  return allowed('br') ? 'br' : allowed('gzip') ? 'gzip' : 'identity';
}

/** Serves the best encoding the client accepts, with a strong ETag per encoding and 304 on revalidation. */
function sendAsset(c: Context, asset: Asset, cacheControl: string): Response {
  const encoding = pickEncoding(c.req.header('accept-encoding'));
  const etag = `"${asset.hash}${encoding === 'identity' ? '' : `-${encoding}`}"`;
  c.header('ETag', etag);
  c.header('Cache-Control', cacheControl);
  c.header('Vary', 'Accept-Encoding');
  if (ifNoneMatch(c.req.header('if-none-match'), etag)) return c.body(null, 304);
  c.header('Content-Type', asset.type);
  if (encoding !== 'identity') c.header('Content-Encoding', encoding);
  return c.body(asset[encoding], 200);
}

/** A built page under its own policy, with a nonce made for this response alone. */
function sendPage(c: Context, html: string): Response {
  const nonce = newNonce();
  c.header('Cache-Control', 'no-cache');
  c.header('Content-Security-Policy', pagePolicy(nonce));
  // For browsers that predate frame-ancestors.
  c.header('X-Frame-Options', 'DENY');
  c.header('Referrer-Policy', 'strict-origin-when-cross-origin');
  return c.html(withNonce(html, nonce));
}

/** Any site may embed the widget's files; CORP lets hosts that require it (COEP) load them too. */
function embeddable(c: Context): void {
  c.header('Access-Control-Allow-Origin', '*');
  c.header('Cross-Origin-Resource-Policy', 'cross-origin');
}

export interface PagesOptions {
  assets: Assets;
  /** Publishable key of the demo environment; without it `/demo` is not served. */
  demoKey?: string | undefined;
}

/** `/upshift.js` with its UI, explainer and declaration, `/demo`, `/admin`, `/docs/api` and the hashed files they load from `/assets/`. */
export function pageRoutes({ assets, demoKey }: PagesOptions) {
  const app = new Hono();
  app.get('/upshift.js', (c) => {
    if (!assets.widget) throw new ApiError(503, 'widget_not_built', 'upshift.js has not been built; run `npm run build`');
    embeddable(c);
    return sendAsset(c, assets.widget, 'public, max-age=300, stale-while-revalidate=86400');
  });
  app.get('/upshift-debug.js', (c) => {
    if (!assets.explainer) throw new ApiError(503, 'widget_not_built', 'upshift-debug.js has not been built; run `npm run build`');
    embeddable(c);
    return sendAsset(c, assets.explainer, 'public, max-age=300, stale-while-revalidate=86400');
  });
  app.get('/upshift.d.ts', (c) => {
    if (!assets.types) throw new ApiError(503, 'widget_not_built', 'upshift.d.ts has not been built; run `npm run build`');
    embeddable(c);
    return sendAsset(c, assets.types, 'public, max-age=300, stale-while-revalidate=86400');
  });
  // The prompt UI, under a content-hashed name that upshift.js carries with its integrity hash: one
  // URL is always the same bytes, so it is cached for good, and a new core never meets an old UI.
  app.get('/:file{upshift-ui\\.[\\w-]+\\.js}', (c) => {
    const file = assets.ui.get(c.req.param('file'));
    if (!file) throw new ApiError(404, 'not_found', `No prompt UI named ${c.req.param('file')} on this server: upshift.js and its UI come from the same release`);
    // Loaded with `crossorigin` for its integrity check: any site may, as for upshift.js.
    embeddable(c);
    return sendAsset(c, file, 'public, max-age=31536000, immutable');
  });
  app.get('/assets/:name', (c) => {
    const file = assets.files.get(c.req.param('name'));
    if (!file) throw new ApiError(404, 'not_found', `No asset named ${c.req.param('name')}`);
    return sendAsset(c, file, 'public, max-age=31536000, immutable');
  });
  const demo = (c: Context) => {
    const html = assets.pages.get('demo');
    if (!html || !demoKey) throw new ApiError(404, 'not_found', 'The demo is not available on this server');
    return sendPage(c, html.replaceAll(DEMO_KEY_PLACEHOLDER, escapeAttr(demoKey)));
  };
  app.get('/demo', demo);
  app.get('/demo/*', demo);
  const admin = (c: Context) => {
    const html = assets.pages.get('admin');
    if (!html) throw new ApiError(503, 'admin_not_built', 'The admin console has not been built; run `npm run build`');
    return sendPage(c, html);
  };
  app.get('/admin', admin);
  app.get('/admin/*', admin);
  // The API reference: the OpenAPI document at /v1/openapi.json, read by our own page under the same policy.
  app.get('/docs/api', (c) => {
    const html = assets.pages.get('apidocs');
    if (!html) throw new ApiError(503, 'docs_not_built', 'The API reference has not been built; run `npm run build`');
    return sendPage(c, html);
  });
  app.get('/', (c) => c.redirect(demoKey ? '/demo' : '/admin'));
  return app;
}
