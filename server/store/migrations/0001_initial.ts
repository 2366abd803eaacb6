import type { Migration } from './index';

export const initial: Migration = {
  version: 1,
  name: 'initial',
  sql: `
    CREATE TABLE environments (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      publishable_key TEXT NOT NULL UNIQUE,
      secret_key_hash TEXT NOT NULL UNIQUE,
      allowed_origins TEXT NOT NULL DEFAULT '[]',
      created_at TEXT NOT NULL
    );

    CREATE TABLE config_versions (
      environment_id TEXT NOT NULL REFERENCES environments(id),
      version INTEGER NOT NULL,
      etag TEXT NOT NULL,
      body TEXT NOT NULL,
      published_at TEXT NOT NULL,
      PRIMARY KEY (environment_id, version)
    ) WITHOUT ROWID;

    CREATE TABLE events (
      seq INTEGER PRIMARY KEY,
      environment_id TEXT NOT NULL REFERENCES environments(id),
      event_id TEXT NOT NULL,
      type TEXT NOT NULL,
      user_id TEXT NOT NULL,
      account_id TEXT NOT NULL,
      rule_id TEXT,
      tier TEXT,
      variant TEXT,
      surface TEXT,
      config_version INTEGER,
      name TEXT,
      props TEXT,
      -- UTC epoch milliseconds. occurred_at is the client's time, never later than received_at.
      occurred_at INTEGER NOT NULL,
      received_at INTEGER NOT NULL
    );
    CREATE UNIQUE INDEX events_dedup ON events (environment_id, event_id);
    CREATE INDEX events_by_rule ON events (environment_id, rule_id, type, occurred_at);
    CREATE INDEX events_by_account ON events (environment_id, account_id, occurred_at);
  `,
};
