import type { Migration } from './index';

/**
 * Requests to an account's admins ("Ask your admin"), one row per request sent, so the 24-hour
 * window per account, person and rule is one indexed lookup and the history stays. Times are epoch ms.
 */
export const adminRequests: Migration = {
  version: 7,
  name: 'admin_requests',
  sql: `
    CREATE TABLE admin_requests (
      id TEXT PRIMARY KEY,
      environment_id TEXT NOT NULL REFERENCES environments(id),
      account_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      rule_id TEXT NOT NULL,
      role TEXT,
      note TEXT,
      created_at INTEGER NOT NULL
    );
    CREATE INDEX admin_requests_latest ON admin_requests (environment_id, account_id, user_id, rule_id, created_at);
  `,
};
