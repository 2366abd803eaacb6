import type { Migration } from './index';

/**
 * One webhook endpoint per environment and the delivery log. The signing secret is kept in the
 * clear because signing needs it (unlike secret keys, which are only compared). A delivery's `id`
 * is the message id sent as `webhook-id` on every attempt; `payload` holds the exact bytes signed.
 * Times are epoch ms.
 */
export const webhooks: Migration = {
  version: 6,
  name: 'webhooks',
  sql: `
    CREATE TABLE webhook_endpoints (
      environment_id TEXT PRIMARY KEY REFERENCES environments(id),
      url TEXT NOT NULL,
      events TEXT,
      secret TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE webhook_deliveries (
      id TEXT PRIMARY KEY,
      environment_id TEXT NOT NULL REFERENCES environments(id),
      event_type TEXT NOT NULL,
      payload TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
      last_status INTEGER,
      last_error TEXT,
      next_attempt_at INTEGER,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
    CREATE INDEX webhook_deliveries_by_environment ON webhook_deliveries (environment_id, created_at);
  `,
};
