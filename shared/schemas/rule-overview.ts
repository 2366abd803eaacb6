import { z } from 'zod';
import { Key } from './common';
import { RuleStatus, Surface } from './rule';

/**
 * Where a rule stands for customers now: `draft` (not in the live version), `live`, `paused`,
 * `scheduled` (live, but its schedule starts later), `ended` (its schedule ended, or it was archived).
 */
export const RuleState = z.enum(['draft', 'live', 'paused', 'scheduled', 'ended']);
export type RuleState = z.infer<typeof RuleState>;

export const TriggerType = z.enum(['usage', 'feature', 'event', 'milestone', 'forecast']);
export type TriggerType = z.infer<typeof TriggerType>;

/** A count the server cannot answer yet (exposures before analytics record them) is null, never 0. */
const Count = z.number().int().nonnegative().nullable();

/** One rule's last 7 UTC days (today included), from the event counts the store keeps. */
export const WeekStats = z.object({ exposures: Count, impressions: Count, clicks: Count, conversions: Count });
export type WeekStats = z.infer<typeof WeekStats>;

export const OverviewWarning = z.object({ code: z.string(), message: z.string(), path: z.array(z.union([z.string(), z.number()])) });
export type OverviewWarning = z.infer<typeof OverviewWarning>;

/**
 * One row of the rules list: a stored draft, or a live rule whose draft was deleted (`removed`:
 * the next publish takes it away). `draftStatus` is the draft's own status (what publishing would
 * make it), null for a removed rule. `valid` is false for a stored draft that no longer validates;
 * its other fields then come from the live version when there is one, else are null.
 */
export const RuleOverviewRow = z.object({
  id: Key,
  name: z.string().nullable(),
  state: RuleState,
  draftStatus: RuleStatus.nullable(),
  unpublishedChanges: z.boolean(),
  removed: z.boolean(),
  valid: z.boolean(),
  priority: z.number().int().nullable(),
  trigger: TriggerType.nullable(),
  surface: Surface.nullable(),
  warnings: z.array(OverviewWarning),
  stats: WeekStats,
});
export type RuleOverviewRow = z.infer<typeof RuleOverviewRow>;

/** `GET …/rule-overview`: every row, highest priority first; `from`/`to` name the counted UTC days. */
export const RuleOverview = z.object({
  rules: z.array(RuleOverviewRow),
  liveVersion: z.number().int().nullable(),
  stats: z.object({ from: z.string(), to: z.string() }),
});
export type RuleOverview = z.infer<typeof RuleOverview>;
