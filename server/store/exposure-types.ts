/** One arm of one rule: the accounts whose first exposure fell in a range of days, and what they did since. */
export interface CohortRow {
  ruleId: string;
  /** The variant of each account's first exposure: '' for a rule's single unnamed arm, `holdout`, or a variant id. */
  variant: string;
  /** The rule's trigger type as its latest first exposure in the range recorded it; null when none did. */
  trigger: string | null;
  accounts: number;
  /** Accounts with an expansion conversion at or after their first exposure. */
  converted: number;
  /** Expansion MRR of those accounts at or after their first exposure, in minor units. */
  expansionMrr: number;
  /** Σ over accounts of (each account's expansion MRR)², for the variance of MRR per account. */
  mrrSumSquares: number;
  /** The currencies of those expansion conversions, sorted; more than one makes `expansionMrr` a mixed sum. */
  currencies: string[];
}

/** UTC days 'YYYY-MM-DD', inclusive, and optionally one rule. */
export interface CohortQuery {
  from: string;
  to: string;
  ruleId?: string | undefined;
}

/** Exposure cohorts: who first saw (or was held out of) each rule, and their expansion since. */
export interface ExposureStore {
  /** Per rule and arm, the accounts whose first exposure fell on the UTC days `from`..`to` (inclusive). */
  exposureCohorts(environmentId: string, q: CohortQuery): Promise<CohortRow[]>;
  /**
   * Per rule, the converted accounts (first exposed on the days, an expansion since) counted by
   * their delay, hours from first exposure to first expansion: `counts[i]` holds delays below
   * `boundsHours[i]` (ascending) and at or above the bound before it; the last entry, the rest.
   */
  conversionDelayCounts(environmentId: string, q: CohortQuery, boundsHours: readonly number[]): Promise<{ ruleId: string; counts: number[] }[]>;
  /** One rule's delays in hours at ascending ranks `offset`..`offset + limit - 1` (0-based): order statistics such as a median. */
  conversionDelaysAt(environmentId: string, q: CohortQuery & { ruleId: string }, offset: number, limit: number): Promise<number[]>;
}
