import type Database from 'better-sqlite3';
import type { ExposureEvent } from '../../shared/schemas/event';
import { cohortShare, countsForCohort, firstExposureRow, replacesFirstExposure, withConversion, type CohortConversion, type ExposureAccountRow as AccountRow } from '../services/exposure-cohort';
import type { ExposureStore } from './exposure-types';
import { checkBounds, cohortArms, cohortParams, delayCounts, type BucketRow, type CohortSumRow } from './rows/exposure';

// Where the cohort hooks' conversion type has always been imported from.

/**
 * Keeps `exposure_accounts` and `exposure_cohorts` current, inside the caller's transaction: `exposed`
 * after an exposure event was stored, `converted` after a conversion was. An account's row moves
 * between cohort rows by subtracting what it added and adding it again, so every sum stays exact.
 */
export function exposureHooks(db: Database.Database) {
  const q = {
    account: db.prepare('SELECT * FROM exposure_accounts WHERE environment_id = ? AND rule_id = ? AND account_id = ?'),
    exposedBefore: db.prepare('SELECT * FROM exposure_accounts WHERE environment_id = ? AND account_id = ? AND first_at <= ?'),
    conversionsSince: db.prepare('SELECT type, mrr_delta AS mrrDelta, currency, occurred_at AS at FROM conversions WHERE environment_id = ? AND account_id = ? AND occurred_at >= ?'),
    put: db.prepare(
      `INSERT OR REPLACE INTO exposure_accounts (environment_id, rule_id, account_id, variant, first_at, day, tier, surface, trigger, locale, converted_at, expansions, expansion_mrr, currencies)
       VALUES (@environment_id, @rule_id, @account_id, @variant, @first_at, @day, @tier, @surface, @trigger, @locale, @converted_at, @expansions, @expansion_mrr, @currencies)`,
    ),
    cohort: db.prepare(
      `INSERT INTO exposure_cohorts (environment_id, day, rule_id, variant, trigger, currencies, accounts, converted, expansion_mrr, mrr_sum_squares)
       VALUES (@environment_id, @day, @rule_id, @variant, @trigger, @currencies, @accounts, @converted, @mrr, @squares)
       ON CONFLICT (environment_id, rule_id, variant, trigger, currencies, day) DO UPDATE SET
         accounts = accounts + excluded.accounts, converted = converted + excluded.converted,
         expansion_mrr = expansion_mrr + excluded.expansion_mrr, mrr_sum_squares = mrr_sum_squares + excluded.mrr_sum_squares`,
    ),
    // An UPDATE, not the upsert: a CHECK constraint is tested on the row an upsert would insert.
    untally: db.prepare(
      `UPDATE exposure_cohorts SET accounts = accounts - 1, converted = converted - @converted, expansion_mrr = expansion_mrr - @mrr, mrr_sum_squares = mrr_sum_squares - @squares
       WHERE environment_id = @environment_id AND day = @day AND rule_id = @rule_id AND variant = @variant AND trigger = @trigger AND currencies = @currencies`,
    ),
    dropEmpty: db.prepare(
      'DELETE FROM exposure_cohorts WHERE environment_id = ? AND day = ? AND rule_id = ? AND variant = ? AND trigger = ? AND currencies = ? AND accounts = 0',
    ),
  };

  /** One account's contribution to its cohort row. */
  const share = (r: AccountRow) => ({ ...r, ...cohortShare(r) });
  /** Adds (`add`) or takes back (`remove`) one account's contribution to its cohort row. */
  const tally = (r: AccountRow, how: 'add' | 'remove') => {
    if (how === 'add') return void q.cohort.run({ ...share(r), accounts: 1 });
    q.untally.run(share(r));
    q.dropEmpty.run(r.environment_id, r.day, r.rule_id, r.variant, r.trigger, r.currencies);
  };

  return {
    /** An exposure was stored at `at` (epoch ms): the account's earliest exposure to the rule sets its arm. */
    exposed(environmentId: string, e: ExposureEvent, at: number): void {
      const old = q.account.get(environmentId, e.ruleId, e.accountId) as AccountRow | undefined;
      if (!replacesFirstExposure(old, at)) return;
      // An earlier exposure arriving late (an offline queue) moves the account to its true first day.
      if (old) tally(old, 'remove');
      let row = firstExposureRow(environmentId, e, at);
      // Conversions stored before the exposure landed (out of order) still count from its time on.
      for (const c of q.conversionsSince.all(environmentId, e.accountId, at) as Omit<CohortConversion, 'accountId'>[]) {
        if (countsForCohort(c)) row = withConversion(row, c);
      }
      q.put.run(row);
      tally(row, 'add');
    },
    /** A conversion was stored: an expansion counts for every rule the account was first exposed to by then. */
    converted(environmentId: string, c: CohortConversion): void {
      if (!countsForCohort(c)) return;
      for (const old of q.exposedBefore.all(environmentId, c.accountId, c.at) as AccountRow[]) {
        const row = withConversion(old, c);
        tally(old, 'remove');
        q.put.run(row);
        tally(row, 'add');
      }
    },
  };
}

