import type { Migration } from './index';

/**
 * Webhook deliveries are claimed before they are sent, so two nodes (or two processes over one
 * file) never send the same one: `claimed_by` names the deliverer holding it, `claimed_until` is
 * when its lease runs out, after which another deliverer may take it (its holder died mid-send).
 */
export const deliveryClaims: Migration = {
  version: 27,
  name: 'delivery_claims',
  sql: `ALTER TABLE webhook_deliveries ADD COLUMN claimed_by TEXT;
ALTER TABLE webhook_deliveries ADD COLUMN claimed_until INTEGER;`,
};
