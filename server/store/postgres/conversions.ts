import { newId } from '../../infra/keys';
import { touchPreference } from '../../services/attribution-touch';
import { subscriptionConversion, type KeptSubscription } from '../../services/subscription-change';
import type { AttributionWindow, Conversion, NewConversion, StoredTouch } from '../conversion-types';
import type { RevenueRollup } from '../revenue-types';
import type { Store } from '../types';
import { toConversion, type ConversionRow } from '../rows/conversions';
import { conversionParams, INSERT_CONVERSION, lockKey, type PgRevenueWriter } from './conversion-rows';
import type { PgDb, Sql } from './db';
import type { PgExposureHooks, PgFunnelHooks } from './hooks';

type ConversionMethods = Pick<
  Store,
  'recordConversion' | 'recordSubscriptionChange' | 'putStripeCustomer' | 'stripeCustomerAccount' | 'listConversions' | 'getStripeSecret' | 'listStripeSecrets' | 'putStripeSecret'
>;

/** What a stored conversion also writes, each in the conversion's own transaction. */
export interface ConversionWriters {
  funnel: Pick<PgFunnelHooks, 'conversion'>;
  exposure: Pick<PgExposureHooks, 'converted'>;
  revenue: PgRevenueWriter;
}

const BY_KEY = 'SELECT * FROM conversions WHERE environment_id = $1 AND idempotency_key = $2';
// events_by_account narrows to the account's window; the newest qualifying row wins.
const TOUCH = `SELECT type, rule_id AS "ruleId", variant, tier, surface, occurred_at AS at FROM events
  WHERE environment_id = $1 AND account_id = $2 AND type = $3 AND occurred_at >= $4 AND occurred_at <= $5 AND rule_id IS NOT NULL
  ORDER BY occurred_at DESC, seq DESC LIMIT 1`;
// A deleted environment's secret verifies nothing and blocks no other environment from using it.
const SECRET = 'SELECT s.secret FROM stripe_endpoints s JOIN environments e ON e.id = s.environment_id WHERE s.environment_id = $1 AND e.deleted_at IS NULL';
const MARK_APPLIED = 'INSERT INTO stripe_events (environment_id, event_id, received_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING';
// The newest state by Stripe's event time is kept; an older event arriving late leaves it.
const PUT_SUBSCRIPTION = `INSERT INTO stripe_subscriptions (environment_id, subscription_id, account_id, mrr, event_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (environment_id, subscription_id) DO UPDATE SET
    account_id = excluded.account_id, mrr = excluded.mrr, event_at = excluded.event_at, updated_at = excluded.updated_at
  WHERE excluded.event_at >= stripe_subscriptions.event_at`;
const PUT_CUSTOMER = `INSERT INTO stripe_customers (environment_id, customer_id, account_id, event_at, updated_at) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (environment_id, customer_id) DO UPDATE SET
    account_id = excluded.account_id, event_at = excluded.event_at, updated_at = excluded.updated_at
  WHERE excluded.event_at > stripe_customers.event_at
     OR (excluded.event_at = stripe_customers.event_at AND excluded.account_id IS NOT NULL)`;

/**
 * Conversions, their attribution to prompt events, and the Stripe state they are derived from, over
 * PostgreSQL. Several nodes may record at once: a conversion's transaction first locks its account
 * (its revenue rewrite reads all of the account's conversions), the idempotency key is taken by
 * `ON CONFLICT DO NOTHING` (a second caller waits for the first to commit, then answers its row),
 * and a Stripe event id by its `stripe_events` row the same way.
 */
