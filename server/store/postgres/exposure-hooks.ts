import { isExpansion } from '../../../shared/schemas/conversion';
import type { ExposureEvent } from '../../../shared/schemas/event';
import type { CohortConversion } from '../sqlite-exposure';
import { lockAccount } from './account-lock';
import type { Sql } from './db';
import type { PgExposureHooks } from './hooks';

interface AccountRow {
  environment_id: string;
  rule_id: string;
  account_id: string;
  variant: string;
  first_at: number;
  day: string;
  tier: string | null;
  surface: string;
  trigger: string;
  locale: string | null;
  converted_at: number | null;
  expansions: number;
  expansion_mrr: number;
  currencies: string;
}

const DAY_MS = 86_400_000;
const dayOf = (at: number): string => new Date(Math.floor(at / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
const counts = (c: Pick<CohortConversion, 'type' | 'mrrDelta'>): boolean => isExpansion(c.type) && c.mrrDelta > 0;
const withCurrency = (list: string, currency: string): string => [...new Set([...list.split(',').filter(Boolean), currency])].sort().join(',');
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
  const share = [r.converted_at === null ? 0 : 1, r.expansion_mrr, r.expansion_mrr * r.expansion_mrr];
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

const addConversion = (r: AccountRow, c: Omit<CohortConversion, 'accountId'>): AccountRow => ({
  ...r,
  converted_at: r.converted_at === null ? c.at : Math.min(r.converted_at, c.at),
  expansions: r.expansions + 1,
  expansion_mrr: r.expansion_mrr + c.mrrDelta,
  currencies: withCurrency(r.currencies, c.currency),
});

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
      if (old && old.first_at <= at) return;
      // An earlier exposure arriving late (an offline queue) moves the account to its true first day.
      if (old) await tally(sql, old, 'remove');
      let row: AccountRow = {
        environment_id: env,
        rule_id: e.ruleId,
        account_id: e.accountId,
        variant: e.variant ?? '',
        first_at: at,
        day: dayOf(at),
        tier: e.tier ?? null,
        surface: e.surface,
        trigger: e.trigger,
        locale: e.locale ?? null,
        converted_at: null,
        expansions: 0,
        expansion_mrr: 0,
        currencies: '',
      };
      // Conversions stored before the exposure landed (out of order) still count from its time on.
      const since = await sql.all<Omit<CohortConversion, 'accountId'>>(
        'SELECT type, mrr_delta AS "mrrDelta", currency, occurred_at AS at FROM conversions WHERE environment_id = $1 AND account_id = $2 AND occurred_at >= $3 ORDER BY seq',
        [env, e.accountId, at],
      );
      for (const c of since) if (counts(c)) row = addConversion(row, c);
      await put(sql, row);
      await tally(sql, row, 'add');
    },
    async converted(sql, env, c) {
      if (!counts(c)) return;
      await lockAccount(sql, 'exposure', env, c.accountId);
      const rows = await sql.all<AccountRow>(
        'SELECT * FROM exposure_accounts WHERE environment_id = $1 AND account_id = $2 AND first_at <= $3 ORDER BY rule_id FOR UPDATE',
        [env, c.accountId, c.at],
      );
      for (const old of rows) {
        const row = addConversion(old, c);
        await tally(sql, old, 'remove');
        await put(sql, row);
        await tally(sql, row, 'add');
      }
    },
  };
}
