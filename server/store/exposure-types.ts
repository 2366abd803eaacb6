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
  /** Hours from first exposure to first expansion conversion, one entry per converted account, for time-to-conversion. */
  conversionDelays(environmentId: string, q: CohortQuery): Promise<{ ruleId: string; hours: number }[]>;
}
