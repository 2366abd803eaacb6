import type { Migration } from './index';

/**
 * Trials by account, of a feature, an add-on or a plan (`offer_id`): one per account and id, ever,
 * so the engine can tell a running trial from one already used. Times are epoch ms.
 */
export const trials: Migration = {
  version: 5,
  name: 'trials',
  sql: `
    CREATE TABLE trials (
      environment_id TEXT NOT NULL REFERENCES environments(id),
      account_id TEXT NOT NULL,
      offer_id TEXT NOT NULL,
      started_at INTEGER NOT NULL,
      ends_at INTEGER NOT NULL,
      PRIMARY KEY (environment_id, account_id, offer_id)
    ) WITHOUT ROWID;
  `,
};
