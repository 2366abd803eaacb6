import { newId, newPublishableKey } from '../../infra/keys';
import type { Environment, NewEnvironment, PublishedConfig, VersionRecord } from '../config-types';
import type { SecretKeyRecord } from '../workspace-types';

/*
 * The rows of `environments`, `config_versions` and `secret_keys` and their mappers, shared by both
 * stores: the columns are the same in SQLite and PostgreSQL, so both return the same records.
 */

export interface EnvironmentRow {
  id: string;
  name: string;
  publishable_key: string;
  allowed_origins: string;
  created_at: string;
  previous_publishable_key?: string | null;
  previous_key_expires_at?: number | null;
}

export interface ConfigRow {
  environment_id: string;
  version: number;
  etag: string;
  body: string;
  published_at: string;
}

/** A `config_versions` row as listed, without its body (published_by, note and rolled_back_to: migration 17). */
export interface VersionRow extends Omit<ConfigRow, 'body'> {
  published_by: string | null;
  note: string | null;
  rolled_back_to: number | null;
}

/** A new environment's row, with fresh ids and no previous key; `now` is the creation time (ms). */
export const newEnvironmentRow = (input: NewEnvironment, now: number): EnvironmentRow => ({
  id: newId('env'),
  name: input.name,
  publishable_key: newPublishableKey(),
  allowed_origins: JSON.stringify(input.allowedOrigins),
  created_at: new Date(now).toISOString(),
});

export const toEnvironment = (row: EnvironmentRow): Environment => ({
  id: row.id,
  name: row.name,
  publishableKey: row.publishable_key,
  allowedOrigins: JSON.parse(row.allowed_origins) as string[],
  createdAt: row.created_at,
  previousPublishableKey: row.previous_publishable_key ?? null,
  previousKeyExpiresAt: row.previous_key_expires_at ?? null,
});

export const toConfig = (row: ConfigRow): PublishedConfig => ({
  environmentId: row.environment_id,
  version: row.version,
  etag: row.etag,
  body: row.body,
  publishedAt: row.published_at,
});

export const toVersion = (r: VersionRow): VersionRecord => ({
  environmentId: r.environment_id,
  version: r.version,
  etag: r.etag,
  publishedAt: r.published_at,
  publishedBy: r.published_by,
  note: r.note,
  rolledBackTo: r.rolled_back_to,
});

export interface KeyRow {
  id: string;
  environment_id: string;
  name: string;
  prefix: string;
  created_at: number;
  last_used_at: number | null;
}

export const toSecretKey = (r: KeyRow): SecretKeyRecord => ({
  id: r.id,
  environmentId: r.environment_id,
  name: r.name,
  prefix: r.prefix,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
});

/** A key's last use is written at most this often: every API call must not be a write. */
export const LAST_USED_EVERY_MS = 60_000;
