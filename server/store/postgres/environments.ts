import { hashSecret, newId, newSecretKey } from '../../infra/keys';
import { LAST_USED_EVERY_MS, newEnvironmentRow, toEnvironment, toSecretKey, type EnvironmentRow, type KeyRow } from '../rows/environments';
import type { Store } from '../types';
import type { ConfigCache } from './config-cache';
import { notifyConfigChanged } from './config-cache';
import type { PgDb, Sql } from './db';

const KEY_COLUMNS = 'id, environment_id, name, prefix, created_at, last_used_at';

type EnvironmentMethods = Pick<
  Store,
  | 'createEnvironment' | 'listEnvironments' | 'findEnvironmentByPublishableKey' | 'findEnvironmentBySecretKey'
  | 'findEnvironment' | 'updateEnvironment' | 'deleteEnvironment' | 'rotatePublishableKey'
  | 'listSecretKeys' | 'createSecretKey' | 'revokeSecretKey' | 'authenticateSecretKey'
>;

/**
 * Environments and their keys over PostgreSQL. Every write that changes what a publishable key
 * answers notifies the other nodes' caches in its transaction and drops this node's on return.
 */
export function pgEnvironments(db: PgDb, clock: () => number, cache: ConfigCache): EnvironmentMethods {
  const env = async (sql: Sql, id: string) => {
    const row = await sql.one<EnvironmentRow>('SELECT * FROM environments WHERE id = $1 AND deleted_at IS NULL', [id]);
    return row ? toEnvironment(row) : null;
  };
  /** Runs `write` in a transaction that notifies `id`'s change on commit, then drops it here. */
  const changing = async <T>(id: string, write: (sql: Sql) => Promise<T>): Promise<T> => {
    try {
      return await db.tx(async (sql) => {
        const result = await write(sql);
        await notifyConfigChanged(sql, id);
        return result;
      });
    } finally {
      cache.drop(id);
    }
  };
  const authenticate: EnvironmentMethods['authenticateSecretKey'] = async (key, at) => {
    const row = await db.one<KeyRow>(`SELECT ${KEY_COLUMNS} FROM secret_keys WHERE key_hash = $1 AND revoked_at IS NULL`, [hashSecret(key)]);
    if (!row) return null;
    const environment = await env(db, row.environment_id);
    if (!environment) return null;
    if (row.last_used_at === null || at - row.last_used_at >= LAST_USED_EVERY_MS) {
      await db.run('UPDATE secret_keys SET last_used_at = $1 WHERE id = $2', [at, row.id]);
      row.last_used_at = at;
    }
    return { environment, key: toSecretKey(row) };
  };

  return {
    async createEnvironment(input) {
      const secretKey = newSecretKey();
      const row = newEnvironmentRow(input, clock());
      await db.tx(async (sql) => {
        // `secret_key_hash` is the legacy one-key column (SQLite migration 16); `secret_keys` is what is read.
        await sql.run('INSERT INTO environments (id, name, publishable_key, secret_key_hash, allowed_origins, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
          row.id, row.name, row.publishable_key, hashSecret(secretKey), row.allowed_origins, row.created_at,
        ]);
        await sql.run("INSERT INTO secret_keys (id, environment_id, name, key_hash, prefix, created_at) VALUES ($1, $2, 'Default', $3, $4, $5)", [
          newId('key'), row.id, hashSecret(secretKey), `${secretKey.slice(0, 7)}…`, Date.parse(row.created_at),
        ]);
      });
      return { environment: toEnvironment(row), secretKey };
    },
    async listEnvironments() {
      return (await db.all<EnvironmentRow>('SELECT * FROM environments WHERE deleted_at IS NULL ORDER BY created_at, seq')).map(toEnvironment);
    },
    async findEnvironmentByPublishableKey(key) {
      return cache.environmentByKey(key, async () => {
        const row = await db.one<EnvironmentRow>(
          'SELECT * FROM environments WHERE (publishable_key = $1 OR previous_publishable_key = $1) AND deleted_at IS NULL',
          [key],
        );
        return row ? toEnvironment(row) : null;
      });
    },
    async findEnvironmentBySecretKey(key) {
      return (await authenticate(key, clock()))?.environment ?? null;
    },
    async findEnvironment(id) {
      return env(db, id);
    },
    async updateEnvironment(id, update) {
      return changing(id, async (sql) => {
        // Locks the row, so two renames apply one after the other and each answers its own result.
        if (!(await sql.one('SELECT 1 FROM environments WHERE id = $1 AND deleted_at IS NULL FOR UPDATE', [id]))) return null;
        if (update.name !== undefined) await sql.run('UPDATE environments SET name = $1 WHERE id = $2', [update.name, id]);
        if (update.allowedOrigins !== undefined) {
          await sql.run('UPDATE environments SET allowed_origins = $1 WHERE id = $2', [JSON.stringify(update.allowedOrigins), id]);
        }
        return env(sql, id);
      });
    },
    async deleteEnvironment(id, at) {
      return changing(id, async (sql) => {
        if ((await sql.run('UPDATE environments SET deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL', [at, id])) === 0) return false;
        await sql.run('UPDATE secret_keys SET revoked_at = $1 WHERE environment_id = $2 AND revoked_at IS NULL', [at, id]);
        return true;
      });
    },
    async rotatePublishableKey(id, key, previousExpiresAt) {
      return changing(id, async (sql) => {
        const row = await sql.one<EnvironmentRow>(
          `UPDATE environments SET previous_publishable_key = publishable_key, previous_key_expires_at = $1, publishable_key = $2
           WHERE id = $3 AND deleted_at IS NULL RETURNING *`,
          [previousExpiresAt, key, id],
        );
        return row ? toEnvironment(row) : null;
      });
    },
    async listSecretKeys(environmentId) {
      const rows = await db.all<KeyRow>(`SELECT ${KEY_COLUMNS} FROM secret_keys WHERE environment_id = $1 AND revoked_at IS NULL ORDER BY created_at, seq`, [environmentId]);
      return rows.map(toSecretKey);
    },
    async createSecretKey(environmentId, name, key, at) {
      const row: KeyRow = { id: newId('key'), environment_id: environmentId, name, prefix: `${key.slice(0, 7)}…`, created_at: at, last_used_at: null };
      await db.run('INSERT INTO secret_keys (id, environment_id, name, key_hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        row.id, environmentId, name, hashSecret(key), row.prefix, at,
      ]);
      return toSecretKey(row);
    },
    async revokeSecretKey(environmentId, id, at) {
      return (await db.run('UPDATE secret_keys SET revoked_at = $1 WHERE environment_id = $2 AND id = $3 AND revoked_at IS NULL', [at, environmentId, id])) > 0;
    },
    authenticateSecretKey: authenticate,
  };
}
