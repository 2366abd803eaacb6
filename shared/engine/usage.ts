import { FACTS } from './facts';
import { fail, type Fail } from './offer';
import type { Context } from '../schemas/context';
import type { Tier, UsageTrigger } from '../schemas/rule';
import type { RuleState } from '../schemas/state';
import type { ConfigIndex } from './config-index';
import type { Period } from './period';
import { own } from './own';

export interface Reading {
  /** The metric's id; its name is looked up only for a prompt that shows. */
  metric: string;
  usage: number;
  /** 0 when the account has no limit (only absolute-value ladders read such a metric). */
  limit: number;
  /** usage × 100 / limit, unrounded (0 without a limit). Multiplying first keeps exact readings exact: 57 of 100 is 57, not 56.999…. */
  percent: number;
}

/**
 * The metric's reading against the account's effective limit. A ladder of absolute values needs no
 * limit (`needLimit` false): its reading then has a limit of 0 and no percentage.
 */
export function readMetric(metricId: string, context: Context, limits: Readonly<Record<string, number>>, index: ConfigIndex, needLimit: boolean): Reading | Fail {
  const usage = own(context.usage, metricId);
  if (usage === undefined) return fail('usage.no_reading', FACTS && { metric: metricId });
  const limit = limits[metricId] ?? 0;
  if (limit <= 0 && needLimit) return fail('usage.no_limit', FACTS && { metric: metricId, plan: context.account.plan, known: index.plans.has(context.account.plan) });
  return { metric: metricId, usage, limit, percent: limit > 0 ? (usage * 100) / limit : 0 };
}

const DEFAULT_HYSTERESIS = 5;

/**
 * The highest ladder tier the reading has reached, with its index, and the reading. A tier that already showed to the account this
 * period keeps holding until the reading falls `hysteresis` percent below its threshold, so usage
 * hovering at the line does not flap. A tier dismissed by the account this period holds it and
 * every lower tier back until the period renews; a higher tier still shows.
 */
export function climbLadder(trigger: UsageTrigger, reading: Reading, state: RuleState | undefined, period: Period): { tier: Tier; index: number; reading: Reading } | Fail {
  const { tiers } = trigger;
  const slack = 1 - (trigger.hysteresis ?? DEFAULT_HYSTERESIS) / 100;
  let reached = -1;
  // A time that is absent (undefined) compares false: `undefined >= start` is never true.
  for (let i = 0; i < tiers.length; i++) {
    const { at, id } = tiers[i]!;
    const edge = ('percent' in at ? at.percent : at.value) * (own(state?.reached, id)! >= period.start ? slack : 1);
    if (('percent' in at ? reading.percent : reading.usage) >= edge) reached = i;
  }
  const tier = tiers[reached];
  if (!tier) {
    const first = FACTS && tiers[0]!.at;
    return fail(
      'usage.below_threshold',
      first && { metric: reading.metric, percent: Math.floor(reading.percent), usage: reading.usage, limit: reading.limit, first: 'percent' in first ? `${first.percent}%` : `${first.value}` },
    );
  }
  for (let i = reached; i < tiers.length; i++) {
    const at = own(state?.dismissed, tiers[i]!.id)!;
    if (at >= period.start) return fail('tier.dismissed', FACTS && { dismissedTier: tiers[i]!.id, at, renews: period.end }, tier.id);
  }
  return { tier, index: reached, reading };
}
