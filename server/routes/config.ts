import { Hono } from 'hono';
import { ApiError, methodNotAllowed } from '../errors';
import { ifNoneMatch } from '../etag';
import { publishableKey, type PublicEnv } from '../middleware/publishable-key';
import { preflight } from '../middleware/preflight';
import type { Store } from '../store/types';

/**
 * Widgets revalidate on every page load with `If-None-Match` (which bypasses the browser cache);
 * the minute of freshness only lets a CDN in front absorb bursts.
 */
export const CONFIG_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';

/** `GET /v1/config`: the environment's live published config, served as stored bytes with a strong ETag. */
export function configRoutes(store: Store) {
  const app = new Hono<PublicEnv>();
  app.options('/', preflight(store, 'GET, OPTIONS'));
  app.get('/', publishableKey(store), async (c) => {
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
