import { Hono } from 'hono';
import { ApiError, methodNotAllowed } from '../errors';
import { ifNoneMatch } from '../etag';
import { publishableKey, type KeyOptions, type PublicEnv } from '../middleware/publishable-key';
import { preflight } from '../middleware/preflight';

/**
 * Cacheable, but revalidated on every use: a CDN in front answers 304s cheaply, yet a publish or an
 * emergency rollback reaches every widget on its next page load.
 */
export const CONFIG_CACHE_CONTROL = 'public, no-cache';

/** `GET /v1/config`: the environment's live published config, served as stored bytes with a strong ETag. */
export function configRoutes(keys: KeyOptions) {
  const { store } = keys;
  const app = new Hono<PublicEnv>();
  app.options('/', preflight(keys, 'GET, OPTIONS'));
  app.get('/', publishableKey(keys), async (c) => {
    const live = await store.getLiveConfig(c.get('environment').id);
    if (!live) throw new ApiError(404, 'not_published', 'This environment has no published config yet; publish one first');
    c.header('ETag', live.etag);
    c.header('Cache-Control', CONFIG_CACHE_CONTROL);
    c.header('Vary', 'X-Upshift-Key', { append: true });
    if (ifNoneMatch(c.req.header('if-none-match'), live.etag)) return c.body(null, 304);
    c.header('Content-Type', 'application/json; charset=utf-8');
    return c.body(live.body, 200);
  });
  app.all('/', methodNotAllowed('GET', 'OPTIONS'));
  return app;
}
