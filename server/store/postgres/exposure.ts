import type { CohortQuery, CohortRow, ExposureStore } from '../exposure-types';
import type { PgDb } from './db';
import { named } from './params';

interface CohortSumRow {
  rule_id: string;
  variant: string;
  trigger: string;
  currencies: string;
  last: string;
  accounts: number;
  converted: number;
  mrr: number;
  squares: number;
}

// Double division, as SQLite's REAL arithmetic: the same hours to the last bit.
const HOURS = '(converted_at - first_at)::double precision / 3600000.0::double precision';
const CONVERTED = 'environment_id = @env AND day >= @from AND day <= @to AND converted_at IS NOT NULL';
const params = (env: string, c: CohortQuery) => ({ env, from: c.from, to: c.to, ...(c.ruleId !== undefined && { rule: c.ruleId }) });
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
        params(env, c),
      );
      const arms = new Map<string, CohortRow & { currencySet: Set<string> }>();
      // Rows come oldest last-day first per arm, so the trigger kept is the latest one.
      for (const r of await db.all<CohortSumRow>(q.text, q.params)) {
        const key = `${r.rule_id}\u0000${r.variant}`;
        const arm = arms.get(key) ?? { ruleId: r.rule_id, variant: r.variant, trigger: null, accounts: 0, converted: 0, expansionMrr: 0, mrrSumSquares: 0, currencies: [], currencySet: new Set<string>() };
        arm.trigger = r.trigger;
        arm.accounts += r.accounts;
        arm.converted += r.converted;
        arm.expansionMrr += r.mrr;
        arm.mrrSumSquares += r.squares;
        for (const cur of r.currencies.split(',').filter(Boolean)) arm.currencySet.add(cur);
        arms.set(key, arm);
      }
      return [...arms.values()].map(({ currencySet, ...arm }) => ({ ...arm, currencies: [...currencySet].sort() }));
    },
    async conversionDelayCounts(env, c, boundsHours) {
      if (boundsHours.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= boundsHours[i - 1]!))) throw new RangeError('bounds must be finite and ascending');
      // A bucket's index is how many bounds the delay reaches.
      const bucket = boundsHours.map((_, i) => `(${HOURS} >= @b${i}::double precision)::int`).join(' + ') || '0';
      const q = named(
        `SELECT rule_id AS "ruleId", ${bucket} AS bucket, COUNT(*) AS count FROM exposure_accounts WHERE ${CONVERTED} ${oneRule(c)} GROUP BY rule_id, bucket ORDER BY rule_id, bucket`,
        { ...params(env, c), ...Object.fromEntries(boundsHours.map((b, i) => [`b${i}`, b])) },
      );
      const rules = new Map<string, number[]>();
      for (const r of await db.all<{ ruleId: string; bucket: number; count: number }>(q.text, q.params)) {
        let counts = rules.get(r.ruleId);
        if (!counts) rules.set(r.ruleId, (counts = new Array<number>(boundsHours.length + 1).fill(0)));
        counts[r.bucket] = r.count;
      }
      return [...rules].map(([ruleId, counts]) => ({ ruleId, counts }));
    },
    async conversionDelaysAt(env, c, offset, limit) {
      const q = named(`SELECT ${HOURS} AS hours FROM exposure_accounts WHERE ${CONVERTED} AND rule_id = @rule ORDER BY hours LIMIT @limit OFFSET @offset`, {
        ...params(env, c),
        offset,
        limit,
      });
      return (await db.all<{ hours: number }>(q.text, q.params)).map((r) => r.hours);
    },
  };
}
