import type Database from 'better-sqlite3';
import { hashSecret, newId } from '../infra/keys';
import { LAST_USED_EVERY_MS, toEnvironment, toSecretKey, type EnvironmentRow, type KeyRow } from './rows/environments';
import type { WorkspaceStore } from './workspace-types';

type EnvironmentMethods = Pick<
  WorkspaceStore,
  'findEnvironment' | 'updateEnvironment' | 'deleteEnvironment' | 'rotatePublishableKey' | 'listSecretKeys' | 'createSecretKey' | 'revokeSecretKey' | 'authenticateSecretKey'
>;

/** Environment management and secret keys over SQLite; `changed` drops the store's cached lookups. */
export function sqliteEnvironments(db: Database.Database, changed: () => void): EnvironmentMethods {
  const q = {
    env: db.prepare('SELECT * FROM environments WHERE id = ? AND deleted_at IS NULL'),
    rename: db.prepare('UPDATE environments SET name = ? WHERE id = ? AND deleted_at IS NULL'),
    origins: db.prepare('UPDATE environments SET allowed_origins = ? WHERE id = ? AND deleted_at IS NULL'),
    remove: db.prepare('UPDATE environments SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL'),
    revokeAll: db.prepare('UPDATE secret_keys SET revoked_at = ? WHERE environment_id = ? AND revoked_at IS NULL'),
    rotate: db.prepare(
      'UPDATE environments SET previous_publishable_key = publishable_key, previous_key_expires_at = ?, publishable_key = ? WHERE id = ? AND deleted_at IS NULL',
    ),
    keys: db.prepare('SELECT * FROM secret_keys WHERE environment_id = ? AND revoked_at IS NULL ORDER BY created_at, rowid'),
    insertKey: db.prepare('INSERT INTO secret_keys (id, environment_id, name, key_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
    revoke: db.prepare('UPDATE secret_keys SET revoked_at = ? WHERE environment_id = ? AND id = ? AND revoked_at IS NULL'),
    keyByHash: db.prepare('SELECT * FROM secret_keys WHERE key_hash = ? AND revoked_at IS NULL'),
    used: db.prepare('UPDATE secret_keys SET last_used_at = ? WHERE id = ?'),
  };
  const env = (id: string) => {
    const row = q.env.get(id) as EnvironmentRow | undefined;
    return row ? toEnvironment(row) : null;
  };
  return {
    async findEnvironment(id) {
      return env(id);
    },
    async updateEnvironment(id, update) {
      const result = db.transaction(() => {
        if (!env(id)) return null;
        if (update.name !== undefined) q.rename.run(update.name, id);
        if (update.allowedOrigins !== undefined) q.origins.run(JSON.stringify(update.allowedOrigins), id);
        return env(id);
      }).immediate();
      changed();
      return result;
    },
    async deleteEnvironment(id, at) {
      const removed = db.transaction(() => {
        if (q.remove.run(at, id).changes === 0) return false;
        q.revokeAll.run(at, id);
        return true;
      }).immediate();
      changed();
      return removed;
    },
    async rotatePublishableKey(id, key, previousExpiresAt) {
      q.rotate.run(previousExpiresAt, key, id);
      changed();
      return env(id);
    },
    async listSecretKeys(environmentId) {
      return (q.keys.all(environmentId) as KeyRow[]).map(toSecretKey);
    },
    async createSecretKey(environmentId, name, key, at) {
      const row: KeyRow = { id: newId('key'), environment_id: environmentId, name, prefix: `${key.slice(0, 7)}…`, created_at: at, last_used_at: null };
      q.insertKey.run(row.id, environmentId, name, hashSecret(key), row.prefix, at);
      return toSecretKey(row);
    },
    async revokeSecretKey(environmentId, id, at) {
      return q.revoke.run(at, environmentId, id).changes > 0;
    },
    async authenticateSecretKey(key, at) {
      const row = q.keyByHash.get(hashSecret(key)) as KeyRow | undefined;
      if (!row) return null;
      const environment = env(row.environment_id);
      if (!environment) return null;
      if (row.last_used_at === null || at - row.last_used_at >= LAST_USED_EVERY_MS) {
        q.used.run(at, row.id);
        row.last_used_at = at;
      }
      return { environment, key: toSecretKey(row) };
    },
  };
}
