import type { CohortQuery, CohortRow } from '../exposure-types';

/*
 * The cohort reads' rows and the JavaScript both stores run on them: only the SQL that produces
 * the rows differs by dialect, so merging arms and bucketing delays live here once.
 */

/** One (rule, variant, trigger, currencies) group of `exposure_cohorts`, summed over the days asked for. */
export interface CohortSumRow {
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

/** How many of one rule's converted accounts fall in one delay bucket. */
export interface BucketRow {
  ruleId: string;
  bucket: number;
  count: number;
}

/** The named parameters of a cohort query: `@env`, `@from`, `@to`, and `@rule` when one rule is asked for. */
export const cohortParams = (env: string, c: CohortQuery) => ({ env, from: c.from, to: c.to, ...(c.ruleId !== undefined && { rule: c.ruleId }) });

/** One row per arm (rule and variant) from its groups, which come oldest last-day first per arm. */
export function cohortArms(rows: readonly CohortSumRow[]): CohortRow[] {
  const arms = new Map<string, CohortRow & { currencySet: Set<string> }>();
  // Rows come oldest last-day first per arm, so the trigger kept is the latest one.
  for (const r of rows) {
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
}

/** Refuses bounds a bucket could not be read from: each must be finite and above the one before. */
export function checkBounds(boundsHours: readonly number[]): void {
  if (boundsHours.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= boundsHours[i - 1]!))) throw new RangeError('bounds must be finite and ascending');
}

/** Each rule's counts per bucket, `bounds + 1` of them, zero where no row came back. */
export function delayCounts(rows: readonly BucketRow[], bounds: number): { ruleId: string; counts: number[] }[] {
  const rules = new Map<string, number[]>();
  for (const r of rows) {
    let counts = rules.get(r.ruleId);
    if (!counts) rules.set(r.ruleId, (counts = new Array<number>(bounds + 1).fill(0)));
    counts[r.bucket] = r.count;
  }
  return [...rules].map(([ruleId, counts]) => ({ ruleId, counts }));
}
