import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { timingSafeEqual } from 'node:crypto';
import type { Actor } from '../../../shared/schemas/admin';
import { ApiError } from '../../http/errors';
import { hashSecret, randomToken } from '../../infra/keys';
import type { Store } from '../../store/types';
import type { SessionRecord, UserRecord } from '../../store/workspace-types';

export interface SessionPolicy {
  /** A session unused this long ends. Default 12 hours. */
  idleMs: number;
  /** A session ends this long after sign-in, used or not. Default 7 days. */
  absoluteMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 12 * 3_600_000, absoluteMs: 7 * 86_400_000 };
/** A session's last use is written at most this often. */
const TOUCH_EVERY_MS = 60_000;

export type SessionEnv = { Variables: { user: UserRecord; session: SessionRecord; actor: Actor } };

export interface SessionDeps {
  store: Store;
  clock: () => number;
  policy: SessionPolicy;
  /** The server's public URL is https: the cookie is `Secure` (and `__Host-` prefixed). */
  https: boolean;
  trustProxy: boolean;
}

const PLAIN = 'upshift_session';
const HOST_ONLY = '__Host-upshift_session';

/** Whether this request reached us over https: the public URL says so, the URL itself, or the one trusted proxy. */
const secure = (c: Context, deps: SessionDeps) =>
  deps.https || new URL(c.req.url).protocol === 'https:' || (deps.trustProxy && c.req.header('x-forwarded-proto') === 'https');

export const personActor = (u: UserRecord): Actor => ({ type: 'person', id: u.id, label: u.email });

/** Starts a session for `user`: stores only its id's hash, sets the cookie, answers the CSRF token. */
export async function startSession(c: Context, deps: SessionDeps, user: UserRecord): Promise<string> {
  const id = randomToken(43);
  const now = deps.clock();
  const csrfToken = randomToken(43);
  await deps.store.createSession({ idHash: hashSecret(id), userId: user.id, csrfToken, createdAt: now, lastSeenAt: now });
  await deps.store.recordSignIn(user.id, now);
  const https = secure(c, deps);
  setCookie(c, https ? HOST_ONLY : PLAIN, id, { httpOnly: true, sameSite: 'Lax', secure: https, path: '/', maxAge: Math.floor(deps.policy.absoluteMs / 1000) });
  return csrfToken;
}

/** Over https only the `__Host-` cookie counts: a sibling subdomain can plant a plain one, never that. */
const cookieValue = (c: Context, deps: SessionDeps) => (secure(c, deps) ? getCookie(c, HOST_ONLY) : (getCookie(c, HOST_ONLY) ?? getCookie(c, PLAIN)));

export function clearSessionCookie(c: Context, deps: SessionDeps): void {
  const https = secure(c, deps);
  deleteCookie(c, https ? HOST_ONLY : PLAIN, { path: '/', secure: https, httpOnly: true, sameSite: 'Lax' });
}

/** Compared by digest: equal lengths whatever the header holds (a non-ASCII byte would make `timingSafeEqual` throw). */
const sameToken = (a: string, b: string) => timingSafeEqual(Buffer.from(hashSecret(a), 'hex'), Buffer.from(hashSecret(b), 'hex'));
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Requires a live session: 401 without one, or once it passed its idle or absolute timeout (it is
 * then deleted). Every mutation needs the session's CSRF token in `X-CSRF-Token`: 403 without it.
 * Sets `user`, `session` and `actor` (the person) for the handlers and the audit log.
 */
export function requireSession(deps: SessionDeps) {
  return createMiddleware<SessionEnv>(async (c, next) => {
    c.header('Cache-Control', 'no-store');
    const id = cookieValue(c, deps);
    if (!id) throw new ApiError(401, 'unauthorized', 'Sign in first');
    const idHash = hashSecret(id);
    const session = await deps.store.findSession(idHash);
    const now = deps.clock();
    if (!session) throw new ApiError(401, 'unauthorized', 'Your session has ended; sign in again');
    if (now - session.lastSeenAt > deps.policy.idleMs || now - session.createdAt > deps.policy.absoluteMs) {
      await deps.store.deleteSession(idHash);
      clearSessionCookie(c, deps);
      throw new ApiError(401, 'session_expired', 'Your session has timed out; sign in again');
    }
    const user = await deps.store.findUserById(session.userId);
    if (!user) throw new ApiError(401, 'unauthorized', 'Your session has ended; sign in again');
    if (!READS.has(c.req.method)) {
      const token = c.req.header('x-csrf-token');
      if (!token) throw new ApiError(403, 'csrf_required', 'Send the CSRF token from sign-in as X-CSRF-Token with every change');
      if (!sameToken(token, session.csrfToken)) throw new ApiError(403, 'csrf_invalid', 'The X-CSRF-Token header does not match this session');
    }
    if (now - session.lastSeenAt >= TOUCH_EVERY_MS) await deps.store.touchSession(idHash, now);
    c.set('user', user);
    c.set('session', session);
    c.set('actor', personActor(user));
    await next();
  });
}

/**
 * Refuses console writes a page of another site asked for: a browser names the page's origin in
 * `Origin` on every POST, PUT, PATCH and DELETE. SameSite=Lax keeps the cookie off them already;
 * this also stops a login CSRF (signing a victim into the attacker's account).
 */
export function sameOriginWrites(selfOrigin: (c: Context) => string) {
  return createMiddleware(async (c, next) => {
    if (!READS.has(c.req.method)) {
      const origin = c.req.header('origin');
      const site = c.req.header('sec-fetch-site');
      if ((origin !== undefined && origin !== selfOrigin(c)) || (site !== undefined && site !== 'same-origin' && site !== 'none')) {
        throw new ApiError(403, 'cross_origin', 'The console API takes changes only from the console itself');
      }
    }
    await next();
  });
}
