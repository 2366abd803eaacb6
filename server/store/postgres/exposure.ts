import type { CohortQuery, ExposureStore } from '../exposure-types';
import { checkBounds, cohortArms, cohortParams, delayCounts, type BucketRow, type CohortSumRow } from '../rows/exposure';
import type { PgDb } from './db';
import { named } from './params';

// Double division, as SQLite's REAL arithmetic: the same hours to the last bit.
const HOURS = '(converted_at - first_at)::double precision / 3600000.0::double precision';
const CONVERTED = 'environment_id = @env AND day >= @from AND day <= @to AND converted_at IS NOT NULL';
const oneRule = (c: CohortQuery) => (c.ruleId === undefined ? '' : 'AND rule_id = @rule');

/** The cohort reads over PostgreSQL, as `sqliteExposure`: sums from `exposure_cohorts`, delays as counts and order statistics of `exposure_accounts`. */
export function pgExposure(db: PgDb): ExposureStore {
  return {
    async exposureCohorts(env, c) {
      // Ties on the last day go by trigger and currencies, as in SQLite's statement, so both keep the same trigger.
      const q = named(
        `SELECT rule_id, variant, trigger, currencies, MAX(day) AS last, SUM(accounts) AS accounts, SUM(converted) AS converted,
           SUM(expansion_mrr) AS mrr, SUM(mrr_sum_squares) AS squares
         FROM exposure_cohorts WHERE environment_id = @env AND day >= @from AND day <= @to ${oneRule(c)}
         GROUP BY rule_id, variant, trigger, currencies ORDER BY rule_id, variant, last, trigger, currencies`,
        cohortParams(env, c),
      );
      return cohortArms(await db.all<CohortSumRow>(q.text, q.params));
    },
    async conversionDelayCounts(env, c, boundsHours) {
      checkBounds(boundsHours);
      // A bucket's index is how many bounds the delay reaches.
      const bucket = boundsHours.map((_, i) => `(${HOURS} >= @b${i}::double precision)::int`).join(' + ') || '0';
      const q = named(
        `SELECT rule_id AS "ruleId", ${bucket} AS bucket, COUNT(*) AS count FROM exposure_accounts WHERE ${CONVERTED} ${oneRule(c)} GROUP BY rule_id, bucket ORDER BY rule_id, bucket`,
        { ...cohortParams(env, c), ...Object.fromEntries(boundsHours.map((b, i) => [`b${i}`, b])) },
      );
      return delayCounts(await db.all<BucketRow>(q.text, q.params), boundsHours.length);
    },
    async conversionDelaysAt(env, c, offset, limit) {
      const q = named(`SELECT ${HOURS} AS hours FROM exposure_accounts WHERE ${CONVERTED} AND rule_id = @rule ORDER BY hours LIMIT @limit OFFSET @offset`, {
        ...cohortParams(env, c),
        offset,
        limit,
      });
      return (await db.all<{ hours: number }>(q.text, q.params)).map((r) => r.hours);
    },
  };
}
