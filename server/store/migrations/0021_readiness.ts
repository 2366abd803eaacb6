import type { Migration } from './index';

/**
 * Expansion readiness, kept current by `POST /v1/state`.
 *
 * `account_people`: each person seen in an account, with their latest role, so "active people in the
 * last 30 days" and "people in buyer roles" are one primary-key range per account, never a scan of
 * events. `account_readiness`: each account's latest score with its categories and signals (JSON),
 * indexed for the customer-success list's sorts (score, last update; the primary key for the
 * account id), each walked in either direction with ties in the same direction, so a page stops
 * after its rows; `account_readiness_filters` holds every filtered column (the account id comes
 * with the key), so the counts per band read that index alone.
 */
export const readiness: Migration = {
  version: 21,
  name: 'readiness',
  sql: `
    CREATE TABLE account_people (
      environment_id TEXT NOT NULL REFERENCES environments(id),
      account_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      role TEXT,
      last_seen INTEGER NOT NULL,
      PRIMARY KEY (environment_id, account_id, user_id)
    ) WITHOUT ROWID;
    CREATE TABLE account_readiness (
      environment_id TEXT NOT NULL REFERENCES environments(id),
      account_id TEXT NOT NULL,
      plan TEXT,
      score INTEGER NOT NULL,
      band TEXT NOT NULL,
      fix_first INTEGER NOT NULL,
      usage REAL NOT NULL,
      breadth REAL NOT NULL,
      exploration REAL NOT NULL,
      growth REAL NOT NULL,
      signals TEXT NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (environment_id, account_id)
    ) WITHOUT ROWID;
    CREATE INDEX account_readiness_by_score ON account_readiness (environment_id, score, account_id);
    CREATE INDEX account_readiness_filters ON account_readiness (environment_id, band, fix_first, plan, score);
    CREATE INDEX account_readiness_by_update ON account_readiness (environment_id, updated_at, account_id);
  `,
};
