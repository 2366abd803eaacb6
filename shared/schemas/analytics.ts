import { z } from 'zod';
import { DECLINE_REASONS, HOLDOUT } from '../constants';
import { ExternalId, Key, Locale } from './common';
import { Surface } from './rule';

// The scoreboard's HTTP contract: `GET /v1/analytics/*` (a secret key, or a console session with
// at least the viewer role). Queries are read leniently only where the README says so; anything
// else that does not parse is a 400 at its parameter. Money is in integer minor units of `currency`.

/** The trigger types a rule can have, as the funnel breaks them down. */
export const TRIGGER_TYPES = ['usage', 'feature', 'event', 'milestone', 'forecast'] as const;
export const TriggerType = z.enum(TRIGGER_TYPES);
export type TriggerType = z.infer<typeof TriggerType>;

export { HOLDOUT };

/** A UTC day, `YYYY-MM-DD`. */
export const Day = z.iso.date();
/** A UTC month, `YYYY-MM`. */
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM');

/** The longest range one analytics request may cover, in days. */
export const MAX_RANGE_DAYS = 400;
/** Days covered when `from` is absent. */
export const DEFAULT_RANGE_DAYS = 30;

/**
 * `from` and `to`, UTC days inclusive. Absent `to` is today; absent `from` is 29 days before `to`.
 * `from` after `to`, or a range over `MAX_RANGE_DAYS`, is a 400.
 */
export const RangeQuery = z.object({ from: Day.optional(), to: Day.optional() });
export type RangeQuery = z.infer<typeof RangeQuery>;

