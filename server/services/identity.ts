import type { Context } from 'hono';
import type { IdentityClaims } from '../../shared/schemas/identity';
import { ApiError } from '../http/errors';
import { IDENTITY_LEEWAY_SECONDS, verifyIdentityToken } from './identity-token';
import type { IdentitySettings } from '../store/identity-types';
import type { Store } from '../store/types';

/**
 * Where a client can put the token: a header, or for events the batch's `token` field (a beacon
 * cannot set headers). Never the URL: proxies, logs and `Referer` keep URLs, so a `token` query
 * parameter is not read on any route.
 */
function tokenOf(c: Context, bodyToken: string | undefined): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  return bearer ?? c.req.header('x-upshift-token') ?? bodyToken;
}

/**
 * How long after its expiry a token still vouches for events that happened before it expired: as
 * long as the widget keeps undelivered events (24 h), so an outage or a tab closed offline does not
 * cost a person's events because their token ran out meanwhile.
 */
export const EVENT_TOKEN_GRACE_SECONDS = 86_400;

const WHERE_TOKEN_GOES = 'send it as "Authorization: Bearer <token>" or the X-Upshift-Token header';

/**
 * The claims of the token the request carries, checked against `settings`' secret (and, during a
 * rotation's overlap, the previous one): 401 `identity_required` without one (`missing` says why it
 * is needed), 401 `identity_invalid` when it is unsigned, forged or expired.
 */
function claimsOf(c: Context, settings: IdentitySettings, now: number, missing: string, bodyToken?: string, eventTimes?: number[]): IdentityClaims {
  const token = tokenOf(c, bodyToken);
  if (token === undefined || token === '') {
    const inUrl = c.req.query('token') === undefined ? '' : ' (a "token" query parameter is never read: URLs end up in logs)';
    throw new ApiError(401, 'identity_required', `${missing}: ${WHERE_TOKEN_GOES}${inUrl}`);
  }
  const grace = eventTimes ? EVENT_TOKEN_GRACE_SECONDS : 0;
  let verified = verifyIdentityToken(token, settings.secret, now, grace);
  // During a rotation's overlap, a token the previous secret signed is as good.
  if (!verified.ok && settings.previousSecret !== null && settings.previousExpiresAt !== null && settings.previousExpiresAt > now) {
    const previous = verifyIdentityToken(token, settings.previousSecret, now, grace);
    if (previous.ok) verified = previous;
  }
  if (!verified.ok) throw new ApiError(401, 'identity_invalid', `The identity token ${verified.reason}`);
  const expiredAt = (verified.claims.exp + IDENTITY_LEEWAY_SECONDS) * 1000;
  if (expiredAt < now && eventTimes?.some((at) => at > expiredAt)) {
    throw new ApiError(401, 'identity_invalid', 'The identity token has expired, and some events happened after it did');
  }
  return verified.claims;
}

/**
 * The verified identity behind a publishable-key request that acts for a person, or null when the
 * environment does not require one (then any token sent is ignored). When it does, a missing token
 * is a 401 `identity_required` and an unsigned, forged or expired one a 401 `identity_invalid`.
 * `now` is epoch ms. With `eventTimes` (epoch ms), an expired token is still taken for events that
 * all happened before it expired, for up to a day after.
 */
export async function verifiedIdentity(c: Context, store: Store, environmentId: string, now: number, bodyToken?: string, eventTimes?: number[]): Promise<IdentityClaims | null> {
  const settings = await store.getIdentitySettings(environmentId);
  if (!settings?.required) return null;
  return claimsOf(c, settings, now, 'This environment requires an identity token signed by your backend', bodyToken, eventTimes);
}

/**
 * The verified identity behind an action that grants something: a trial (whose `trial.started`
 * webhook the host trusts to grant an entitlement) or a request to the admins. Unlike events and
 * state reads, these need a valid token even while verification is off, because the publishable
 * key is public: without one, anyone could start trials for any account. Null only when the
 * environment opted out (`unverifiedActions` with verification off); an environment without an
 * identity secret cannot verify anyone, so its actions are 403 `identity_not_configured` until its
 * operator sets verification up or opts out.
 */
export async function actionIdentity(c: Context, store: Store, environmentId: string, now: number): Promise<IdentityClaims | null> {
  const settings = await store.getIdentitySettings(environmentId);
  if (settings && !settings.required && settings.unverifiedActions) return null;
  if (!settings) {
    throw new ApiError(
      403,
      'identity_not_configured',
      'Trials and requests to the admins need a person verified by an identity token, and this environment has no identity secret. ' +
        'Its operator must set up identity verification (PUT /v1/identity with the secret key, then sign tokens on the backend) ' +
        'or allow unverified actions explicitly (PUT /v1/identity {"required": false, "unverifiedActions": true})',
    );
  }
  return claimsOf(c, settings, now, 'Trials and requests to the admins need an identity token signed by your backend');
}

/** Refuses, with 403 `identity_mismatch`, a request for a person other than the one the token names. */
export function assertSamePerson(claims: IdentityClaims | null, userId: string, accountId: string, where = 'request'): void {
  if (!claims || (claims.sub === userId && claims.account === accountId)) return;
  throw new ApiError(403, 'identity_mismatch', `The ${where} is for another person than the identity token's "sub" and "account"`);
}
