import type { AuditEntry, EnvironmentView, Invite, SecretKeyView, User } from '../../../../shared/schemas/admin';
import { iso } from '../../../infra/iso';
import type { Environment } from '../../../store/config-types';
import type { AuditRecord, InviteRecord, SecretKeyRecord, UserRecord } from '../../../store/workspace-types';

const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export const userView = (u: UserRecord): User => ({ id: u.id, email: u.email, name: u.name, role: u.role, createdAt: iso(u.createdAt), lastSignInAt: isoOrNull(u.lastSignInAt) });

export const inviteView = (i: InviteRecord, inviter: string | null): Invite => ({
  id: i.id,
  email: i.email,
  role: i.role,
  invitedBy: inviter,
  createdAt: iso(i.createdAt),
  expiresAt: iso(i.expiresAt),
});

export const environmentView = (e: Environment, now: number): EnvironmentView => ({
  id: e.id,
  name: e.name,
  publishableKey: e.publishableKey,
  previousKeyValidUntil: e.previousPublishableKey && e.previousKeyExpiresAt !== null && e.previousKeyExpiresAt > now ? iso(e.previousKeyExpiresAt) : null,
  allowedOrigins: e.allowedOrigins,
  createdAt: e.createdAt,
});

export const secretKeyView = (k: SecretKeyRecord): SecretKeyView => ({ id: k.id, name: k.name, prefix: k.prefix, createdAt: iso(k.createdAt), lastUsedAt: isoOrNull(k.lastUsedAt) });

export const auditView = (r: AuditRecord): AuditEntry => ({ ...r, at: iso(r.at) });
