import type { Role } from '../../../shared/schemas/admin';
import { newId } from '../../infra/keys';
import type { OwnerGuarded, UserRecord, WorkspaceStore } from '../workspace-types';
import { toInvite, toSession, toUser, type InviteRow, type SessionRow, type UserRow } from '../rows/people';
import type { PgDb, Sql } from './db';

const USER_COLUMNS = 'id, email, name, role, password_hash, created_at, last_sign_in_at';
const INVITE_COLUMNS = 'id, email, role, invited_by, created_at, expires_at, accepted_at';

type PeopleMethods = Pick<
  WorkspaceStore,
  | 'countUsers' | 'createUser' | 'findUserByEmail' | 'findUserById' | 'listUsers' | 'setUserRole' | 'deleteUser' | 'setPassword' | 'recordSignIn'
  | 'createSession' | 'findSession' | 'touchSession' | 'deleteSession' | 'deleteUserSessions'
  | 'createInvite' | 'listInvites' | 'findInvite' | 'deleteInvite' | 'acceptInvite'
>;

/**
 * People, sessions and invites over PostgreSQL. Owner guards hold one advisory lock for their
 * check and write: under READ COMMITTED two demotions could each see another owner and leave none.
 */
export function pgPeople(db: PgDb): PeopleMethods {
  const user = async (sql: Sql, id: string) => {
    const row = await sql.one<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
    return row ? toUser(row) : null;
  };
  /** Runs `change` unless it would leave the workspace without an owner. */
  const guarded = (id: string, losesOwner: (u: UserRecord) => boolean, change: (sql: Sql) => Promise<unknown>) =>
    db.tx(async (sql): Promise<OwnerGuarded<UserRecord>> => {
      await sql.one("SELECT pg_advisory_xact_lock(hashtextextended('upshift:owners', 0))");
      const before = await user(sql, id);
      if (!before) return { outcome: 'not_found' };
      if (before.role === 'owner' && losesOwner(before)) {
        const owners = (await sql.one<{ n: number }>("SELECT COUNT(*) AS n FROM users WHERE role = 'owner'"))!.n;
        if (owners <= 1) return { outcome: 'last_owner' };
      }
      await change(sql);
      return { outcome: 'done', value: (await user(sql, id)) ?? before };
    });
  /** Null when the email is taken, by a committed row or one being inserted at the same moment. */
  const insertUser = async (sql: Sql, u: { email: string; name: string | null; role: Role; passwordHash: string }, at: number): Promise<UserRecord | null> => {
    const row = await sql.one<UserRow>(
      `INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (email) DO NOTHING RETURNING ${USER_COLUMNS}`,
      [newId('usr'), u.email, u.name, u.role, u.passwordHash, at],
    );
    return row ? toUser(row) : null;
  };

  return {
    async countUsers() {
      return (await db.one<{ n: number }>('SELECT COUNT(*) AS n FROM users'))!.n;
    },
    async createUser(u, at) {
      return insertUser(db, u, at);
    },
    async findUserByEmail(email) {
      const row = await db.one<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE email = $1`, [email]);
      return row ? toUser(row) : null;
    },
    async findUserById(id) {
      return user(db, id);
    },
    async listUsers() {
      return (await db.all<UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY created_at, seq`)).map(toUser);
    },
    async setUserRole(id, role) {
      return guarded(id, () => role !== 'owner', (sql) => sql.run('UPDATE users SET role = $1 WHERE id = $2', [role, id]));
    },
    async deleteUser(id) {
      // Sessions go with the person: ON DELETE CASCADE.
      return guarded(id, () => true, (sql) => sql.run('DELETE FROM users WHERE id = $1', [id]));
    },
    async setPassword(id, hash) {
      await db.run('UPDATE users SET password_hash = $1 WHERE id = $2', [hash, id]);
    },
    async recordSignIn(id, at) {
      await db.run('UPDATE users SET last_sign_in_at = $1 WHERE id = $2', [at, id]);
    },
    async createSession(s) {
      await db.run('INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5)', [
        s.idHash, s.userId, s.csrfToken, s.createdAt, s.lastSeenAt,
      ]);
    },
    async findSession(idHash) {
      const r = await db.one<SessionRow>('SELECT id_hash, user_id, csrf_token, created_at, last_seen_at FROM sessions WHERE id_hash = $1', [idHash]);
      return r ? toSession(r) : null;
    },
    async touchSession(idHash, at) {
      await db.run('UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2', [at, idHash]);
    },
    async deleteSession(idHash) {
      await db.run('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
    },
    async deleteUserSessions(userId, keep) {
      return db.run('DELETE FROM sessions WHERE user_id = $1 AND id_hash IS DISTINCT FROM $2::text', [userId, keep ?? null]);
    },
    async createInvite(i, tokenHash) {
      await db.run('INSERT INTO invites (id, token_hash, email, role, invited_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        i.id, tokenHash, i.email, i.role, i.invitedBy, i.createdAt, i.expiresAt,
      ]);
    },
    async listInvites(now) {
      const rows = await db.all<InviteRow>(`SELECT ${INVITE_COLUMNS} FROM invites WHERE accepted_at IS NULL AND expires_at > $1 ORDER BY created_at DESC, id`, [now]);
      return rows.map(toInvite);
    },
    async findInvite(tokenHash) {
      const row = await db.one<InviteRow>(`SELECT ${INVITE_COLUMNS} FROM invites WHERE token_hash = $1`, [tokenHash]);
      return row ? toInvite(row) : null;
    },
    async deleteInvite(id) {
      const row = await db.one<InviteRow>(`DELETE FROM invites WHERE id = $1 AND accepted_at IS NULL RETURNING ${INVITE_COLUMNS}`, [id]);
      return row ? toInvite(row) : null;
    },
    async acceptInvite(tokenHash, u, at) {
      return db.tx(async (sql) => {
        // FOR UPDATE: a second acceptance waits for the first and then sees it accepted.
        const row = await sql.one<InviteRow>(`SELECT ${INVITE_COLUMNS} FROM invites WHERE token_hash = $1 FOR UPDATE`, [tokenHash]);
        if (!row || row.accepted_at !== null) return { outcome: 'not_found' as const };
        if (row.expires_at <= at) return { outcome: 'expired' as const };
        const created = await insertUser(sql, { email: row.email, name: u.name, role: row.role, passwordHash: u.passwordHash }, at);
        if (!created) return { outcome: 'email_taken' as const };
        await sql.run('UPDATE invites SET accepted_at = $1 WHERE token_hash = $2 AND accepted_at IS NULL', [at, tokenHash]);
        return { outcome: 'accepted' as const, user: created };
      });
    },
  };
}
