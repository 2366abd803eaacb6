import { z } from 'zod';
import { ExternalId, Key } from './common';
import { MetricValues } from './context';

/** The longest identity token read; the widget's context caps `token` at the same length. */
export const MAX_IDENTITY_TOKEN_CHARS = 4096;

/** An identity token as it travels: a compact JWS, `header.payload.signature` in base64url. */
export const IdentityToken = z
  .string()
  .max(MAX_IDENTITY_TOKEN_CHARS)
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'must be a compact JWT: three base64url parts separated by "."');

/** A signed number of seconds since the epoch, as JWT's `exp`, `nbf` and `iat` are. */
const NumericDate = z.number().finite();

/**
 * The claims of the identity token a host's backend signs (HS256) for the person in front of it:
 * who they are (`sub`, `account`) and, when the host wants the server to trust nothing else, their
 * plan and limits. Other registered claims are allowed and ignored.
 */
export const IdentityClaims = z.object({
  sub: ExternalId,
  account: ExternalId,
  plan: Key.optional(),
  limits: MetricValues.optional(),
  exp: NumericDate,
  nbf: NumericDate.optional(),
  iat: NumericDate.optional(),
});
export type IdentityClaims = z.infer<typeof IdentityClaims>;

/**
 * Body of `PUT /v1/identity`: whether person-level requests must carry a signed token and, while
 * they need not, whether trials and requests to the admins may go without one (`unverifiedActions`).
 * Those grant something the host trusts (a `trial.started` webhook grants an entitlement), so
 * without the opt-out they need a token even with `required: false`. Omitted, it is false: a PUT
 * states the whole setting, and forgetting the field never loosens it.
 */
export const IdentitySettingsInput = z.object({ required: z.boolean(), unverifiedActions: z.boolean().optional() }).strict();
export type IdentitySettingsInput = z.infer<typeof IdentitySettingsInput>;

/** The longest a rotated-away secret may stay valid: a week, in seconds. */
export const MAX_PREVIOUS_SECRET_SECONDS = 604_800;

/**
 * Body of `POST /v1/identity/rotate` (optional): how many seconds tokens signed with the secret
 * being replaced are still taken. 0 (the default) ends them at once, as after a leak; a routine
 * rotation gives the backends time to switch, and the widget's queued events time to arrive.
 */
export const IdentityRotateInput = z.object({ previousValidSeconds: z.number().int().min(0).max(MAX_PREVIOUS_SECRET_SECONDS).default(0) }).strict();
export type IdentityRotateInput = z.infer<typeof IdentityRotateInput>;

/** Answer of `GET|PUT /v1/identity` and `POST /v1/identity/rotate` (secret key only). */
export const IdentitySettingsView = z.object({
  required: z.boolean(),
  /** Trials and requests to the admins taken without a token; has no effect while `required` is true. */
  unverifiedActions: z.boolean(),
  /**
   * The HS256 signing secret, `idsec_…`; null until one is made by PUT or rotate. In the console it
   * is answered only by the call that made it (shown once); a secret key reads it back.
   */
  secret: z.string().nullable(),
  /** Whether the environment has a secret, shown or not. */
  hasSecret: z.boolean(),
  /** Until when (ISO 8601) tokens signed with the previous secret are still taken; null when they are not. */
  previousSecretValidUntil: z.string().nullable(),
});
export type IdentitySettingsView = z.infer<typeof IdentitySettingsView>;