export function pgConversions(db: PgDb, writers: ConversionWriters): ConversionMethods {
  const existing = async (sql: Sql, environmentId: string, key: string): Promise<Conversion | null> => {
    const row = await sql.one<ConversionRow>(BY_KEY, [environmentId, key]);
    return row ? toConversion(row) : null;
  };

  const findTouch = async (sql: Sql, environmentId: string, accountId: string, at: number, window: AttributionWindow): Promise<StoredTouch | null> => {
    for (const type of touchPreference(window)) {
      const row = await sql.one<StoredTouch>(TOUCH, [environmentId, accountId, type, window.since, at]);
      if (row) return row;
    }
    return null;
  };

  /** Inserts within the caller's transaction, holding the account's lock; null when the key was taken meanwhile. */
  const insert = async (sql: Sql, environmentId: string, c: NewConversion, window: AttributionWindow, receivedAt: number, rollup: RevenueRollup) => {
    const touch = await findTouch(sql, environmentId, c.accountId, c.at, window);
    const conversion: Conversion = { ...c, id: newId('cnv'), createdAt: receivedAt, touch, holdout: window.holdout };
    if ((await sql.run(INSERT_CONVERSION, conversionParams(environmentId, conversion))) === 0) return null;
    await writers.exposure.converted(sql, environmentId, c);
    await writers.funnel.conversion(sql, environmentId, conversion);
    await writers.revenue(sql, environmentId, c.accountId, rollup);
    return conversion;
  };

  return {
    async recordConversion(environmentId, conversion, window, receivedAt, rollup) {
      return db.tx(async (sql) => {
        await lockKey(sql, 'conversion-account', environmentId, conversion.accountId);
        const stored = await existing(sql, environmentId, conversion.idempotencyKey);
        if (stored) return { created: false, conversion: stored };
        const created = await insert(sql, environmentId, conversion, window, receivedAt, rollup);
        if (created) return { created: true, conversion: created };
        // Taken by a conversion of another account committed meanwhile: answer that one.
        return { created: false, conversion: (await existing(sql, environmentId, conversion.idempotencyKey))! };
      });
    },
    async recordSubscriptionChange(environmentId, change, window, receivedAt, rollup) {
      return db.tx(async (sql) => {
        // A replayed event is answered from what it stored, before the subscription's state moved on.
        // A concurrent delivery of the same event waits here for the first to commit.
        if ((await sql.run(MARK_APPLIED, [environmentId, change.eventId, receivedAt])) === 0) {
          return { created: false, conversion: await existing(sql, environmentId, change.eventId) };
        }
        // Account first (as recordConversion), then the subscription, whose kept state is read and written.
        await lockKey(sql, 'conversion-account', environmentId, change.accountId);
        await lockKey(sql, 'stripe-subscription', environmentId, change.subscriptionId);
        // The host's backend may have reported this very change with the event id as its key: it counts once.
        const reported = await existing(sql, environmentId, change.eventId);
        if (reported) return { created: false, conversion: reported };
        const kept = await sql.one<KeptSubscription>('SELECT mrr, event_at AS "eventAt" FROM stripe_subscriptions WHERE environment_id = $1 AND subscription_id = $2', [
          environmentId,
          change.subscriptionId,
        ]);
        const { mrr, conversion } = subscriptionConversion(change, kept);
        await sql.run(PUT_SUBSCRIPTION, [environmentId, change.subscriptionId, change.accountId, mrr, change.at, receivedAt]);
        if (!conversion) return { created: false, conversion: null };
        const created = await insert(sql, environmentId, conversion, window, receivedAt, rollup);
        return created ? { created: true, conversion: created } : { created: false, conversion: await existing(sql, environmentId, change.eventId) };
      });
    },
    async putStripeCustomer(environmentId, mapping, receivedAt) {
      return db.tx(async (sql) => {
        if ((await sql.run(MARK_APPLIED, [environmentId, mapping.eventId, receivedAt])) === 0) return false;
        return (await sql.run(PUT_CUSTOMER, [environmentId, mapping.customerId, mapping.accountId, mapping.at, receivedAt])) > 0;
      });
    },
    async stripeCustomerAccount(environmentId, customerId) {
      const row = await db.one<{ account_id: string | null }>('SELECT account_id FROM stripe_customers WHERE environment_id = $1 AND customer_id = $2', [
        environmentId,
        customerId,
      ]);
      return row?.account_id ?? null;
    },
    async listConversions(environmentId, limit) {
      const rows = await db.all<ConversionRow>('SELECT * FROM conversions WHERE environment_id = $1 ORDER BY occurred_at DESC, seq DESC LIMIT $2', [environmentId, limit]);
      return rows.map(toConversion);
    },
    async getStripeSecret(environmentId) {
      return (await db.one<{ secret: string }>(SECRET, [environmentId]))?.secret ?? null;
    },
    async listStripeSecrets() {
      return db.all<{ environmentId: string; secret: string }>(
        `SELECT s.environment_id AS "environmentId", s.secret FROM stripe_endpoints s JOIN environments e ON e.id = s.environment_id
         WHERE e.deleted_at IS NULL ORDER BY s.environment_id`,
      );
    },
    async putStripeSecret(environmentId, secret, at) {
      return db.tx(async (sql) => {
        await lockKey(sql, 'stripe-secret', environmentId);
        const had = (await sql.one(SECRET, [environmentId])) !== undefined;
        await sql.run(
          `INSERT INTO stripe_endpoints (environment_id, secret, created_at, updated_at) VALUES ($1, $2, $3, $3)
           ON CONFLICT (environment_id) DO UPDATE SET secret = excluded.secret, updated_at = excluded.updated_at`,
          [environmentId, secret, at],
        );
        return !had;
      });
    },
  };
}
