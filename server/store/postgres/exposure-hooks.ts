import type { ExposureEvent } from '../../../shared/schemas/event';
import { cohortShare, countsForCohort, firstExposureRow, replacesFirstExposure, withConversion, type ExposureAccountRow as AccountRow } from '../../services/exposure-cohort';
import { lockAccount } from './account-lock';
import type { Sql } from './db';
import type { PgExposureHooks } from './hooks';

const COLUMNS = ['environment_id', 'rule_id', 'account_id', 'variant', 'first_at', 'day', 'tier', 'surface', 'trigger', 'locale', 'converted_at', 'expansions', 'expansion_mrr', 'currencies'] as const;
const COHORT_KEY = 'environment_id = $1 AND day = $2 AND rule_id = $3 AND variant = $4 AND trigger = $5 AND currencies = $6';

// Every cohort change of one account takes its lock (`lockAccount`): an exposure and a conversion
// of the same account in two transactions would each miss the other's uncommitted row, and the
// conversion would never count.

const put = (sql: Sql, r: AccountRow) =>
  sql.run(
    `INSERT INTO exposure_accounts (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT (environment_id, rule_id, account_id) DO UPDATE SET ${COLUMNS.slice(3).map((c) => `${c} = excluded.${c}`).join(', ')}`,
    COLUMNS.map((c) => r[c]),
  );

/** Adds (`add`) or takes back (`remove`) one account's contribution to its cohort row. */
async function tally(sql: Sql, r: AccountRow, how: 'add' | 'remove'): Promise<void> {
  const key = [r.environment_id, r.day, r.rule_id, r.variant, r.trigger, r.currencies];
  const { converted, mrr, squares } = cohortShare(r);
  const share = [converted, mrr, squares];
  if (how === 'add') {
    await sql.run(
      `INSERT INTO exposure_cohorts AS t (environment_id, day, rule_id, variant, trigger, currencies, accounts, converted, expansion_mrr, mrr_sum_squares)
       VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9)
       ON CONFLICT (environment_id, rule_id, variant, trigger, currencies, day) DO UPDATE SET
         accounts = t.accounts + excluded.accounts, converted = t.converted + excluded.converted,
         expansion_mrr = t.expansion_mrr + excluded.expansion_mrr, mrr_sum_squares = t.mrr_sum_squares + excluded.mrr_sum_squares`,
      [...key, ...share],
    );
    return;
  }
  // An UPDATE, not the upsert: a CHECK constraint is tested on the row an upsert would insert.
  await sql.run(
    `UPDATE exposure_cohorts SET accounts = accounts - 1, converted = converted - $7, expansion_mrr = expansion_mrr - $8, mrr_sum_squares = mrr_sum_squares - $9
     WHERE ${COHORT_KEY}`,
    [...key, ...share],
  );
  await sql.run(`DELETE FROM exposure_cohorts WHERE ${COHORT_KEY} AND accounts = 0`, key);
}

/**
 * Takes the cohort locks of a batch's accounts up front, in one order: an event batch exposing
 * several accounts (insertEvents) calls this before its `exposed` calls, so two batches naming the
 * same accounts in another order wait for each other instead of deadlocking. Re-taking a lock
 * in `exposed` is free: a transaction may hold an advisory lock more than once.
 */
export async function lockExposureAccounts(sql: Sql, env: string, accountIds: Iterable<string>): Promise<void> {
  for (const accountId of [...new Set(accountIds)].sort()) await lockAccount(sql, 'exposure', env, accountId);
}

/**
 * Keeps `exposure_accounts` and `exposure_cohorts` current inside the caller's transaction, as
 * SQLite's `exposureHooks`: an account's row moves between cohort rows by subtracting what it
 * added and adding it again. The account's lock and its rows' FOR UPDATE make the move atomic
 * against another node touching the same account.
 */
export function pgExposureHooks(): PgExposureHooks {
  return {
    async exposed(sql, env, e: ExposureEvent, at) {
      await lockAccount(sql, 'exposure', env, e.accountId);
      const old = await sql.one<AccountRow>('SELECT * FROM exposure_accounts WHERE environment_id = $1 AND rule_id = $2 AND account_id = $3 FOR UPDATE', [env, e.ruleId, e.accountId]);
      if (!replacesFirstExposure(old, at)) return;
      // An earlier exposure arriving late (an offline queue) moves the account to its true first day.
      if (old) await tally(sql, old, 'remove');
      let row = firstExposureRow(env, e, at);
      // Conversions stored before the exposure landed (out of order) still count from its time on.
      const since = await sql.all<Parameters<typeof withConversion>[1]>(
        'SELECT type, mrr_delta AS "mrrDelta", currency, occurred_at AS at FROM conversions WHERE environment_id = $1 AND account_id = $2 AND occurred_at >= $3 ORDER BY seq',
        [env, e.accountId, at],
      );
      for (const c of since) if (countsForCohort(c)) row = withConversion(row, c);
      await put(sql, row);
      await tally(sql, row, 'add');
    },
    async converted(sql, env, c) {
      if (!countsForCohort(c)) return;
      await lockAccount(sql, 'exposure', env, c.accountId);
      const rows = await sql.all<AccountRow>(
        'SELECT * FROM exposure_accounts WHERE environment_id = $1 AND account_id = $2 AND first_at <= $3 ORDER BY rule_id FOR UPDATE',
        [env, c.accountId, c.at],
      );
      for (const old of rows) {
        const row = withConversion(old, c);
        await tally(sql, old, 'remove');
        await put(sql, row);
        await tally(sql, row, 'add');
      }
    },
  };
}
