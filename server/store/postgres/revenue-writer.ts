import type { AccountChange, RevenueRollup } from '../revenue-types';
import { lockAccount } from './account-lock';
import type { Sql } from './db';
import { FIGURES } from '../rows/revenue';

const KEYS = 'environment_id, currency, dimension, segment, month';

/**
 * Adds (`sign` 1) or takes away (-1) an account's rows from the monthly sums, in key order so two
 * accounts' rewrites sharing months lock those rows in the same order and cannot deadlock.
 */
const applySql = (sign: 1 | -1) =>
  `INSERT INTO mrr_months AS t (${KEYS}, ${FIGURES.join(', ')})
   SELECT ${KEYS}, ${FIGURES.map((f) => `${sign} * ${f}`).join(', ')} FROM mrr_account_months
   WHERE environment_id = $1 AND account_id = $2 ORDER BY ${KEYS}
   ON CONFLICT (${KEYS}) DO UPDATE SET ${FIGURES.map((f) => `${f} = t.${f} + excluded.${f}`).join(', ')}`;

const MOVEMENT = {
  conversion_id: ['conversionId', 'text'],
  currency: ['currency', 'text'],
  occurred_at: ['at', 'bigint'],
  kind: ['kind', 'text'],
  amount: ['amount', 'bigint'],
  mrr_before: ['mrrBefore', 'bigint'],
  mrr_after: ['mrrAfter', 'bigint'],
  rule_id: ['ruleId', 'text'],
  variant: ['variant', 'text'],
} as const;
const MONTH = {
  currency: ['currency', 'text'],
  dimension: ['dimension', 'text'],
  segment: ['segment', 'text'],
  month: ['month', 'text'],
  new: ['new', 'bigint'],
  expansion: ['expansion', 'bigint'],
  reactivation: ['reactivation', 'bigint'],
  contraction: ['contraction', 'bigint'],
  churn: ['churn', 'bigint'],
  expanded: ['expanded', 'bigint'],
  start_mrr: ['startMrr', 'bigint'],
  start_accounts: ['startAccounts', 'bigint'],
  end_mrr: ['endMrr', 'bigint'],
  end_accounts: ['endAccounts', 'bigint'],
  first_expansion_days: ['firstExpansionDays', 'double precision'],
} as const;

/** Inserts `rows` (objects keyed by the fields of `shape`) into `table` for one account, in one statement. */
async function insertAll(sql: Sql, table: string, shape: Readonly<Record<string, readonly [string, string]>>, env: string, accountId: string, rows: readonly object[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(shape);
  await sql.run(
    `INSERT INTO ${table} (environment_id, account_id, ${columns.join(', ')})
     SELECT $1, $2, ${columns.map((c) => `x."${shape[c]![0]}"`).join(', ')} FROM jsonb_to_recordset($3::jsonb) AS x(${columns.map((c) => `"${shape[c]![0]}" ${shape[c]![1]}`).join(', ')})`,
    [env, accountId, JSON.stringify(rows)],
  );
}

/**
 * Rewrites one account's movements and rollup rows from its conversions, inside the caller's
 * transaction (`sql`), as SQLite's `revenueWriter`: what a movement is, and which month and
 * segment it counts in, is `rollup`'s to say. The account's advisory lock keeps two rewrites of
 * it (two nodes storing its conversions) from both subtracting the same old rows.
 */
export async function rewriteRevenue(sql: Sql, env: string, accountId: string, rollup: RevenueRollup): Promise<void> {
  await lockAccount(sql, 'revenue', env, accountId);
  const changes = await sql.all<AccountChange>(
    `SELECT id, occurred_at AS at, mrr_delta AS "mrrDelta", currency, plan, touch_rule_id AS "ruleId", touch_variant AS variant
     FROM conversions WHERE environment_id = $1 AND account_id = $2 ORDER BY occurred_at, id`,
    [env, accountId],
  );
  const { movements, months } = rollup(changes);
  await sql.run(applySql(-1), [env, accountId]);
  await sql.run('DELETE FROM mrr_account_months WHERE environment_id = $1 AND account_id = $2', [env, accountId]);
  await sql.run('DELETE FROM mrr_movements WHERE environment_id = $1 AND account_id = $2', [env, accountId]);
  await insertAll(sql, 'mrr_movements', MOVEMENT, env, accountId, movements);
  await insertAll(sql, 'mrr_account_months', MONTH, env, accountId, months);
  await sql.run(applySql(1), [env, accountId]);
}