/** The cohort reads, over `exposure_cohorts` (sums) and `exposure_accounts` (delays: counts and order statistics, never a row per account). */
export function sqliteExposure(db: Database.Database): ExposureStore {
  // Each read comes in two statements, for all rules and for one, so that each has an index to follow.
  // Ties on the last day go by trigger and currencies, so that both stores keep the same trigger.
  const cohorts = (rule: string) =>
    db.prepare(
      `SELECT rule_id, variant, trigger, currencies, MAX(day) AS last, SUM(accounts) AS accounts, SUM(converted) AS converted,
         SUM(expansion_mrr) AS mrr, SUM(mrr_sum_squares) AS squares
       FROM exposure_cohorts WHERE environment_id = @env AND day >= @from AND day <= @to ${rule}
       GROUP BY rule_id, variant, trigger, currencies ORDER BY rule_id, variant, last, trigger, currencies`,
    );
  const HOURS = '(converted_at - first_at) / 3600000.0';
  const converted = 'environment_id = @env AND day >= @from AND day <= @to AND converted_at IS NOT NULL';
  // A bucket's index is how many bounds the delay reaches; one statement per number of bounds, for all rules and for one.
  const bucketCounts = new Map<string, Database.Statement>();
  const countsFor = (bounds: number, rule: string) => {
    const bucket = Array.from({ length: bounds }, (_, i) => `(${HOURS} >= @b${i})`).join(' + ') || '0';
    let statement = bucketCounts.get(`${bounds}${rule}`);
    if (!statement) {
      statement = db.prepare(`SELECT rule_id AS ruleId, ${bucket} AS bucket, COUNT(*) AS count FROM exposure_accounts WHERE ${converted} ${rule} GROUP BY rule_id, bucket`);
      bucketCounts.set(`${bounds}${rule}`, statement);
    }
    return statement;
  };
  // Follows exposure_accounts_converted_by_rule: the rule's converted accounts of the days, sorted by delay.
  const delaysAt = db.prepare(`SELECT ${HOURS} AS hours FROM exposure_accounts WHERE ${converted} AND rule_id = @rule ORDER BY hours LIMIT @limit OFFSET @offset`);
  const ONE = 'AND rule_id = @rule';
  const q = { cohorts: cohorts(''), ruleCohorts: cohorts(ONE) };

  return {
    async exposureCohorts(environmentId, c) {
      return cohortArms((c.ruleId === undefined ? q.cohorts : q.ruleCohorts).all(cohortParams(environmentId, c)) as CohortSumRow[]);
    },
    async conversionDelayCounts(environmentId, c, boundsHours) {
      checkBounds(boundsHours);
      const bounds = Object.fromEntries(boundsHours.map((b, i) => [`b${i}`, b]));
      return delayCounts(countsFor(boundsHours.length, c.ruleId === undefined ? '' : ONE).all({ ...cohortParams(environmentId, c), ...bounds }) as BucketRow[], boundsHours.length);
    },
    async conversionDelaysAt(environmentId, c, offset, limit) {
      return (delaysAt.all({ ...cohortParams(environmentId, c), offset, limit }) as { hours: number }[]).map((r) => r.hours);
    },
  };
}
