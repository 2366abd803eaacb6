import type Database from 'better-sqlite3';
import type { IdentitySettings } from './identity-types';
import { toSettings, type IdentityRow } from './rows/identity';
import type { Store } from './types';

type IdentityMethods = Pick<Store, 'getIdentitySettings' | 'putIdentitySettings' | 'rotateIdentitySecret'>;

/** Identity verification settings over SQLite, one row per environment. */
export function sqliteIdentity(db: Database.Database): IdentityMethods {
  const q = {
    get: db.prepare('SELECT required, unverified_actions, secret, previous_secret, previous_expires_at, created_at, updated_at FROM identity_settings WHERE environment_id = ?'),
    // Keeps the secret the host already signs with; only rotate replaces it.
    put: db.prepare(
      `INSERT INTO identity_settings (environment_id, required, unverified_actions, secret, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (environment_id) DO UPDATE SET required = excluded.required, unverified_actions = excluded.unverified_actions, updated_at = excluded.updated_at`,
    ),
    // The secret being replaced stays valid until @previousUntil, or not at all when that is null.
    rotate: db.prepare(
      `INSERT INTO identity_settings (environment_id, required, secret, created_at, updated_at) VALUES (@env, 0, @secret, @at, @at)
       ON CONFLICT (environment_id) DO UPDATE SET
         previous_secret = CASE WHEN @previousUntil IS NULL THEN NULL ELSE identity_settings.secret END,
         previous_expires_at = @previousUntil,
         secret = excluded.secret, updated_at = excluded.updated_at`,
    ),
  };
  const get = (environmentId: string): IdentitySettings | null => {
    const row = q.get.get(environmentId) as IdentityRow | undefined;
    return row ? toSettings(row) : null;
  };
  return {
    async getIdentitySettings(environmentId) {
      return get(environmentId);
    },
    async putIdentitySettings(environmentId, { required, unverifiedActions }, secret, at) {
      q.put.run(environmentId, required ? 1 : 0, unverifiedActions ? 1 : 0, secret, at, at);
      return get(environmentId)!;
    },
    async rotateIdentitySecret(environmentId, secret, at, previousValidUntil) {
      q.rotate.run({ env: environmentId, secret, at, previousUntil: previousValidUntil });
      return get(environmentId)!;
    },
  };
}
