import type { ConversionType } from '../../../shared/schemas/conversion';
import type { Conversion } from '../conversion-types';
import type { RevenueRollup } from '../revenue-types';
import type { Sql } from './db';

/** A row of `conversions`, as SQLite's module reads it. */
export interface ConversionRow {
  id: string;
  idempotency_key: string;
  source: 'api' | 'stripe';
  account_id: string;
  type: ConversionType;
  mrr_delta: number;
  currency: string;
  plan: string | null;
  occurred_at: number;
  created_at: number;
  touch_type: 'click' | 'impression' | null;
  touch_rule_id: string | null;
  touch_variant: string | null;
  touch_tier: string | null;
  touch_surface: string | null;
  touch_at: number | null;
  global_holdout: number;
  holdout_rules: string;
}

/**
 * Rewrites one account's MRR movements and rollup rows from its conversions, inside the caller's
 * transaction: the PostgreSQL twin of SQLite's `revenueWriter` (owned by the analytics module).
 */
export type PgRevenueWriter = (sql: Sql, environmentId: string, accountId: string, rollup: RevenueRollup) => Promise<void>;

/** The stored rule ids, or none when the column holds anything but an array of strings. */
function ruleIds(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export const toConversion = (r: ConversionRow): Conversion => ({
  id: r.id,
  idempotencyKey: r.idempotency_key,
  source: r.source,
  accountId: r.account_id,
  type: r.type,
  mrrDelta: r.mrr_delta,
  currency: r.currency,
  plan: r.plan,
  at: r.occurred_at,
  createdAt: r.created_at,
  touch:
    r.touch_type === null || r.touch_rule_id === null || r.touch_at === null
      ? null
      : { type: r.touch_type, ruleId: r.touch_rule_id, variant: r.touch_variant, tier: r.touch_tier, surface: r.touch_surface, at: r.touch_at },
  holdout: { global: r.global_holdout === 1, rules: ruleIds(r.holdout_rules) },
});

/** The row's values in `INSERT_CONVERSION`'s order. */
export const conversionParams = (environmentId: string, c: Conversion): unknown[] => [
  c.id,
  environmentId,
  c.idempotencyKey,
  c.source,
  c.accountId,
  c.type,
  c.mrrDelta,
  c.currency,
  c.plan,
  c.at,
  c.createdAt,
  c.touch?.type ?? null,
  c.touch?.ruleId ?? null,
  c.touch?.variant ?? null,
  c.touch?.tier ?? null,
  c.touch?.surface ?? null,
  c.touch?.at ?? null,
  c.holdout.global ? 1 : 0,
  JSON.stringify(c.holdout.rules),
];

/** Inserts unless the idempotency key is taken; a concurrent insert of the same key waits for that one to commit. */
export const INSERT_CONVERSION = `INSERT INTO conversions (id, environment_id, idempotency_key, source, account_id, type, mrr_delta, currency, plan, occurred_at, created_at,
    touch_type, touch_rule_id, touch_variant, touch_tier, touch_surface, touch_at, global_holdout, holdout_rules)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
  ON CONFLICT (environment_id, idempotency_key) DO NOTHING`;

/**
 * Serialises the transactions that touch one key (an account, a subscription) until commit.
 * Conversions of one account are taken in turn because the revenue rewrite reads all of them.
 */
export async function lockKey(sql: Sql, ...parts: string[]): Promise<void> {
  // JSON keeps the parts apart whatever they contain (PostgreSQL text cannot hold a NUL separator).
  await sql.run('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [JSON.stringify(parts)]);
}
