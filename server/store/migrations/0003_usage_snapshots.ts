import type { Migration } from './index';

/** One usage reading per account, metric and UTC day, for the forecast; and per-user event lookups for /v1/state. */
export const usageSnapshots: Migration = {
  version: 3,
  name: 'usage_snapshots',
  sql: `
    CREATE TABLE usage_snapshots (
      environment_id TEXT NOT NULL REFERENCES environments(id),
      account_id TEXT NOT NULL,
      metric TEXT NOT NULL,
      day TEXT NOT NULL,
      value REAL NOT NULL,
      taken_at INTEGER NOT NULL,
      PRIMARY KEY (environment_id, account_id, metric, day)
    ) WITHOUT ROWID;
    CREATE INDEX events_by_user ON events (environment_id, account_id, user_id, type, occurred_at);
  `,
};
