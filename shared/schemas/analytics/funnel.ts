import { z } from 'zod';
import { Key, Locale } from '../common';
import { Surface } from '../rule';
import { Day, RangeQuery, TriggerType } from './common';

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
