import { toSettings, type IdentityRow } from '../rows/identity';
import type { Store } from '../types';
import type { PgDb } from './db';

const COLUMNS = 'required, unverified_actions, secret, previous_secret, previous_expires_at, created_at, updated_at';

type IdentityMethods = Pick<Store, 'getIdentitySettings' | 'putIdentitySettings' | 'rotateIdentitySecret'>;

/**
 * Identity verification settings over PostgreSQL, one row per environment. It persists whatever
 * secret it is handed: the store answers through `sealedSecretMethods`, which hands it sealed ones.
 */
export function pgIdentity(db: PgDb): IdentityMethods {
  return {
    async getIdentitySettings(environmentId) {
      const row = await db.one<IdentityRow>(`SELECT ${COLUMNS} FROM identity_settings WHERE environment_id = $1`, [environmentId]);
      return row ? toSettings(row) : null;
    },
    async putIdentitySettings(environmentId, { required, unverifiedActions }, secret, at) {
      // Keeps the secret the host already signs with; only rotate replaces it.
      const row = await db.one<IdentityRow>(
        `INSERT INTO identity_settings (environment_id, required, unverified_actions, secret, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)
         ON CONFLICT (environment_id) DO UPDATE SET required = excluded.required, unverified_actions = excluded.unverified_actions, updated_at = excluded.updated_at
         RETURNING ${COLUMNS}`,
        [environmentId, required ? 1 : 0, unverifiedActions ? 1 : 0, secret, at],
      );
      return toSettings(row!);
    },
    async rotateIdentitySecret(environmentId, secret, at, previousValidUntil) {
      // The secret being replaced stays valid until $4, or not at all when that is null.
      const row = await db.one<IdentityRow>(
        `INSERT INTO identity_settings (environment_id, required, secret, created_at, updated_at) VALUES ($1, 0, $2, $3, $3)
         ON CONFLICT (environment_id) DO UPDATE SET
           previous_secret = CASE WHEN $4::bigint IS NULL THEN NULL ELSE identity_settings.secret END,
           previous_expires_at = $4::bigint,
           secret = excluded.secret, updated_at = excluded.updated_at
         RETURNING ${COLUMNS}`,
        [environmentId, secret, at, previousValidUntil],
      );
      return toSettings(row!);
    },
  };
}
