import type { Migration } from './index';

/**
 * Revenue attribution. `conversions` holds every revenue change once per environment and
 * idempotency key (the host's key, or the Stripe event id), with the prompt touch it was credited
 * to copied in at the time, so later events cannot rewrite history. `mrr_delta` is in integer minor
 * units of `currency`. `stripe_endpoints` keeps each environment's Stripe signing secret in the clear
 * (verifying needs it); `stripe_subscriptions` the last MRR seen per subscription, to turn Stripe's
 * absolute states into deltas. Times are epoch ms.
 */
export const conversions: Migration = {
  version: 9,
  name: 'conversions',
  sql: `
    CREATE TABLE conversions (
      id TEXT PRIMARY KEY,
      environment_id TEXT NOT NULL REFERENCES environments(id),
      idempotency_key TEXT NOT NULL,
      source TEXT NOT NULL,
      account_id TEXT NOT NULL,
      type TEXT NOT NULL,
      mrr_delta INTEGER NOT NULL,
      currency TEXT NOT NULL,
      plan TEXT,
      occurred_at INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      touch_type TEXT,
      touch_rule_id TEXT,
      touch_variant TEXT,
      touch_tier TEXT,
      touch_surface TEXT,
      touch_at INTEGER
    );
    CREATE UNIQUE INDEX conversions_idempotency ON conversions (environment_id, idempotency_key);
    CREATE INDEX conversions_newest ON conversions (environment_id, occurred_at);

    CREATE TABLE stripe_endpoints (
      environment_id TEXT PRIMARY KEY REFERENCES environments(id),
      secret TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE stripe_subscriptions (
      environment_id TEXT NOT NULL REFERENCES environments(id),
      subscription_id TEXT NOT NULL,
      account_id TEXT NOT NULL,
      mrr INTEGER NOT NULL,
      -- The Stripe event time of that MRR: Stripe does not promise order, so an older event changes nothing.
      event_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (environment_id, subscription_id)
    ) WITHOUT ROWID;
  `,
};
