import type Database from 'better-sqlite3';
import type { AccountChange, AccountRef, RevenueRollup, RevenueSelection, RevenueStore, RollupRow } from './revenue-types';
import { FIGURES, SUMS, toSegmentMonth, type FiguresRow } from './rows/revenue';

const KEYS = 'environment_id, currency, dimension, segment, month';

/**
 * Adds (`sign` 1) or takes away (-1) an account's rows from the monthly sums. `INDEXED BY`: without
 * statistics SQLite would walk the environment's whole clustered key instead of the account's index.
 */
const applySql = (sign: 1 | -1) =>
  `INSERT INTO mrr_months (${KEYS}, ${FIGURES.join(', ')})
   SELECT ${KEYS}, ${FIGURES.map((f) => `${sign} * ${f}`).join(', ')} FROM mrr_account_months INDEXED BY mrr_account_months_by_account
   WHERE environment_id = ? AND account_id = ? AND true
   ON CONFLICT (${KEYS}) DO UPDATE SET ${FIGURES.map((f) => `${f} = ${f} + excluded.${f}`).join(', ')}`;

/**
 * The median of `days` per segment and month of `rows` (a query), computed in SQLite (the middle
 * row, or the mean of the two middle rows) so thousands of rows never reach JavaScript.
 */
// Partitioned by month, then segment: the order of the first-expansion index, which then needs no sort.
const medianOf = (rows: string) => `SELECT segment, month, AVG(days) AS median FROM (
  SELECT segment, month, days, ROW_NUMBER() OVER w AS n, COUNT(*) OVER (PARTITION BY month, segment) AS total
  FROM (${rows}) WINDOW w AS (PARTITION BY month, segment ORDER BY days)
) WHERE n IN ((total + 1) / 2, total / 2 + 1) GROUP BY month, segment`;

/** Each month row's account with the current value of one trait (`account_traits`, `""` without one): a primary-key lookup per row. */
const withTrait = `mrr_account_months a LEFT JOIN account_traits t ON t.environment_id = a.environment_id AND t.account_id = a.account_id AND t.name = ?`;

/**
 * Rewrites one account's movements and rollup rows from its conversions, inside the caller's
 * transaction. What a movement is, and which month and segment it counts in, is `rollup`'s to say.
 */
export function revenueWriter(db: Database.Database) {
  const q = {
    changes: db.prepare(
      `SELECT id, occurred_at AS at, mrr_delta AS mrrDelta, currency, plan, touch_rule_id AS ruleId, touch_variant AS variant
       FROM conversions WHERE environment_id = ? AND account_id = ? ORDER BY occurred_at, id`,
    ),
    subtract: db.prepare(applySql(-1)),
    add: db.prepare(applySql(1)),
    deleteMonths: db.prepare('DELETE FROM mrr_account_months INDEXED BY mrr_account_months_by_account WHERE environment_id = ? AND account_id = ?'),
    deleteMovements: db.prepare('DELETE FROM mrr_movements WHERE environment_id = ? AND account_id = ?'),
    insertMovement: db.prepare(
      `INSERT INTO mrr_movements (environment_id, account_id, conversion_id, currency, occurred_at, kind, amount, mrr_before, mrr_after, rule_id, variant)
       VALUES (@environmentId, @accountId, @conversionId, @currency, @at, @kind, @amount, @mrrBefore, @mrrAfter, @ruleId, @variant)`,
    ),
    insertMonth: db.prepare(
      `INSERT INTO mrr_account_months (environment_id, account_id, currency, dimension, segment, month, ${FIGURES.join(', ')}, first_expansion_days)
       VALUES (@environmentId, @accountId, @currency, @dimension, @segment, @month, @new, @expansion, @reactivation, @contraction, @churn, @expanded,
         @startMrr, @startAccounts, @endMrr, @endAccounts, @firstExpansionDays)`,
    ),
  };
  return (environmentId: string, accountId: string, rollup: RevenueRollup): void => {
    const { movements, months } = rollup(q.changes.all(environmentId, accountId) as AccountChange[]);
    q.subtract.run(environmentId, accountId);
    q.deleteMonths.run(environmentId, accountId);
    q.deleteMovements.run(environmentId, accountId);
    for (const m of movements) q.insertMovement.run({ ...m, environmentId, accountId });
    for (const r of months) q.insertMonth.run({ ...r, environmentId, accountId } satisfies RollupRow & { environmentId: string; accountId: string });
    q.add.run(environmentId, accountId);
  };
}

