import { createHmac, timingSafeEqual } from 'node:crypto';
import { IdentityClaims, IdentityToken } from '../../shared/schemas/identity';
import { randomToken } from '../infra/keys';

/** Clock skew tolerated between the host's backend and this server, in seconds. */
export const IDENTITY_LEEWAY_SECONDS = 30;

/**
 * The furthest ahead a token's `exp` may lie: 7 days. The README's tokens live an hour; a week
 * leaves room for a page that stays open for days, and matches the longest a rotated-away secret
 * stays valid, so no token outlives a routine rotation's overlap by more than that. A token that
 * claims to be good for longer (`exp: 1e300`) is a bearer password and is refused.
 */
export const MAX_IDENTITY_TOKEN_LIFETIME_SECONDS = 604_800;

export type Verified = { ok: true; claims: IdentityClaims } | { ok: false; reason: string };

/** A new HS256 signing secret. Hosts pass the whole string, prefix included, as the HMAC key. */
export const newIdentitySecret = (): string => `idsec_${randomToken(43)}`;

const signature = (signingInput: string, secret: string): string => createHmac('sha256', secret).update(signingInput).digest('base64url');

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks an identity token: a JWT signed with HS256 and `secret`, unexpired but expiring within
 * `MAX_IDENTITY_TOKEN_LIFETIME_SECONDS` (plus leeway), with `sub` and `account`. Only the header's `alg: "HS256"` is accepted (never `none`, never another algorithm
 * chosen by the sender); the signature is compared in constant time before the payload is read.
 * `now` is epoch ms; `graceSeconds` accepts a token that expired at most that long ago (the caller
 * must check that what it signs happened before `exp`). Returns the claims, or why the token was refused.
 */
export function verifyIdentityToken(token: string, secret: string, now: number, graceSeconds = 0): Verified {
  if (!IdentityToken.safeParse(token).success) return { ok: false, reason: 'is not a compact JWT (header.payload.signature)' };
  const [header = '', payload = '', sig = ''] = token.split('.');
  const head = decodeJson(header);
  if (!isObject(head) || head['alg'] !== 'HS256') return { ok: false, reason: 'must be signed with alg "HS256"' };
  if (head['typ'] !== undefined && head['typ'] !== 'JWT') return { ok: false, reason: 'has a "typ" other than "JWT"' };
  if (head['crit'] !== undefined) return { ok: false, reason: 'has critical header parameters this server does not understand' };
  // Comparing the base64url text (not decoded bytes) also refuses the non-canonical encodings of a valid signature.
  const expected = Buffer.from(signature(`${header}.${payload}`, secret));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'has a signature that does not match this environment\'s secret' };
  const claims = IdentityClaims.safeParse(decodeJson(payload));
  if (!claims.success) {
    const issue = claims.error.issues[0];
    return { ok: false, reason: `has an invalid claim${issue?.path.length ? ` "${issue.path.join('.')}"` : ''}: ${issue?.message ?? 'not a JSON object'}` };
  }
  const seconds = now / 1000;
  const { exp, nbf, iat } = claims.data;
  if (exp + IDENTITY_LEEWAY_SECONDS + graceSeconds < seconds) return { ok: false, reason: 'has expired' };
  if (exp - IDENTITY_LEEWAY_SECONDS > seconds + MAX_IDENTITY_TOKEN_LIFETIME_SECONDS) {
    return { ok: false, reason: `expires too far ahead ("exp" more than ${MAX_IDENTITY_TOKEN_LIFETIME_SECONDS / 86_400} days from now)` };
  }
  if (nbf !== undefined && nbf - IDENTITY_LEEWAY_SECONDS > seconds) return { ok: false, reason: 'is not valid yet ("nbf")' };
  if (iat !== undefined && iat - IDENTITY_LEEWAY_SECONDS > seconds) return { ok: false, reason: 'was issued in the future ("iat")' };
  return { ok: true, claims: claims.data };
}

/** Signs `claims` as an HS256 JWT, exactly as a host's backend does (see the README); used by tests and tools. */
export function signIdentityToken(claims: Record<string, unknown>, secret: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${input}.${signature(input, secret)}`;
}
