import type Database from 'better-sqlite3';
import type { funnelHooks } from './sqlite-funnel';
import { newId } from '../infra/keys';
import type { AttributionWindow, Conversion, NewConversion, StoredTouch } from './conversion-types';
import { toConversion, type ConversionRow } from './rows/conversions';
import { exposureHooks } from './sqlite-exposure';
import type { RevenueRollup } from './revenue-types';
import { revenueWriter } from './sqlite-revenue';
import type { Store } from './types';
import { subscriptionConversion, type KeptSubscription } from '../services/subscription-change';
import { touchPreference } from '../services/attribution-touch';

type ConversionMethods = Pick<
  Store,
  'recordConversion' | 'recordSubscriptionChange' | 'putStripeCustomer' | 'stripeCustomerAccount' | 'listConversions' | 'getStripeSecret' | 'listStripeSecrets' | 'putStripeSecret'
>;

/** Conversions, their attribution to prompt events, and the Stripe state they are derived from, over SQLite. */
export function sqliteConversions(db: Database.Database, funnel: ReturnType<typeof funnelHooks>): ConversionMethods {
  const q = {
    byKey: db.prepare('SELECT * FROM conversions WHERE environment_id = ? AND idempotency_key = ?'),
    insert: db.prepare(
      `INSERT INTO conversions (id, environment_id, idempotency_key, source, account_id, type, mrr_delta, currency, plan, occurred_at, created_at,
         touch_type, touch_rule_id, touch_variant, touch_tier, touch_surface, touch_at, global_holdout, holdout_rules)
       VALUES (@id, @environmentId, @idempotencyKey, @source, @accountId, @type, @mrrDelta, @currency, @plan, @at, @createdAt,
         @touchType, @touchRuleId, @touchVariant, @touchTier, @touchSurface, @touchAt, @globalHoldout, @holdoutRules)`,
    ),
    list: db.prepare('SELECT * FROM conversions WHERE environment_id = ? ORDER BY occurred_at DESC, rowid DESC LIMIT ?'),
    // events_by_account narrows to the account's window; the newest qualifying row wins.
    touch: db.prepare(
      `SELECT type, rule_id AS ruleId, variant, tier, surface, occurred_at AS at FROM events
       WHERE environment_id = ? AND account_id = ? AND type = ? AND occurred_at >= ? AND occurred_at <= ? AND rule_id IS NOT NULL
       ORDER BY occurred_at DESC, seq DESC LIMIT 1`,
    ),
    // A deleted environment's secret verifies nothing and blocks no other environment from using it.
    getSecret: db.prepare('SELECT s.secret FROM stripe_endpoints s JOIN environments e ON e.id = s.environment_id WHERE s.environment_id = ? AND e.deleted_at IS NULL').pluck(),
    allSecrets: db.prepare('SELECT s.environment_id AS environmentId, s.secret FROM stripe_endpoints s JOIN environments e ON e.id = s.environment_id WHERE e.deleted_at IS NULL ORDER BY s.environment_id'),
    putSecret: db.prepare(
      `INSERT INTO stripe_endpoints (environment_id, secret, created_at, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (environment_id) DO UPDATE SET secret = excluded.secret, updated_at = excluded.updated_at`,
    ),
    lastState: db.prepare('SELECT mrr, event_at AS eventAt FROM stripe_subscriptions WHERE environment_id = ? AND subscription_id = ?'),
    // The newest state by Stripe's event time is kept; an older event arriving late leaves it.
    putSubscription: db.prepare(
      `INSERT INTO stripe_subscriptions (environment_id, subscription_id, account_id, mrr, event_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (environment_id, subscription_id) DO UPDATE SET
         account_id = excluded.account_id, mrr = excluded.mrr, event_at = excluded.event_at, updated_at = excluded.updated_at
       WHERE excluded.event_at >= stripe_subscriptions.event_at`,
    ),
    markApplied: db.prepare('INSERT OR IGNORE INTO stripe_events (environment_id, event_id, received_at) VALUES (?, ?, ?)'),
    putCustomer: db.prepare(
      `INSERT INTO stripe_customers (environment_id, customer_id, account_id, event_at, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (environment_id, customer_id) DO UPDATE SET
         account_id = excluded.account_id, event_at = excluded.event_at, updated_at = excluded.updated_at
       WHERE excluded.event_at > stripe_customers.event_at
          OR (excluded.event_at = stripe_customers.event_at AND excluded.account_id IS NOT NULL)`,
    ),
    customerAccount: db.prepare('SELECT account_id FROM stripe_customers WHERE environment_id = ? AND customer_id = ?').pluck(),
  };

  const cohorts = exposureHooks(db);

  const findTouch = (environmentId: string, accountId: string, at: number, window: AttributionWindow): StoredTouch | null => {
    for (const type of touchPreference(window)) {
      const row = q.touch.get(environmentId, accountId, type, window.since, at) as StoredTouch | undefined;
      if (row) return row;
    }
    return null;
  };

  const rewriteRevenue = revenueWriter(db);

  const existing = (environmentId: string, key: string): Conversion | null => {
    const row = q.byKey.get(environmentId, key) as ConversionRow | undefined;
    return row ? toConversion(row) : null;
  };

  /** Inserts within the caller's transaction, after it checked the key is new. */
  const insert = (environmentId: string, c: NewConversion, window: AttributionWindow, receivedAt: number, rollup: RevenueRollup): Conversion => {
    const touch = findTouch(environmentId, c.accountId, c.at, window);
    const conversion: Conversion = { ...c, id: newId('cnv'), createdAt: receivedAt, touch, holdout: window.holdout };
    q.insert.run({
      ...c,
      id: conversion.id,
      environmentId,
      createdAt: receivedAt,
      touchType: touch?.type ?? null,
      touchRuleId: touch?.ruleId ?? null,
      touchVariant: touch?.variant ?? null,
      touchTier: touch?.tier ?? null,
      touchSurface: touch?.surface ?? null,
      touchAt: touch?.at ?? null,
      globalHoldout: window.holdout.global ? 1 : 0,
      holdoutRules: JSON.stringify(window.holdout.rules),
    });
    cohorts.converted(environmentId, c);
    funnel.conversion(environmentId, conversion);
    rewriteRevenue(environmentId, c.accountId, rollup);
    return conversion;
  };

  return {
    async recordConversion(environmentId, conversion, window, receivedAt, rollup) {
      return db.transaction(() => {
        const stored = existing(environmentId, conversion.idempotencyKey);
        if (stored) return { created: false, conversion: stored };
        return { created: true, conversion: insert(environmentId, conversion, window, receivedAt, rollup) };
      }).immediate();
    },
    async recordSubscriptionChange(environmentId, change, window, receivedAt, rollup) {
      return db.transaction(() => {
        // A replayed event is answered from what it stored, before the subscription's state moved on.
        if (q.markApplied.run(environmentId, change.eventId, receivedAt).changes === 0) {
          return { created: false, conversion: existing(environmentId, change.eventId) };
        }
        // The host's backend may have reported this very change with the event id as its key: it counts once.
        const reported = existing(environmentId, change.eventId);
        if (reported) return { created: false, conversion: reported };
        const kept = q.lastState.get(environmentId, change.subscriptionId) as KeptSubscription | undefined;
        const { mrr, conversion } = subscriptionConversion(change, kept);
        q.putSubscription.run(environmentId, change.subscriptionId, change.accountId, mrr, change.at, receivedAt);
        if (!conversion) return { created: false, conversion: null };
        return { created: true, conversion: insert(environmentId, conversion, window, receivedAt, rollup) };
      }).immediate();
    },
    async putStripeCustomer(environmentId, mapping, receivedAt) {
      return db.transaction(() => {
        if (q.markApplied.run(environmentId, mapping.eventId, receivedAt).changes === 0) return false;
        return q.putCustomer.run(environmentId, mapping.customerId, mapping.accountId, mapping.at, receivedAt).changes > 0;
      }).immediate();
    },
    async stripeCustomerAccount(environmentId, customerId) {
      return (q.customerAccount.get(environmentId, customerId) as string | null | undefined) ?? null;
    },
    async listConversions(environmentId, limit) {
      return (q.list.all(environmentId, limit) as ConversionRow[]).map(toConversion);
    },
    async getStripeSecret(environmentId) {
      return (q.getSecret.get(environmentId) as string | undefined) ?? null;
    },
    async listStripeSecrets() {
      return q.allSecrets.all() as { environmentId: string; secret: string }[];
    },
    async putStripeSecret(environmentId, secret, at) {
      return db.transaction(() => {
        const had = q.getSecret.get(environmentId) !== undefined;
        q.putSecret.run(environmentId, secret, at, at);
        return !had;
      }).immediate();
    },
  };
}
