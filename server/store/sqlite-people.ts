import type Database from 'better-sqlite3';
import type { Role } from '../../shared/schemas/admin';
import { newId } from '../infra/keys';
import type { OwnerGuarded, UserRecord, WorkspaceStore } from './workspace-types';
import { toInvite, toSession, toUser, type InviteRow, type SessionRow, type UserRow } from './rows/people';

type PeopleMethods = Pick<
  WorkspaceStore,
  | 'countUsers' | 'createUser' | 'findUserByEmail' | 'findUserById' | 'listUsers' | 'setUserRole' | 'deleteUser' | 'setPassword' | 'recordSignIn'
  | 'createSession' | 'findSession' | 'touchSession' | 'deleteSession' | 'deleteUserSessions'
  | 'createInvite' | 'listInvites' | 'findInvite' | 'deleteInvite' | 'acceptInvite'
>;

/** People, sessions and invites over SQLite. Owner guards run inside the write's transaction. */
export function sqlitePeople(db: Database.Database): PeopleMethods {
  const q = {
    count: db.prepare('SELECT COUNT(*) FROM users').pluck(),
    owners: db.prepare("SELECT COUNT(*) FROM users WHERE role = 'owner'").pluck(),
    insert: db.prepare('INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING'),
    byEmail: db.prepare('SELECT * FROM users WHERE email = ?'),
    byId: db.prepare('SELECT * FROM users WHERE id = ?'),
    list: db.prepare('SELECT * FROM users ORDER BY created_at, rowid'),
    setRole: db.prepare('UPDATE users SET role = ? WHERE id = ?'),
    remove: db.prepare('DELETE FROM users WHERE id = ?'),
    setPassword: db.prepare('UPDATE users SET password_hash = ? WHERE id = ?'),
    signIn: db.prepare('UPDATE users SET last_sign_in_at = ? WHERE id = ?'),
    insertSession: db.prepare('INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)'),
    session: db.prepare('SELECT * FROM sessions WHERE id_hash = ?'),
    touch: db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?'),
    endSession: db.prepare('DELETE FROM sessions WHERE id_hash = ?'),
    endAll: db.prepare('DELETE FROM sessions WHERE user_id = ? AND id_hash IS NOT ?'),
    insertInvite: db.prepare('INSERT INTO invites (id, token_hash, email, role, invited_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    invites: db.prepare('SELECT * FROM invites WHERE accepted_at IS NULL AND expires_at > ? ORDER BY created_at DESC, id'),
    invite: db.prepare('SELECT * FROM invites WHERE token_hash = ?'),
    inviteById: db.prepare('SELECT * FROM invites WHERE id = ? AND accepted_at IS NULL'),
    removeInvite: db.prepare('DELETE FROM invites WHERE id = ?'),
    accept: db.prepare('UPDATE invites SET accepted_at = ? WHERE token_hash = ? AND accepted_at IS NULL'),
  };
  const user = (id: string) => {
    const row = q.byId.get(id) as UserRow | undefined;
    return row ? toUser(row) : null;
  };
  /** Runs `change` unless it would leave the workspace without an owner. */
  const guarded = (id: string, losesOwner: (u: UserRecord) => boolean, change: () => void) =>
    db.transaction((): OwnerGuarded<UserRecord> => {
      const before = user(id);
      if (!before) return { outcome: 'not_found' };
      if (before.role === 'owner' && losesOwner(before) && (q.owners.get() as number) <= 1) return { outcome: 'last_owner' };
      change();
      return { outcome: 'done', value: user(id) ?? before };
    }).immediate();
  const insertUser = (u: { email: string; name: string | null; role: Role; passwordHash: string }, at: number): UserRecord | null => {
    const id = newId('usr');
    if (q.insert.run(id, u.email, u.name, u.role, u.passwordHash, at).changes === 0) return null;
    return user(id);
  };

  return {
    async countUsers() {
      return q.count.get() as number;
    },
    async createUser(u, at) {
      return insertUser(u, at);
    },
    async findUserByEmail(email) {
      const row = q.byEmail.get(email) as UserRow | undefined;
      return row ? toUser(row) : null;
    },
    async findUserById(id) {
      return user(id);
    },
    async listUsers() {
      return (q.list.all() as UserRow[]).map(toUser);
    },
    async setUserRole(id, role) {
      return guarded(id, () => role !== 'owner', () => q.setRole.run(role, id));
    },
    async deleteUser(id) {
      return guarded(id, () => true, () => q.remove.run(id));
    },
    async setPassword(id, hash) {
      q.setPassword.run(hash, id);
    },
    async recordSignIn(id, at) {
      q.signIn.run(at, id);
    },
    async createSession(s) {
      q.insertSession.run(s.idHash, s.userId, s.csrfToken, s.createdAt, s.lastSeenAt);
    },
    async findSession(idHash) {
      const r = q.session.get(idHash) as SessionRow | undefined;
      return r ? toSession(r) : null;
    },
    async touchSession(idHash, at) {
      q.touch.run(at, idHash);
    },
    async deleteSession(idHash) {
      q.endSession.run(idHash);
    },
    async deleteUserSessions(userId, keep) {
      return q.endAll.run(userId, keep ?? null).changes;
    },
    async createInvite(i, tokenHash) {
      q.insertInvite.run(i.id, tokenHash, i.email, i.role, i.invitedBy, i.createdAt, i.expiresAt);
    },
    async listInvites(now) {
      return (q.invites.all(now) as InviteRow[]).map(toInvite);
    },
    async findInvite(tokenHash) {
      const row = q.invite.get(tokenHash) as InviteRow | undefined;
      return row ? toInvite(row) : null;
    },
    async deleteInvite(id) {
      const row = q.inviteById.get(id) as InviteRow | undefined;
      if (!row) return null;
      q.removeInvite.run(id);
      return toInvite(row);
    },
    async acceptInvite(tokenHash, u, at) {
      return db.transaction(() => {
        const row = q.invite.get(tokenHash) as InviteRow | undefined;
        if (!row || row.accepted_at !== null) return { outcome: 'not_found' as const };
        if (row.expires_at <= at) return { outcome: 'expired' as const };
        const created = insertUser({ email: row.email, name: u.name, role: row.role, passwordHash: u.passwordHash }, at);
        if (!created) return { outcome: 'email_taken' as const };
        q.accept.run(at, tokenHash);
        return { outcome: 'accepted' as const, user: created };
      }).immediate();
    },
  };
}