/** The revenue scoreboard's reads over SQLite: the monthly sums, and per-account rows only where a trait or a median needs them. */
export function sqliteRevenue(db: Database.Database): RevenueStore {
  const rewrite = revenueWriter(db);
  const q = {
    currencies: db.prepare(
      "SELECT currency, SUM(end_mrr - start_mrr) AS mrr FROM mrr_months WHERE environment_id = ? AND dimension = 'all' GROUP BY currency ORDER BY mrr DESC, currency",
    ),
    months: db.prepare(`SELECT segment, month, ${FIGURES.join(', ')} FROM mrr_months WHERE environment_id = ? AND currency = ? AND dimension = ? AND month <= ?`),
    traitMonths: db.prepare(
      `SELECT COALESCE(t.value, '') AS segment, a.month, ${SUMS} FROM ${withTrait}
       WHERE a.environment_id = ? AND a.currency = ? AND a.dimension = 'all' AND a.month <= ? GROUP BY 1, 2`,
    ),
    firstExpansions: db.prepare(
      medianOf(`SELECT segment, month, first_expansion_days AS days FROM mrr_account_months
       WHERE environment_id = ? AND currency = ? AND dimension = ? AND month >= ? AND month <= ? AND first_expansion_days IS NOT NULL`),
    ),
    traitFirstExpansions: db.prepare(
      medianOf(`SELECT COALESCE(t.value, '') AS segment, a.month, a.first_expansion_days AS days FROM ${withTrait}
       WHERE a.environment_id = ? AND a.currency = ? AND a.dimension = 'all' AND a.month >= ? AND a.month <= ? AND a.first_expansion_days IS NOT NULL`),
    ),
    attributed: db.prepare(
      `SELECT rule_id AS ruleId, variant, SUM(amount) AS expansionMrr, COUNT(*) AS conversions FROM mrr_movements
       WHERE environment_id = ? AND currency = ? AND occurred_at >= ? AND occurred_at < ? AND kind = 'expansion' AND rule_id IS NOT NULL
       GROUP BY rule_id, variant ORDER BY expansionMrr DESC, rule_id, variant`,
    ),
    pending: db.prepare('SELECT environment_id AS environmentId, account_id AS accountId FROM mrr_pending LIMIT ?'),
    done: db.prepare('DELETE FROM mrr_pending WHERE environment_id = ? AND account_id = ?'),
  };
  return {
    async revenueCurrencies(environmentId) {
      return q.currencies.all(environmentId) as { currency: string; mrr: number }[];
    },
    async revenueMonths(environmentId, { currency, segment, to }: RevenueSelection) {
      const rows =
        typeof segment === 'string'
          ? q.months.all(environmentId, currency, segment, to)
          : q.traitMonths.all(segment.trait, environmentId, currency, to);
      return (rows as FiguresRow[]).map(toSegmentMonth);
    },
    async firstExpansionMedians(environmentId, { currency, segment, from, to }) {
      const rows =
        typeof segment === 'string'
          ? q.firstExpansions.all(environmentId, currency, segment, from, to)
          : q.traitFirstExpansions.all(segment.trait, environmentId, currency, from, to);
      return rows as { segment: string; month: string; median: number }[];
    },
    async attributedExpansion(environmentId, currency, from, to) {
      return q.attributed.all(environmentId, currency, from, to) as { ruleId: string; variant: string | null; expansionMrr: number; conversions: number }[];
    },
    async pendingRevenueAccounts(limit) {
      return q.pending.all(limit) as AccountRef[];
    },
    async reclassifyAccounts(accounts, rollup) {
      db.transaction(() => {
        for (const { environmentId, accountId } of accounts) {
          rewrite(environmentId, accountId, rollup);
          q.done.run(environmentId, accountId);
        }
      }).immediate();
    },
  };
}
