import { Hono } from 'hono';
import { ApiError, methodNotAllowed } from '../errors';
import { ifNoneMatch } from '../etag';
import { publishableKey, type KeyOptions, type PublicEnv } from '../middleware/publishable-key';
import { preflight } from '../middleware/preflight';
import { requestOrigin } from '../../services/installation';
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
