import type { Movement } from '../../shared/schemas/analytics';

/** One stored conversion of an account, as the revenue service classifies it. `at` is epoch ms. */
export interface AccountChange {
  id: string;
  at: number;
  mrrDelta: number;
  currency: string;
  plan: string | null;
  /** The prompt the conversion was credited to, if any. */
  ruleId: string | null;
  variant: string | null;
}

/** A conversion as a movement of the account's MRR in its currency; `kind` null when it moved nothing. */
export interface MovementRow {
  conversionId: string;
  currency: string;
  at: number;
  kind: Movement | null;
  /** MRR after minus MRR before (negative for contraction and churn). */
  amount: number;
  mrrBefore: number;
  mrrAfter: number;
  ruleId: string | null;
  variant: string | null;
}

/** How a month's accounts are grouped in the rollup: all together, or by their plan at the start of the month. */
export type RevenueDimension = 'all' | 'plan';

/**
 * One account's contribution to a month of one segment. Summed over accounts they make the
 * monthly rollup; the start MRR of a month is the sum over earlier months of `endMrr − startMrr`
 * (an account only has rows in months where it changed).
 */
export interface RevenueFigures {
  new: number;
  expansion: number;
  reactivation: number;
  /** Positive amounts lost. */
  contraction: number;
  churn: number;
  /** Accounts with MRR at the start of the month that expanded in it. */
  expanded: number;
  startMrr: number;
  startAccounts: number;
  endMrr: number;
  endAccounts: number;
}

export interface RollupRow extends RevenueFigures {
  currency: string;
  dimension: RevenueDimension;
  /** The plan for `plan`, `""` for `all` (or an account without a plan). */
  segment: string;
  /** `YYYY-MM`, UTC. */
  month: string;
  /** Days from the account's first MRR to its first expansion, on the row of the month it expanded first. */
  firstExpansionDays: number | null;
}

/** The revenue service's reading of one account's whole history (in `at`, then `id` order). */
export type RevenueRollup = (changes: readonly AccountChange[]) => { movements: MovementRow[]; months: RollupRow[] };

/** Summed rollup rows of one segment and month. */
export interface SegmentMonth extends RevenueFigures {
  segment: string;
  month: string;
}

/** Which rows a revenue read covers: one currency, one way of segmenting, months up to `to` inclusive. */
export interface RevenueSelection {
  currency: string;
  /** `all`, `plan`, or `{ trait }`: the account's current trait value as last sent by the widget. */
  segment: RevenueDimension | { trait: string };
  to: string;
}

export interface AccountRef {
  environmentId: string;
  accountId: string;
}

/** MRR movements and their monthly rollups, rewritten per account as conversions arrive. */
export interface RevenueStore {
  /** Every currency with its MRR now (the sum of all its movements). */
  revenueCurrencies(environmentId: string): Promise<{ currency: string; mrr: number }[]>;
  /** Rolled-up figures per segment and month, every month up to `to` (earlier months give the start MRR). */
  revenueMonths(environmentId: string, selection: RevenueSelection): Promise<SegmentMonth[]>;
  /** Per segment and month of `from`–`to`, the median days from first MRR to first expansion of the accounts that first expanded then. */
  firstExpansionMedians(environmentId: string, selection: RevenueSelection & { from: string }): Promise<{ segment: string; month: string; median: number }[]>;
  /** Expansion movements credited to a prompt, per rule and variant, at `from` ≤ at < `to` (epoch ms). */
  attributedExpansion(environmentId: string, currency: string, from: number, to: number): Promise<{ ruleId: string; variant: string | null; expansionMrr: number; conversions: number }[]>;
  /** Accounts whose conversions were stored before movements existed, at most `limit`. */
  pendingRevenueAccounts(limit: number): Promise<AccountRef[]>;
  /** Rewrites these accounts' movements and rollups from their conversions, in one transaction, and marks them done. */
  reclassifyAccounts(accounts: readonly AccountRef[], rollup: RevenueRollup): Promise<void>;
}
