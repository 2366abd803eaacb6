import type { PgMigration } from '../migrate';

/** The same claim columns as SQLite's migration 27: who holds a webhook delivery, and until when. */
export const deliveryClaims: PgMigration = {
  version: 2,
  name: 'delivery_claims',
  sql: `ALTER TABLE webhook_deliveries ADD COLUMN claimed_by TEXT COLLATE "C";
ALTER TABLE webhook_deliveries ADD COLUMN claimed_until BIGINT;`,
};
