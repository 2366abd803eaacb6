import type { Actor, Change, Role } from '../../shared/schemas/admin';
import type { Environment } from './config-types';

/** A person with console access; times are epoch ms. */
export interface UserRecord {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  /** `scrypt$…`, see `auth/password.ts`. */
  passwordHash: string;
  createdAt: number;
  lastSignInAt: number | null;
}

export interface NewUser {
  email: string;
  name: string | null;
  role: Role;
  passwordHash: string;
}

/** A signed-in browser. Only the SHA-256 of the cookie's value is stored. */
export interface SessionRecord {
  idHash: string;
  userId: string;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
}

/** A one-time invitation; only the SHA-256 of its token is stored. */
export interface InviteRecord {
  id: string;
  email: string;
  role: Role;
  invitedBy: string | null;
  createdAt: number;
  expiresAt: number;
  acceptedAt: number | null;
}

/** A named secret key of an environment, without the key. */
export interface SecretKeyRecord {
  id: string;
  environmentId: string;
  name: string;
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface AuditRecord {
  id: number;
  at: number;
  actor: Actor;
  environmentId: string | null;
  kind: string;
  action: string;
  target: string | null;
  changes: Change[];
  ip: string | null;
}

export type NewAuditRecord = Omit<AuditRecord, 'id'>;

export interface AuditFilter {
  actor?: string | undefined;
  kind?: string | undefined;
  environment?: string | undefined;
  /** Epoch ms, inclusive. */
  from?: number | undefined;
  /** Epoch ms, inclusive. */
  to?: number | undefined;
  /** Entries with a smaller id only (paging back). */
  before?: number | undefined;
  limit: number;
}

/** What a change of role or a removal did: the last owner can be neither demoted nor removed. */
export type OwnerGuarded<T> = { outcome: 'done'; value: T } | { outcome: 'not_found' } | { outcome: 'last_owner' };

export type InviteAcceptance = { outcome: 'accepted'; user: UserRecord } | { outcome: 'not_found' | 'expired' | 'email_taken' };

/** Config fetches and events seen from one origin in one minute (`minute` is epoch ms / 60,000). */
export interface OriginActivity {
  environmentId: string;
  origin: string;
  minute: number;
  configFetches: number;
  events: number;
}

/** Persistence for people, sessions, invites, environment management and the audit log. */
export interface WorkspaceStore {
  countUsers(): Promise<number>;
  /** Null when the email is taken. */
  createUser(user: NewUser, at: number): Promise<UserRecord | null>;
  findUserByEmail(email: string): Promise<UserRecord | null>;
  findUserById(id: string): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  setUserRole(id: string, role: Role): Promise<OwnerGuarded<UserRecord>>;
  /** Removes the person and every session of theirs. */
  deleteUser(id: string): Promise<OwnerGuarded<UserRecord>>;
  setPassword(id: string, passwordHash: string): Promise<void>;
  recordSignIn(id: string, at: number): Promise<void>;

  createSession(session: SessionRecord): Promise<void>;
  findSession(idHash: string): Promise<SessionRecord | null>;
  touchSession(idHash: string, at: number): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  /** Signs the person out everywhere but `keep` (a session id hash), when given; answers how many ended. */
  deleteUserSessions(userId: string, keep?: string): Promise<number>;

  createInvite(invite: InviteRecord, tokenHash: string): Promise<void>;
  /** Invites neither accepted nor expired at `now`, newest first. */
  listInvites(now: number): Promise<InviteRecord[]>;
  findInvite(tokenHash: string): Promise<InviteRecord | null>;
  deleteInvite(id: string): Promise<InviteRecord | null>;
  /** Uses the invite once, making the person it names, in one transaction. */
  acceptInvite(tokenHash: string, user: { name: string | null; passwordHash: string }, at: number): Promise<InviteAcceptance>;

  findEnvironment(id: string): Promise<Environment | null>;
  /** Renames or replaces the allowed origins; null when there is no such environment. */
  updateEnvironment(id: string, update: { name?: string | undefined; allowedOrigins?: string[] | undefined }): Promise<Environment | null>;
  /** Its keys stop working at once; its data stays in the database. False when there was none. */
  deleteEnvironment(id: string, at: number): Promise<boolean>;
  /** A new publishable key; the old one keeps working until `previousExpiresAt` (null: not at all). */
  rotatePublishableKey(id: string, key: string, previousExpiresAt: number | null): Promise<Environment | null>;

  listSecretKeys(environmentId: string): Promise<SecretKeyRecord[]>;
  createSecretKey(environmentId: string, name: string, key: string, at: number): Promise<SecretKeyRecord>;
  /** False when the environment has no such live key. */
  revokeSecretKey(environmentId: string, id: string, at: number): Promise<boolean>;
  /** The environment and the key a secret key is, noting its use at `at`; null for an unknown or revoked key. */
  authenticateSecretKey(key: string, at: number): Promise<{ environment: Environment; key: SecretKeyRecord } | null>;

  appendAudit(entry: NewAuditRecord): Promise<AuditRecord>;
  /** Newest first. */
  listAudit(filter: AuditFilter): Promise<AuditRecord[]>;

  /** Adds counts to the minutes they name. */
  recordOriginActivity(activity: readonly OriginActivity[]): Promise<void>;
  /**
   * Per origin seen since `seenSince` (a minute), the most recently active first, at most `limit`:
   * the last minute a config was fetched, and events since `eventsSince`.
   */
  originActivity(environmentId: string, window: { seenSince: number; eventsSince: number; limit: number }): Promise<{ origin: string; lastConfigMinute: number | null; events: number }[]>;
}
