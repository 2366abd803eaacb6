import type { Migration } from './index';

/**
 * `stripe_events`: every Stripe event id applied, with or without a conversion, so a replay of an
 * event that changed no revenue is still known (conversions only keep the ids that made one; those
 * are copied in). `stripe_customers`: the account a Stripe customer's `upshift_account` metadata
 * names, from `customer.created`/`customer.updated`, for subscriptions that do not carry the
 * metadata themselves; `event_at` keeps an older, late event from undoing a newer mapping.
 */
export const stripeEvents: Migration = {
  version: 13,
  name: 'stripe_events',
  sql: `
    CREATE TABLE stripe_events (
      environment_id TEXT NOT NULL REFERENCES environments(id),
      event_id TEXT NOT NULL,
      received_at INTEGER NOT NULL,
      PRIMARY KEY (environment_id, event_id)
    ) WITHOUT ROWID;
    INSERT OR IGNORE INTO stripe_events (environment_id, event_id, received_at)
      SELECT environment_id, idempotency_key, created_at FROM conversions WHERE source = 'stripe';

    CREATE TABLE stripe_customers (
      environment_id TEXT NOT NULL REFERENCES environments(id),
      customer_id TEXT NOT NULL,
      account_id TEXT,
      event_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (environment_id, customer_id)
    ) WITHOUT ROWID;
  `,
};
