import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { ApiError, methodNotAllowed } from '../errors';
import { ifNoneMatch } from '../etag';
import { EXPOSED, keyAccepted, PUBLISHABLE_KEY, publishableKey, selfOrigin, type KeyOptions, type PublicEnv } from '../middleware/publishable-key';
import { preflight } from '../middleware/preflight';
import { requestOrigin } from '../../services/installation';
import { originAllowed } from '../origin';
import { CONFIG_CACHE_CONTROL, type AnswerFor } from './config-answer';

/**
 * `GET /v1/config`: the environment's live published config, served as stored bytes with a strong
 * ETag. This is the route every request the fast path passes on reaches (errors, preflights,
 * HEAD), with the same answers.
 */
export function configRoutes(keys: KeyOptions, answerFor: AnswerFor) {
  const { store } = keys;
  const app = new Hono<PublicEnv>();
  app.options('/', preflight(keys, 'GET, OPTIONS'));
  app.get('/', publishableKey(keys), async (c) => {
    keys.activity?.config(c.get('environment').id, requestOrigin(c));
    const stored = await store.getLiveConfig(c.get('environment').id);
    if (!stored) throw new ApiError(404, 'not_published', 'This environment has no published config yet; publish one first');
    const live = answerFor(stored);
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

/**
 * The one answer nearly every request gets, a config GET with a good key from an allowed origin (or
 * none), made before any other middleware runs: one cached store lookup, a map lookup and
 * precomputed bytes and headers, the same as `configRoutes` sends with `securityHeaders` around it.
 * Anything else (no or a bad key, a refused origin, nothing published, HEAD, a store error) is
 * passed on untouched to the full middleware chain and `configRoutes`, which answers as before.
 */
export function configFastPath(keys: KeyOptions, answerFor: AnswerFor): MiddlewareHandler {
  const { store, publicOrigin, clock = Date.now, activity } = keys;
  const answer = async (c: Context): Promise<Response | undefined> => {
    if (c.req.method !== 'GET') return undefined;
    const key = c.req.header('x-upshift-key') ?? c.req.query('key');
    if (key === undefined || !PUBLISHABLE_KEY.test(key)) return undefined;
    const found = await store.liveConfigByPublishableKey(key);
    if (!found?.live || !keyAccepted(found.environment, key, clock())) return undefined;
    const { environment, live } = found;
    const origin = c.req.header('origin');
    if (origin !== undefined && !originAllowed(origin, environment.allowedOrigins, selfOrigin(c, publicOrigin))) return undefined;
    // Counted only once answering here is certain, so a request passed on is not counted twice.
    activity?.config(environment.id, requestOrigin(c));
    const served = answerFor(live);
    const notModified = ifNoneMatch(c.req.header('if-none-match'), served.etag);
    const headers = notModified ? served.notModified : served.ok;
    // Plain header objects, not Headers: the Node adapter writes them as they are. The CORS names
    // sort before every other, so putting them first keeps the order the full route sends.
    const init = {
      status: notModified ? 304 : 200,
      headers: origin === undefined ? headers : { 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSED, ...headers },
    };
    return new Response(notModified ? null : served.bytes, init);
  };
  // A store error is passed on too: the full chain reads the store again and, should that fail as
  // well, answers the error as every error is answered (logged, with the security headers).
  return async (c, next) => (await answer(c).catch(() => undefined)) ?? next();
}
