import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { ApiError } from '../errors';
import type { PublicEnv } from './publishable-key';

export interface RateLimitOptions {
  /** Requests allowed per window for one publishable key from one client address. */
  limit: number;
  windowMs: number;
}

/**
 * 3,000 a minute per key and address: a whole office behind one NAT address, each person's widget
 * sending a batch every few seconds, stays well inside it; one script hammering the API does not.
 */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { limit: 3000, windowMs: 60_000 };

/** Windows tracked at once; past it the oldest are dropped, so many addresses cannot grow memory without bound. */
const MAX_WINDOWS = 50_000;

/** The result of counting one request: whether it may go on, and what to tell the client. */
export interface Take {
  allowed: boolean;
  remaining: number;
  /** Epoch ms when the window starts over. */
  resetAt: number;
}

/** Fixed windows per name, in memory (one process). `take` counts a request at `now` (epoch ms). */
export function fixedWindows({ limit, windowMs }: RateLimitOptions) {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    take(name: string, now: number): Take {
      let w = windows.get(name);
      if (!w || now >= w.start + windowMs || now < w.start) {
        // Reinserted, so the Map's order is the windows' start order and expired ones sit at the front.
        windows.delete(name);
        w = { start: now, count: 0 };
        windows.set(name, w);
        for (const [oldName, old] of windows) {
          if (windows.size <= MAX_WINDOWS && now < old.start + windowMs) break;
          windows.delete(oldName);
        }
      }
      w.count++;
      return { allowed: w.count <= limit, remaining: Math.max(0, limit - w.count), resetAt: w.start + windowMs };
    },
  };
}

/**
 * The client's address: the socket's peer, or with `trustProxy` (exactly one reverse proxy in
 * front) the last `X-Forwarded-For` entry, the one that proxy appended. Earlier entries are
 * whatever the client claimed and are never used.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/**
 * Limits each publishable key per client address (runs after `publishableKey`). Every answer
 * carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds, IETF draft);
 * past the limit it is a 429 `rate_limited` with `Retry-After`, before anything is read or written.
 */
export function rateLimit(windows: ReturnType<typeof fixedWindows>, options: RateLimitOptions, clock: () => number, trustProxy: boolean) {
  return createMiddleware<PublicEnv>(async (c, next) => {
    const now = clock();
    const take = windows.take(`${c.get('environment').id} ${clientAddress(c, trustProxy)}`, now);
    const reset = String(Math.max(0, Math.ceil((take.resetAt - now) / 1000)));
    c.header('RateLimit-Limit', String(options.limit));
    c.header('RateLimit-Remaining', String(take.remaining));
    c.header('RateLimit-Reset', reset);
    c.header('RateLimit-Policy', `${options.limit};w=${Math.ceil(options.windowMs / 1000)}`);
    if (!take.allowed) {
      c.header('Retry-After', reset);
      throw new ApiError(429, 'rate_limited', `Too many requests for this key from this address; try again in ${reset} s`, { retryAfter: Number(reset) });
    }
    await next();
  });
}
