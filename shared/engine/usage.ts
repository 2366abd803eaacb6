import type { Context } from '../schemas/context';
import type { Tier, UsageTrigger } from '../schemas/rule';
import type { RuleState } from '../schemas/state';
import type { Period } from './period';
import type { ConfigIndex } from './config-index';
import { isoDate } from './period';
import { own } from './own';
import { thresholdOf } from './threshold';
import { ReasonCode } from './types';

export interface Reading {
  metric: { id: string; name: string };
  usage: number;
  limit: number;
  /** usage × 100 / limit, unrounded. Multiplying first keeps exact readings exact: 57 of 100 is 57, not 56.999…. */
  percent: number;
}

export type LadderResult =
  | { ok: true; tier: Tier; reading: Reading }
  | { ok: false; code: ReasonCode; message: string; tier?: string };

const pct = (n: number): string => `${Math.floor(n)}%`;

/** The metric's reading and its limit: the context's own limit wins over the plan's. */
export function readMetric(trigger: UsageTrigger, context: Context, index: ConfigIndex): Reading | { code: ReasonCode; message: string } {
  const id = trigger.metric;
  const usage = own(context.usage, id);
  if (usage === undefined) return { code: ReasonCode.noReading, message: `the context has no usage reading for "${id}"` };
  const plan = index.plans.get(context.account.plan);
  const limit = own(context.limits, id) ?? own(plan?.limits, id);
  if (limit === undefined || limit <= 0) {
    const where = plan ? `plan "${plan.id}" has no limit` : `plan "${context.account.plan}" is not in the catalog and the context gives no limit`;
    return { code: ReasonCode.noLimit, message: `${where} for "${id}"` };
  }
  const name = index.metrics.get(id)?.name ?? id;
  return { metric: { id, name }, usage, limit, percent: (usage * 100) / limit };
}

/**
 * The highest ladder tier the reading has reached, unless that tier or a higher one was dismissed
 * in the current billing period: a customer who waved away the urgent notice should not get the
 * milder one again the same month.
 */
export function climbLadder(trigger: UsageTrigger, reading: Reading, state: RuleState | undefined, period: Period): LadderResult {
  const { tiers } = trigger;
  let reached = -1;
  for (let i = 0; i < tiers.length; i++) {
    const at = tiers[i]!.at;
    if (('percent' in at ? reading.percent : reading.usage) >= thresholdOf(at)) reached = i;
  }
  const tier = tiers[reached];
  if (!tier) {
    const first = tiers[0];
    const start = first && ('percent' in first.at ? `${first.at.percent}%` : `${first.at.value}`);
    return {
      ok: false,
      code: ReasonCode.belowThreshold,
      message: `${reading.metric.id} is at ${pct(reading.percent)} of its limit (${reading.usage} of ${reading.limit}); the first tier starts at ${start}`,
    };
  }
  for (let i = reached; i < tiers.length; i++) {
    const later = tiers[i]!;
    const at = own(state?.dismissed, later.id);
    if (at !== undefined && at >= period.start) {
      return {
        ok: false,
        code: ReasonCode.dismissed,
        tier: tier.id,
        message: `tier "${later.id}" was dismissed on ${isoDate(at)}; tiers up to it stay hidden until the billing period renews on ${isoDate(period.end)}`,
      };
    }
  }
  return { ok: true, tier, reading };
}
