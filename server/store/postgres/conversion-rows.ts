import type { Conversion } from '../conversion-types';
import type { RevenueRollup } from '../revenue-types';
import type { Sql } from './db';

/**
 * Rewrites one account's MRR movements and rollup rows from its conversions, inside the caller's
 * transaction: the PostgreSQL twin of SQLite's `revenueWriter` (owned by the analytics module).
 */
export type PgRevenueWriter = (sql: Sql, environmentId: string, accountId: string, rollup: RevenueRollup) => Promise<void>;

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
