import type { Context } from 'hono';
import { ApiError } from '../errors';
import { originAllowed } from '../origin';
import { ALLOWED_HEADERS, PublishableKey, selfOrigin, type KeyOptions } from './publishable-key';

/**
 * Answers CORS preflights for the publishable-key API. A preflight cannot carry the
 * `X-Upshift-Key` header, so when the key is only in that header the origin is enforced on the
 * actual request instead; when the key is in the query, a foreign origin is refused here already.
 */
export function preflight({ store, publicOrigin }: KeyOptions, methods: string) {
  return async (c: Context): Promise<Response> => {
    const origin = c.req.header('origin');
    c.header('Vary', 'Origin', { append: true });
    if (origin === undefined) return c.body(null, 204);
    const key = c.req.query('key');
    if (key !== undefined && PublishableKey.safeParse(key).success) {
      const environment = await store.findEnvironmentByPublishableKey(key);
      if (environment && !originAllowed(origin, environment.allowedOrigins, selfOrigin(c, publicOrigin))) {
        throw new ApiError(403, 'origin_not_allowed', `Origin ${origin} is not in this environment's allowed origins`);
      }
    }
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Access-Control-Allow-Methods', methods);
    c.header('Access-Control-Allow-Headers', ALLOWED_HEADERS);
    c.header('Access-Control-Max-Age', '7200');
    return c.body(null, 204);
  };
}
