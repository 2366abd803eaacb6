import { z } from 'zod';
import { EpochMs, Key } from './common';

/** What one user has done with one rule. */
export const RuleState = z.object({
  /** When each tier was last dismissed. A dismissal holds for the rest of that billing period. */
  dismissed: z.record(Key, EpochMs).optional(),
  /** When the rule was shown to this person, newest first (for frequency caps). */
  impressions: z.array(EpochMs).max(500).optional(),
});
export type RuleState = z.infer<typeof RuleState>;

/** A metric's projection, from the server's daily snapshots (see shared/engine/forecast.ts). */
export const ForecastState = z.object({
  perDay: z.number(),
  days: z.number().nonnegative(),
  low: z.number().nonnegative(),
  /** Null stands for "no upper bound" (JSON has no Infinity). */
  high: z.number().nonnegative().nullable(),
  confident: z.boolean(),
  weeks: z.number().int().nonnegative(),
});
export type ForecastState = z.infer<typeof ForecastState>;

/**
 * Per-user prompt history the engine reads. The widget keeps it locally and merges what
 * `GET /v1/state` answers, so dismissals and counts hold across devices.
 */
export const State = z.object({
  rules: z.record(Key, RuleState),
  /** Times of each tracked event, newest first (for event-count triggers). */
  counts: z.record(z.string().max(100), z.array(EpochMs).max(2000)).optional(),
  /** Forecast per metric for the account, when the server has enough history. */
  forecast: z.record(Key, ForecastState).optional(),
});
export type State = z.infer<typeof State>;