/** The funnel's stages, in order. `action` is a trial started, a checkout opened or an admin asked. */
export const FUNNEL_STAGES = ['exposed', 'impression', 'click', 'action', 'conversion'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
export const Stages = z.object({
  /** Exposures: once per person, rule and day the rule was eligible (seen or held out). */
  exposed: z.number().int().nonnegative(),
  impression: z.number().int().nonnegative(),
  click: z.number().int().nonnegative(),
  action: z.number().int().nonnegative(),
  /** Conversions attributed to the rule (as `POST /v1/conversions` credits them), by the conversion's day. */
  conversion: z.number().int().nonnegative(),
});
export type Stages = z.infer<typeof Stages>;

/** What the funnel can be broken down by. */
export const FUNNEL_BREAKDOWNS = ['tier', 'variant', 'surface', 'locale', 'trigger'] as const;
export const FunnelBreakdown = z.enum(FUNNEL_BREAKDOWNS);

/** `GET /v1/analytics/funnel`: the range, optionally one rule, one breakdown and filters on each dimension. */
export const FunnelQuery = RangeQuery.extend({
  rule: Key.optional(),
  by: FunnelBreakdown.optional(),
  tier: Key.optional(),
  variant: Key.optional(),
  surface: Surface.optional(),
  locale: Locale.optional(),
  trigger: TriggerType.optional(),
});
export type FunnelQuery = z.infer<typeof FunnelQuery>;

/** Time from an account's first exposure to a rule to its first attributed conversion. */
export const TimeToConversion = z.object({
  /** Median in hours; null without a conversion. */
  medianHours: z.number().nonnegative().nullable(),
  /** How many conversions came within each bound (hours, exclusive upper bound; null = later). */
  buckets: z.array(z.object({ upToHours: z.number().positive().nullable(), count: z.number().int().nonnegative() })),
});
export type TimeToConversion = z.infer<typeof TimeToConversion>;

export const FunnelRule = z.object({
  ruleId: Key,
  /** The rule's trigger type in the newest published version that has it; null when none has. */
  trigger: TriggerType.nullable(),
  stages: Stages,
  /** One entry per value of `by` (`""` where the events had none); empty without `by`. */
  segments: z.array(z.object({ key: z.string(), stages: Stages })),
  timeToConversion: TimeToConversion,
});
export type FunnelRule = z.infer<typeof FunnelRule>;

export const FunnelAnswer = z.object({
  from: Day,
  to: Day,
  by: FunnelBreakdown.nullable(),
  /** Every rule with an event in the range, by id. */
  rules: z.array(FunnelRule),
  /** The whole selection per day, every day of the range (zeros included), for the time series. */
  series: z.array(Stages.extend({ day: Day })),
});
export type FunnelAnswer = z.infer<typeof FunnelAnswer>;

/** `GET /v1/analytics/declines`: the range and optionally one rule. */
export const DeclinesQuery = RangeQuery.extend({ rule: Key.optional() });
export const DeclineNote = z.object({ at: z.iso.datetime({ offset: true }), reason: z.enum(DECLINE_REASONS), note: z.string(), accountId: ExternalId, tier: z.string().nullable(), variant: z.string().nullable() });
export const DeclinesAnswer = z.object({
  from: Day,
  to: Day,
  rules: z.array(
    z.object({
      ruleId: Key,
      total: z.number().int().nonnegative(),
      reasons: z.object(Object.fromEntries(DECLINE_REASONS.map((r) => [r, z.number().int().nonnegative()])) as Record<(typeof DECLINE_REASONS)[number], z.ZodNumber>),
      /** The notes people wrote, newest first, at most 100 per rule. */
      notes: z.array(DeclineNote),
    }),
  ),
});
export type DeclinesAnswer = z.infer<typeof DeclinesAnswer>;

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
  /** Chi-square test of the arms' accounts against the configured split; null with one arm. */
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

export const READINESS_BANDS = ['high', 'moderate', 'early', 'not_ready'] as const;
export const ReadinessBand = z.enum(READINESS_BANDS);
export type ReadinessBand = z.infer<typeof ReadinessBand>;
export const READINESS_CATEGORIES = ['usage', 'breadth', 'exploration', 'growth'] as const;
export type ReadinessCategory = (typeof READINESS_CATEGORIES)[number];

/** One signal behind a score, in words a CS manager reads: "API calls at 92 % of the limit, +31 %/month". */
export const ReadinessSignal = z.object({ category: z.enum(READINESS_CATEGORIES), label: z.string(), points: z.number() });

export const ReadinessAccount = z.object({
  accountId: ExternalId,
  plan: z.string().nullable(),
  score: z.number().int().min(0).max(100),
  /** Band of the score, except that a "fix first" account is never `high`. */
  band: ReadinessBand,
  /** Low health or open tickets: help first, no pitch. */
  fixFirst: z.boolean(),
  categories: z.object({ usage: z.number().min(0).max(25), breadth: z.number().min(0).max(25), exploration: z.number().min(0).max(25), growth: z.number().min(0).max(25) }),
  signals: z.array(ReadinessSignal),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type ReadinessAccount = z.infer<typeof ReadinessAccount>;

export const READINESS_SORTS = ['score', '-score', 'account', '-account', 'updated', '-updated'] as const;
/** `GET /v1/analytics/readiness`: filters, sort (default `-score`), paging, and `format=csv` for the whole filtered list. */
export const ReadinessQuery = z.object({
  band: ReadinessBand.optional(),
  fixFirst: z.enum(['true', 'false']).optional(),
  plan: Key.optional(),
  q: z.string().max(256).optional(),
  minScore: z.coerce.number().int().min(0).max(100).optional(),
  sort: z.enum(READINESS_SORTS).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  format: z.enum(['json', 'csv']).optional(),
});
export type ReadinessQuery = z.infer<typeof ReadinessQuery>;

export const ReadinessAnswer = z.object({
  total: z.number().int().nonnegative(),
  bands: z.object({ high: z.number().int(), moderate: z.number().int(), early: z.number().int(), not_ready: z.number().int(), fixFirst: z.number().int() }),
  accounts: z.array(ReadinessAccount),
});
export type ReadinessAnswer = z.infer<typeof ReadinessAnswer>;
