import { z } from 'zod';

// What the scoreboard's endpoints share: trigger types, days, months and the date range.

/** The trigger types a rule can have, as the funnel breaks them down. */
export const TRIGGER_TYPES = ['usage', 'feature', 'event', 'milestone', 'forecast'] as const;
export const TriggerType = z.enum(TRIGGER_TYPES);
export type TriggerType = z.infer<typeof TriggerType>;

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
