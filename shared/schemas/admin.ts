import { z } from 'zod';
import { MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, ROLES } from '../roles';

/**
 * The console's admin API (`/v1/admin/…`, behind a session and CSRF): people, sessions,
 * environments and their keys, and the audit log. Environment-scoped drafts, publishing and
 * versions are the same handlers as the secret-key API, under `/v1/admin/environments/:env/…`.
 */

export { MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, PERMISSIONS, ROLES, roleCan, type Permission } from '../roles';

export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;


export const Email = z
  .string()
  .trim()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address such as you@acme.com')
  .transform((e) => e.toLowerCase());
/** A new password: long enough to resist guessing, short enough to hash cheaply. */
export const NewPassword = z
  .string()
  .min(MIN_PASSWORD_CHARS, `must be at least ${MIN_PASSWORD_CHARS} characters`)
  .max(MAX_PASSWORD_CHARS, `must be at most ${MAX_PASSWORD_CHARS} characters`);
/** A password as typed at sign-in: never checked for strength, so an old one still signs in. */
const GivenPassword = z.string().min(1, 'is required').max(MAX_PASSWORD_CHARS);
const PersonName = z.string().trim().min(1).max(100);

/** A person with access to the console. */
export const User = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: Role,
  createdAt: z.iso.datetime({ offset: true }),
  lastSignInAt: z.iso.datetime({ offset: true }).nullable(),
});
export type User = z.infer<typeof User>;

/** `POST /v1/admin/session`. */
export const SignInInput = z.object({ email: Email, password: GivenPassword }).strict();
export type SignInInput = z.infer<typeof SignInInput>;

/** Answer of sign-in, setup, invite acceptance and `GET /v1/admin/me`: send `csrfToken` as `X-CSRF-Token` on every mutation. */
export const SessionView = z.object({ user: User, csrfToken: z.string() });
export type SessionView = z.infer<typeof SessionView>;

/** `GET /v1/admin/setup`: whether the server still waits for its first owner. */
export const SetupStatus = z.object({ needed: z.boolean() });
export type SetupStatus = z.infer<typeof SetupStatus>;

/** `POST /v1/admin/setup`: the one-time token from the start-up log makes the first owner. */
export const SetupInput = z.object({ token: z.string().min(1).max(200), email: Email, name: PersonName.optional(), password: NewPassword }).strict();
export type SetupInput = z.infer<typeof SetupInput>;

/** `PUT /v1/admin/me/password`. Other sessions of the person are signed out. */
export const ChangePasswordInput = z.object({ currentPassword: GivenPassword, newPassword: NewPassword }).strict();
export type ChangePasswordInput = z.infer<typeof ChangePasswordInput>;

/** `POST /v1/admin/invites` (owner). */
export const InviteInput = z.object({ email: Email, role: Role }).strict();
export type InviteInput = z.infer<typeof InviteInput>;

/** A pending invitation. */
export const Invite = z.object({
  id: z.string(),
  email: z.string(),
  role: Role,
  invitedBy: z.string().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  expiresAt: z.iso.datetime({ offset: true }),
});
export type Invite = z.infer<typeof Invite>;

/**
 * Answer of `POST /v1/admin/invites`: the link, shown this once (its token is stored hashed);
 * `mailed` when a configured mail server took it, else `mailError` says why not (no mail server: neither).
 */
export const InviteCreated = z.object({ invite: Invite, url: z.string(), mailed: z.boolean(), mailError: z.string().optional() });
export type InviteCreated = z.infer<typeof InviteCreated>;

/** `POST /v1/admin/invites/lookup`: who an invite link is for, before accepting it. */
export const InviteTokenInput = z.object({ token: z.string().min(1).max(200) }).strict();
/** `POST /v1/admin/invites/accept`. */
export const AcceptInviteInput = z.object({ token: z.string().min(1).max(200), name: PersonName.optional(), password: NewPassword }).strict();
export type AcceptInviteInput = z.infer<typeof AcceptInviteInput>;

/** `GET /v1/admin/people`. */
export const PeopleView = z.object({ people: z.array(User), invites: z.array(Invite) });
export type PeopleView = z.infer<typeof PeopleView>;

/** `PATCH /v1/admin/people/:id` (owner). */
export const PersonUpdate = z.object({ role: Role }).strict();

/** A browser origin an environment's publishable key may be used from: `https://app.acme.com`, `https://*.acme.com`, `http://localhost:*`. */
export const AllowedOrigin = z
  .string()
  .trim()
  .max(253)
  .regex(
    /^\*$|^https?:\/\/(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:(\d{1,5}|\*))?$|^https?:\/\/\[[0-9a-f:.]+\](:(\d{1,5}|\*))?$/i,
    'must be an origin such as https://app.acme.com, https://*.acme.com or http://localhost:*: a scheme and host, an optional port, no path (or * for any origin)',
  )
  .transform((o) => o.toLowerCase());
export const AllowedOrigins = z.array(AllowedOrigin).max(50);

const EnvironmentName = z.string().trim().min(1).max(64);

/** An environment as the console shows it; its secret keys are listed separately. */
export const EnvironmentView = z.object({
  id: z.string(),
  name: z.string(),
  publishableKey: z.string(),
  /** Until when (ISO 8601) the publishable key before the last rotation still works; null when it does not. */
  previousKeyValidUntil: z.iso.datetime({ offset: true }).nullable(),
  allowedOrigins: z.array(z.string()),
  createdAt: z.string(),
});
export type EnvironmentView = z.infer<typeof EnvironmentView>;

