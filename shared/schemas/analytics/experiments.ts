import { z } from 'zod';
import { Key } from '../common';
import { Day, RangeQuery, TriggerType } from './common';

/** How intervals are computed: sequential (safe to peek, the default) or fixed-horizon. */
export const IntervalMode = z.enum(['sequential', 'fixed']);
export type IntervalMode = z.infer<typeof IntervalMode>;

/** `GET /v1/analytics/experiments`: the range of first exposures, optionally one rule, and the interval mode. */
export const ExperimentsQuery = RangeQuery.extend({ rule: Key.optional(), mode: IntervalMode.optional() });

/** One arm of a rule's experiment: the accounts first exposed in the range, and what they did since. */
export const Arm = z.object({
  /** The variant id, `""` for a rule's single unnamed arm, or `holdout`. */
  variant: z.string(),
  accounts: z.number().int().nonnegative(),
  /** Accounts with an expansion conversion after their first exposure. */
  converted: z.number().int().nonnegative(),
  conversionRate: z.number().min(0).max(1).nullable(),
  /** Expansion MRR of those accounts after their first exposure, minor units of `currency`. */
  expansionMrr: z.number().int().nonnegative(),
  mrrPerAccount: z.number().nonnegative().nullable(),
});
export type Arm = z.infer<typeof Arm>;

/** An estimate with its 95 % interval (bounds may be ±Infinity, sent as null). */
export const Estimate = z.object({ estimate: z.number(), low: z.number().nullable(), high: z.number().nullable() });

/** A variant against the holdout on one metric, computed as gbstats' frequentist engine does. */
export const Comparison = z.object({
  variant: z.string(),
  metric: z.enum(['conversion', 'mrr']),
  /** Difference of means: percentage points as a fraction for conversion (0.031 = +3.1 pp), minor units for MRR. */
  absolute: Estimate,
  /** Relative lift by the delta method (0.12 = +12 %). */
  relative: Estimate,
  pValue: z.number().min(0).max(1).nullable(),
  /** The interval excludes 0. */
  significant: z.boolean(),
});
export type Comparison = z.infer<typeof Comparison>;

export const EXPERIMENT_WARNINGS = ['low_data', 'srm', 'no_holdout', 'mixed_currency'] as const;
export const ExperimentWarning = z.object({ code: z.enum(EXPERIMENT_WARNINGS), message: z.string() });

export const Experiment = z.object({
  ruleId: Key,
  trigger: TriggerType.nullable(),
  arms: z.array(Arm),
  comparisons: z.array(Comparison),
  /** Chi-square test of the arms' accounts against the configured split, and that split per arm (only the arms the live config has); null with one arm. */
  srm: z.object({ pValue: z.number().min(0).max(1), expected: z.record(z.string(), z.number()) }).nullable(),
  warnings: z.array(ExperimentWarning),
  /** "Variant B converts +3.1 pp (95 % CI 1.2 to 5.0) over holdout; MRR per exposed account +$4.20". */
  verdict: z.string(),
  /** After enough exposure, the interval excludes a useful lift: a candidate to prune. */
  prune: z.boolean(),
});
export type Experiment = z.infer<typeof Experiment>;

export const ExperimentsAnswer = z.object({
  from: Day,
  to: Day,
  mode: IntervalMode,
  currency: z.string().nullable(),
  experiments: z.array(Experiment),
  /** Prune candidates grouped by trigger type. */
  pruneByTrigger: z.array(z.object({ trigger: TriggerType.nullable(), rules: z.array(Key) })),
});
export type ExperimentsAnswer = z.infer<typeof ExperimentsAnswer>;
