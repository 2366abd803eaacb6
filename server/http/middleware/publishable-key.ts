import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { ApiError } from '../errors';
import { originAllowed } from '../origin';
import type { ActivityTracker } from '../../services/installation';
import type { Environment } from '../../store/config-types';
import type { Store } from '../../store/types';

export type PublicEnv = { Variables: { environment: Environment } };

/** What a publishable key looks like; a plain pattern for the config fast path, which skips zod. */
export const PUBLISHABLE_KEY = /^pk_[A-Za-z0-9]{8,64}$/;
export const PublishableKey = z.string().regex(PUBLISHABLE_KEY);

/** The answer headers a browser script may read, granted with `Access-Control-Allow-Origin`. */
export const EXPOSED = 'ETag, RateLimit, RateLimit-Policy, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After';

export const ALLOWED_HEADERS = 'Content-Type, X-Upshift-Key, If-None-Match, Authorization, X-Upshift-Token';

export interface KeyOptions {
  store: Store;
  /** The server's public origin (`UPSHIFT_PUBLIC_URL`), when a proxy in front changes scheme or host. */
  publicOrigin?: string | undefined;
  /** Runs once the key and origin are accepted, e.g. the per key and address rate limit. */
  limiter?: MiddlewareHandler<PublicEnv> | undefined;
  /** Epoch ms, for the grace period of a rotated-away key. Default `Date.now`. */
  clock?: (() => number) | undefined;
  /** Notes config fetches and events per origin, for the console's installation check. */
  activity?: ActivityTracker | undefined;
}

/** Whether `key` still opens `environment`: its current key, or the one before through the grace period the rotation gave it. */
export const keyAccepted = (environment: Environment, key: string, now: number): boolean =>
  environment.publishableKey === key || (environment.previousKeyExpiresAt ?? 0) > now;

/** The origin this server answers on, as a browser on the same origin would send it. */
export const selfOrigin = (c: Context, publicOrigin: string | undefined): string => publicOrigin ?? new URL(c.req.url).origin;

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A write that no browser origin vouches for although a browser sent it: browsers send `Origin` on
 * every POST, so one without it but with Fetch Metadata (`Sec-Fetch-Site`, which only browsers
 * send) had it stripped, by an extension or a proxy. Only from a page of this server itself
 * (`same-origin`) is it taken. A client with neither header is not a browser (a backend, curl) and
 * is taken as before.
 */
const unvouchedBrowserWrite = (c: Context): boolean => {
  const site = c.req.header('sec-fetch-site');
  return !READS.has(c.req.method) && site !== undefined && site !== 'same-origin';
};

/**
 * Resolves the publishable key (`X-Upshift-Key` header or `key` query) to its environment and
 * enforces the environment's allowed origins. CORS headers are only ever granted to an allowed
 * origin; a foreign browser origin gets 403 before any handler runs, because CORS alone does not
 * stop a beacon or a form post from writing, and so does a browser's write without an `Origin`.
 */
export function publishableKey({ store, publicOrigin, limiter, clock = Date.now }: KeyOptions) {
  return createMiddleware<PublicEnv>(async (c, next) => {
    const key = c.req.header('x-upshift-key') ?? c.req.query('key');
    if (key === undefined || key === '') {
      throw new ApiError(401, 'missing_key', 'Send the publishable key in the "key" query parameter or the X-Upshift-Key header');
    }
    if (key.startsWith('sk_')) {
      throw new ApiError(401, 'wrong_key_type', 'This endpoint takes a publishable key (pk_…); never put a secret key in a browser');
    }
    if (!PublishableKey.safeParse(key).success) throw new ApiError(401, 'invalid_key', 'The key is not a publishable key (pk_…)');
    const environment = await store.findEnvironmentByPublishableKey(key);
    if (!environment) throw new ApiError(401, 'unknown_key', 'No environment has this publishable key');
    // A key rotated away works only through the grace period the rotation gave it.
    if (!keyAccepted(environment, key, clock())) {
      throw new ApiError(401, 'unknown_key', 'This publishable key was rotated and no longer works; use the environment\'s current key');
    }
    const origin = c.req.header('origin');
    if (origin !== undefined) {
      if (!originAllowed(origin, environment.allowedOrigins, selfOrigin(c, publicOrigin))) {
        throw new ApiError(403, 'origin_not_allowed', `Origin ${origin} is not in this environment's allowed origins`);
      }
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Expose-Headers', EXPOSED);
    } else if (unvouchedBrowserWrite(c)) {
      throw new ApiError(403, 'origin_required', 'A browser must send its Origin with a write; this one came without it');
    }
    c.header('Vary', 'Origin', { append: true });
    c.set('environment', environment);
    if (limiter) await limiter(c, next);
    else await next();
  });
}