/** `POST /v1/admin/environments` (owner). */
export const EnvironmentInput = z.object({ name: EnvironmentName, allowedOrigins: AllowedOrigins.default([]) }).strict();
export type EnvironmentInput = z.infer<typeof EnvironmentInput>;

/** Answer of `POST /v1/admin/environments`: the first secret key, shown this once. */
export const EnvironmentCreated = z.object({ environment: EnvironmentView, publishableKey: z.string(), secretKey: z.string() });
export type EnvironmentCreated = z.infer<typeof EnvironmentCreated>;

/** `PATCH /v1/admin/environments/:env` (owner): rename, or replace the allowed origins. */
export const EnvironmentUpdate = z.object({ name: EnvironmentName.optional(), allowedOrigins: AllowedOrigins.optional() }).strict();
export type EnvironmentUpdate = z.infer<typeof EnvironmentUpdate>;

/** `DELETE /v1/admin/environments/:env` (owner): the name typed again, to confirm. */
export const EnvironmentDelete = z.object({ confirm: z.string() }).strict();

/** The longest a rotated-away publishable key may keep working: a week, in seconds. */
export const MAX_KEY_GRACE_SECONDS = 604_800;
/** `POST /v1/admin/environments/:env/publishable-key/rotate` (owner). */
export const RotateKeyInput = z
  .object({
    graceSeconds: z.number().int().min(0).max(MAX_KEY_GRACE_SECONDS).default(0),
    /**
     * Rotate although the key before is still in its grace period, which then ends at once (only
     * one previous key is kept). Without it such a rotation is `409 grace_period_running`.
     */
    force: z.boolean().default(false),
  })
  .strict();

/** A secret key as listed: never the key itself. */
export const SecretKeyView = z.object({
  id: z.string(),
  name: z.string(),
  /** The key's first characters, `sk_AbCd…`, to tell keys apart. */
  prefix: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  lastUsedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type SecretKeyView = z.infer<typeof SecretKeyView>;
/** `POST /v1/admin/environments/:env/secret-keys` (owner). */
export const SecretKeyInput = z.object({ name: z.string().trim().min(1).max(64) }).strict();
/** Answer of creating a secret key: the key, shown this once. */
export const SecretKeyCreated = z.object({ key: SecretKeyView, secretKey: z.string() });

/** `POST /v1/admin/environments/:env/origins/check`: would a page on `origin` be let in? */
export const OriginCheckInput = z.object({ origin: z.string().min(1).max(300) }).strict();
export const OriginCheck = z.object({ allowed: z.boolean(), matchedBy: z.string().nullable(), reason: z.string() });
export type OriginCheck = z.infer<typeof OriginCheck>;

/** `GET /v1/admin/environments/:env/installation`: is the snippet working, per origin? */
export const InstallationView = z.object({
  origins: z.array(
    z.object({
      origin: z.string(),
      /** Whether the environment allows this origin today. */
      allowed: z.boolean(),
      lastConfigAt: z.iso.datetime({ offset: true }).nullable(),
      eventsLastHour: z.number().int(),
    }),
  ),
  lastConfigAt: z.iso.datetime({ offset: true }).nullable(),
  eventsLastHour: z.number().int(),
});
export type InstallationView = z.infer<typeof InstallationView>;

/** One difference between two JSON documents, at a dotted path (`rules.api-ladder.trigger.tiers.0.at.percent`). */
export const Change = z.object({ path: z.string(), before: z.unknown().optional(), after: z.unknown().optional() });
export type Change = z.infer<typeof Change>;

/** `POST /v1/admin/environments/:env/promote`: copy drafts into `to`; `dryRun` answers the diff only. */
export const PromoteInput = z.object({ to: z.string().min(1), dryRun: z.boolean().default(false) }).strict();
export const PromoteView = z.object({ changes: z.array(Change), applied: z.boolean() });
export type PromoteView = z.infer<typeof PromoteView>;

/** Who did something: a person, a named secret key, the server itself, or someone not signed in. */
export const Actor = z.object({ type: z.enum(['person', 'key', 'system', 'anonymous']), id: z.string().nullable(), label: z.string() });
export type Actor = z.infer<typeof Actor>;

/** One audit log entry; `changes` mask every secret. */
export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.iso.datetime({ offset: true }),
  actor: Actor,
  /** What kind of thing changed: `rule`, `catalog`, `settings`, `version`, `key`, `secret`, `person`, `invite`, `environment`, `session`. */
  kind: z.string(),
  /** What happened, e.g. `rule.updated`, `version.published`, `session.sign_in_failed`. */
  action: z.string(),
  environmentId: z.string().nullable(),
  /** What it happened to: a rule id, an email, an environment name. */
  target: z.string().nullable(),
  changes: z.array(Change),
  ip: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** `GET /v1/admin/audit` query: filter by person (actor id), kind and time; `before` pages back by id. */
export const AuditQuery = z.object({
  actor: z.string().max(200).optional(),
  kind: z.string().max(40).optional(),
  environment: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.infer<typeof AuditQuery>;
export const AuditPage = z.object({ entries: z.array(AuditEntry), next: z.number().int().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;
