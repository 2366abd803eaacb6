import { Hono } from 'hono';
import { widgetStrings } from '../../shared/strings';
import { ApiError, methodNotAllowed } from '../errors';
import { ifNoneMatch } from '../etag';
import { publishableKey, type KeyOptions, type PublicEnv } from '../middleware/publishable-key';
import { preflight } from '../middleware/preflight';
import { requestOrigin } from '../installation';

/**
 * Cacheable, but revalidated on every use: a CDN in front answers 304s cheaply, yet a publish or an
 * emergency rollback reaches every widget on its next page load.
 */
export const CONFIG_CACHE_CONTROL = 'public, no-cache';

const upgraded = new Map<string, { etag: string; body: string }>();

/**
 * A config published before the widget's own strings moved into the config (it has no `strings`)
 * gets the built-in ones when served, so widgets keep working until the next publish. Worked out
 * once per stored version; every later config is served as stored.
 */
function withStrings(live: { etag: string; body: string }): { etag: string; body: string } {
  let served = upgraded.get(live.etag);
  if (!served) {
    const config = JSON.parse(live.body) as Record<string, unknown>;
    served = 'strings' in config ? live : { etag: live.etag.replace(/"$/, '-s"'), body: JSON.stringify({ ...config, strings: widgetStrings() }) };
    if (upgraded.size >= 100) upgraded.delete(upgraded.keys().next().value!);
    upgraded.set(live.etag, served);
  }
  return served;
}

/** `GET /v1/config`: the environment's live published config, served as stored bytes with a strong ETag. */
export function configRoutes(keys: KeyOptions) {
  const { store } = keys;
  const app = new Hono<PublicEnv>();
  app.options('/', preflight(keys, 'GET, OPTIONS'));
  app.get('/', publishableKey(keys), async (c) => {
    keys.activity?.config(c.get('environment').id, requestOrigin(c));
    const stored = await store.getLiveConfig(c.get('environment').id);
    if (!stored) throw new ApiError(404, 'not_published', 'This environment has no published config yet; publish one first');
    const live = withStrings(stored);
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
