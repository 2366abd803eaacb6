import type { Migration } from './index';

/**
 * People, sessions and invites; several named secret keys per environment; a publishable key's
 * grace period after rotation; deleted environments; the append-only audit log; and per-origin
 * activity for the installation check. The first secret key of each environment moves into
 * `secret_keys` as "Default"; `environments.secret_key_hash` keeps it and is no longer read.
 */
export const workspaces: Migration = {
  version: 16,
  name: 'workspaces',
  sql: `
    CREATE TABLE users (
      id TEXT PRIMARY KEY,
      email TEXT NOT NULL UNIQUE,
      name TEXT,
      role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'publisher', 'owner')),
      password_hash TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      last_sign_in_at INTEGER
    );

    CREATE TABLE sessions (
      id_hash TEXT PRIMARY KEY,
      user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      csrf_token TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      last_seen_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX sessions_by_user ON sessions (user_id);

    CREATE TABLE invites (
      id TEXT PRIMARY KEY,
      token_hash TEXT NOT NULL UNIQUE,
      email TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'publisher', 'owner')),
      invited_by TEXT,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      accepted_at INTEGER
    );

    CREATE TABLE secret_keys (
      id TEXT PRIMARY KEY,
      environment_id TEXT NOT NULL REFERENCES environments(id),
      name TEXT NOT NULL,
      key_hash TEXT NOT NULL UNIQUE,
      prefix TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      last_used_at INTEGER,
      revoked_at INTEGER
    );
    CREATE INDEX secret_keys_by_environment ON secret_keys (environment_id);
    INSERT INTO secret_keys (id, environment_id, name, key_hash, prefix, created_at)
      SELECT 'key_' || lower(hex(randomblob(8))), id, 'Default', secret_key_hash, 'sk_…', CAST(strftime('%s', created_at) AS INTEGER) * 1000
      FROM environments;

    ALTER TABLE environments ADD COLUMN previous_publishable_key TEXT;
    ALTER TABLE environments ADD COLUMN previous_key_expires_at INTEGER;
    ALTER TABLE environments ADD COLUMN deleted_at INTEGER;
    CREATE INDEX environments_by_previous_key ON environments (previous_publishable_key);

    CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at INTEGER NOT NULL,
      actor_type TEXT NOT NULL,
      actor_id TEXT,
      actor_label TEXT NOT NULL,
      environment_id TEXT,
      kind TEXT NOT NULL,
      action TEXT NOT NULL,
      target TEXT,
      changes TEXT NOT NULL,
      ip TEXT
    );
    CREATE INDEX audit_by_actor ON audit_log (actor_id, id);
    CREATE INDEX audit_by_kind ON audit_log (kind, id);
    CREATE INDEX audit_by_time ON audit_log (at);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

    CREATE TABLE origin_activity (
      environment_id TEXT NOT NULL,
      origin TEXT NOT NULL,
      minute INTEGER NOT NULL,
      config_fetches INTEGER NOT NULL DEFAULT 0,
      events INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (environment_id, origin, minute)
    ) WITHOUT ROWID;
  `,
};
