import type { AccountRef, RevenueSelection, RevenueStore } from '../revenue-types';
import type { PgDb } from './db';
import { FIGURES, SUMS, toSegmentMonth, type FiguresRow } from '../rows/revenue';
import { rewriteRevenue } from './revenue-writer';

/**
 * The median of `days` per segment and month of `rows` (a query), computed in the database (the
 * middle row, or the mean of the two middle rows), in month then segment order as SQLite's.
 */
const medianOf = (rows: string) => `SELECT segment, month, AVG(days) AS median FROM (
  SELECT segment, month, days, ROW_NUMBER() OVER w AS n, COUNT(*) OVER (PARTITION BY month, segment) AS total
  FROM (${rows}) AS r WINDOW w AS (PARTITION BY month, segment ORDER BY days)
) AS ranked WHERE n IN ((total + 1) / 2, total / 2 + 1) GROUP BY month, segment ORDER BY month, segment`;

/** Each month row's account with the current value of one trait (`account_traits`, `""` without one). `$1` is the trait's name. */
const withTrait = 'mrr_account_months a LEFT JOIN account_traits t ON t.environment_id = a.environment_id AND t.account_id = a.account_id AND t.name = $1';

/** The revenue scoreboard's reads over PostgreSQL, as `sqliteRevenue`: the monthly sums, per-account rows only where a trait or a median needs them. */
export function pgRevenue(db: PgDb): RevenueStore {
  return {
    async revenueCurrencies(env) {
      return db.all(
        "SELECT currency, SUM(end_mrr - start_mrr) AS mrr FROM mrr_months WHERE environment_id = $1 AND dimension = 'all' GROUP BY currency ORDER BY mrr DESC, currency",
        [env],
      );
    },
    // SQLite reads these in its primary key's order (segment, month); here that order is asked for.
    async revenueMonths(env, { currency, segment, to }: RevenueSelection) {
      const rows =
        typeof segment === 'string'
          ? await db.all<FiguresRow>(
              `SELECT segment, month, ${FIGURES.join(', ')} FROM mrr_months WHERE environment_id = $1 AND currency = $2 AND dimension = $3 AND month <= $4 ORDER BY segment, month`,
              [env, currency, segment, to],
            )
          : await db.all<FiguresRow>(
              `SELECT COALESCE(t.value, '') AS segment, a.month, ${SUMS} FROM ${withTrait}
               WHERE a.environment_id = $2 AND a.currency = $3 AND a.dimension = 'all' AND a.month <= $4 GROUP BY 1, 2 ORDER BY 1, 2`,
              [segment.trait, env, currency, to],
            );
      return rows.map(toSegmentMonth);
    },
    async firstExpansionMedians(env, { currency, segment, from, to }) {
      return typeof segment === 'string'
        ? db.all(
            medianOf(`SELECT segment, month, first_expansion_days AS days FROM mrr_account_months
             WHERE environment_id = $1 AND currency = $2 AND dimension = $3 AND month >= $4 AND month <= $5 AND first_expansion_days IS NOT NULL`),
            [env, currency, segment, from, to],
          )
        : db.all(
            medianOf(`SELECT COALESCE(t.value, '') AS segment, a.month, a.first_expansion_days AS days FROM ${withTrait}
             WHERE a.environment_id = $2 AND a.currency = $3 AND a.dimension = 'all' AND a.month >= $4 AND a.month <= $5 AND a.first_expansion_days IS NOT NULL`),
            [segment.trait, env, currency, from, to],
          );
    },
    async attributedExpansion(env, currency, from, to) {
      // NULLS FIRST: SQLite's ascending order puts a null variant first.
      return db.all(
        `SELECT rule_id AS "ruleId", variant, SUM(amount) AS "expansionMrr", COUNT(*) AS conversions FROM mrr_movements
         WHERE environment_id = $1 AND currency = $2 AND occurred_at >= $3 AND occurred_at < $4 AND kind = 'expansion' AND rule_id IS NOT NULL
         GROUP BY rule_id, variant ORDER BY "expansionMrr" DESC, rule_id, variant NULLS FIRST`,
        [env, currency, from, to],
      );
    },
    async pendingRevenueAccounts(limit) {
      return db.all<AccountRef>('SELECT environment_id AS "environmentId", account_id AS "accountId" FROM mrr_pending ORDER BY environment_id, account_id LIMIT $1', [limit]);
    },
    async reclassifyAccounts(accounts, rollup) {
      // In one order, so two nodes reclassifying overlapping accounts take their locks alike.
      const key = (a: AccountRef) => JSON.stringify([a.environmentId, a.accountId]);
      const sorted = [...accounts].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
      await db.tx(async (sql) => {
        for (const { environmentId, accountId } of sorted) {
          await rewriteRevenue(sql, environmentId, accountId, rollup);
          await sql.run('DELETE FROM mrr_pending WHERE environment_id = $1 AND account_id = $2', [environmentId, accountId]);
        }
      });
    },
  };
}
