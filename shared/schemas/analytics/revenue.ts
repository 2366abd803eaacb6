import { z } from 'zod';
import { Key } from '../common';
import { Month } from './common';

/** ChartMogul's MRR movements. */
export const MOVEMENTS = ['new', 'expansion', 'contraction', 'churn', 'reactivation'] as const;
export const Movement = z.enum(MOVEMENTS);
export type Movement = z.infer<typeof Movement>;

/** `GET /v1/analytics/revenue`: months `from`–`to` (YYYY-MM, default the last 12), a segment, a currency. */
export const RevenueQuery = z.object({
  from: Month.optional(),
  to: Month.optional(),
  /** `plan` (the plan at the start of the month) or `trait:<name>` (an account trait the host sends). */
  segment: z.union([z.literal('plan'), z.string().regex(/^trait:[A-Za-z0-9_.:-]{1,64}$/)]).optional(),
  /** Default: the currency with the most MRR. */
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
});
export type RevenueQuery = z.infer<typeof RevenueQuery>;

export const RevenueMonth = z.object({
  month: Month,
  /** The segment's value; null for all accounts. */
  segment: z.string().nullable(),
  startMrr: z.number().int(),
  new: z.number().int().nonnegative(),
  expansion: z.number().int().nonnegative(),
  reactivation: z.number().int().nonnegative(),
  /** Positive amounts lost. */
  contraction: z.number().int().nonnegative(),
  churn: z.number().int().nonnegative(),
  endMrr: z.number().int(),
  /** (start + expansion + reactivation − contraction − churn) / start; null when start is 0. */
  nrr: z.number().nullable(),
  /** (start − contraction − churn) / start; null when start is 0. */
  grr: z.number().nullable(),
  accountsAtStart: z.number().int().nonnegative(),
  accountsExpanded: z.number().int().nonnegative(),
  /** accountsExpanded / accountsAtStart. */
  expansionRate: z.number().nullable(),
  /** Median days from an account's first MRR to its first expansion, for first expansions in the month. */
  medianDaysToFirstExpansion: z.number().nonnegative().nullable(),
});
export type RevenueMonth = z.infer<typeof RevenueMonth>;

export const RevenueAnswer = z.object({
  from: Month,
  to: Month,
  currency: z.string().nullable(),
  segment: z.string().nullable(),
  /** All accounts, one per month. */
  months: z.array(RevenueMonth),
  /** One per segment value and month, when a segment was asked for. */
  segments: z.array(RevenueMonth),
  /** Expansion MRR credited to each rule and variant in the range (the conversions' touches). */
  attributed: z.array(z.object({ ruleId: Key, variant: z.string().nullable(), expansionMrr: z.number().int().nonnegative(), conversions: z.number().int().nonnegative() })),
});
export type RevenueAnswer = z.infer<typeof RevenueAnswer>;
