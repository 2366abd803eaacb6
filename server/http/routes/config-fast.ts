import type { MiddlewareHandler } from 'hono';
import type { LiveLookup } from '../../store/config-types';
import { originOf } from '../../services/installation';
import { ifNoneMatch } from '../etag';
import { EXPOSED, keyAccepted, PUBLISHABLE_KEY, type KeyOptions } from '../middleware/publishable-key';
import { originAllowed } from '../origin';
import type { AnswerFor } from './config-answer';

const PATH = '/v1/config';

/** The path of an absolute request URL, or null when it needs decoding (Hono's router then decides). */
function plainPath(url: string): string | null {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return null;
  const query = url.indexOf('?', start);
  const path = query < 0 ? url.slice(start) : url.slice(start, query);
  return path.includes('%') ? null : path;
}

/**
 * The one answer nearly every request gets, a config GET with a good key from an allowed origin (or
 * none): one cached store lookup, a map lookup and precomputed bytes and headers, the same as
 * `configRoutes` sends with `securityHeaders` around it. Anything else (no or a bad key, a refused
 * origin, nothing published, HEAD, a store error) is passed on untouched to the full middleware
 * chain and `configRoutes`, which answers as before.
 *
 * `now` runs before Hono routes the request at all, and answers only when the store can from
 * memory without waiting (always for SQLite; for PostgreSQL once its cache holds the key). A
 * synchronous answer is what a bare Hono handler gives: no middleware chain, no promise between the
 * request and the socket. `middleware` is the same answer after one awaited lookup, for a cold cache.
 */
export function configFastPath(keys: KeyOptions, answerFor: AnswerFor) {
  const { store, publicOrigin, clock = Date.now, activity } = keys;
  const keyOf = (request: Request): string | undefined => {
    const key = request.headers.get('x-upshift-key') ?? new URL(request.url).searchParams.get('key');
    return key !== null && PUBLISHABLE_KEY.test(key) ? key : undefined;
  };
  const respond = (request: Request, key: string, found: LiveLookup | null): Response | undefined => {
    if (!found?.live || !keyAccepted(found.environment, key, clock())) return undefined;
    const { environment, live } = found;
    const headers = request.headers;
    const origin = headers.get('origin') ?? undefined;
    if (origin !== undefined && !originAllowed(origin, environment.allowedOrigins, publicOrigin ?? new URL(request.url).origin)) return undefined;
    // Counted only once answering here is certain, so a request passed on is not counted twice.
    activity?.config(environment.id, originOf((name) => headers.get(name) ?? undefined));
    const served = answerFor(live);
    const notModified = ifNoneMatch(headers.get('if-none-match') ?? undefined, served.etag);
    const plain = notModified ? served.notModified : served.ok;
    // Plain header objects, not Headers: the Node adapter writes them as they are. The CORS names
    // sort before every other, so putting them first keeps the order the full route sends.
    const init = {
      status: notModified ? 304 : 200,
      headers: origin === undefined ? plain : { 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSED, ...plain },
    };
    return new Response(notModified ? null : served.bytes, init);
  };

  const middleware: MiddlewareHandler = async (c, next) => {
    const request = c.req.raw;
    const key = c.req.method === 'GET' ? keyOf(request) : undefined;
    // A store error is passed on too: the full chain reads the store again and, should that fail as
    // well, answers the error as every error is answered (logged, with the security headers).
    const found = key === undefined ? undefined : await store.liveConfigByPublishableKey(key).catch(() => undefined);
    return (found !== undefined && key !== undefined && respond(request, key, found)) || next();
  };

  return {
    now(request: Request): Response | undefined {
      if (request.method !== 'GET' || plainPath(request.url) !== PATH) return undefined;
      try {
        const key = keyOf(request);
        const found = key === undefined ? undefined : store.liveConfigByPublishableKeyNow(key);
        return found === undefined || key === undefined ? undefined : respond(request, key, found);
      } catch {
        return undefined;
      }
    },
    middleware,
  };
}
