import { FACTS } from './facts';
import { fail, type Fail } from './offer';
import type { Rule, Tier } from '../schemas/rule';
import type { RuleState } from '../schemas/state';
import { own } from './own';
import { DAY } from './period';
import type { Scope } from './scope';

import { climbLadder, readMetric, type Reading } from './usage';

const MINUTE = 60_000;

/** What a trigger that fired tells the rest of the evaluation. */
export interface Hit {
  tier?: Tier;
  /** The tier's place in its ladder. */
  index?: number;
  /** Absent, or undefined, when the trigger reads no metric or the metric has no limit. */
  reading?: Reading | undefined;
  /** The person asked (clicked a locked feature): no age guard, cooldown, cap or budget applies. */
  asked?: boolean;
  /** Extra template values: `count`, `value`, `days`. */
  vars?: Record<string, number>;
}

/** The `counts` key under which attempts at a locked feature are kept. */
export const gateCountKey = (feature: string): string => `upshift:gate:${feature}`;

/** A metric's reading, once per evaluation: many rules watch the same few metrics. */
function reading_(scope: Scope, metric: string, needLimit: boolean): Reading | Fail {
  const memo = (scope.memo.readings ??= new Map());
  const key = needLimit ? metric : `${metric}/value`;
  let r = memo.get(key);
  if (!r) memo.set(key, (r = readMetric(metric, scope.context, scope.limits, scope.index, needLimit)));
  return r;
}

/** Whether the rule's trigger fires now, and with what. */
export function fire(rule: Rule, scope: Scope, rs: RuleState | undefined): Hit | Fail {
  const { state, now } = scope;
  const t = rule.trigger;
  switch (t.type) {
    case 'usage': {
      // All tiers of a ladder use one kind of threshold: absolute values need no limit.
      const reading = reading_(scope, t.metric, 'percent' in t.tiers[0]!.at);
      return 'code' in reading ? reading : climbLadder(t, reading, rs, scope.period);
    }
    case 'feature': {
      if (scope.features.has(t.feature) || !scope.index.features.has(t.feature)) return fail('feature.not_locked', FACTS && { feature: t.feature });
      // The newest attempt, or -1.
      let attempt = -1;
      for (const at of scope.counts.get(gateCountKey(t.feature)) ?? []) if (at > attempt) attempt = at;
      const window = (t.withinMinutes ?? 30) * MINUTE;
      if (attempt < 0 || attempt < now - window) return fail('feature.no_attempt', FACTS && { feature: t.feature, minutes: window / MINUTE, last: attempt < 0 ? null : attempt });
      // A new attempt after a dismissal opens it again: the person is asking once more. (No
      // dismissal compares false: `undefined >= attempt` never holds.)
      if (rs?.dismissedAt! >= attempt) return fail('feature.dismissed', FACTS && { feature: t.feature, at: rs!.dismissedAt! });
      return { asked: true };
    }
    case 'event': {
      const since = now - t.withinDays * DAY;
      let count = 0;
      for (const at of scope.counts.get(t.event) ?? []) if (at >= since && at <= now) count++;
      return count >= t.count ? { vars: { count } } : fail('event.below_count', FACTS && { event: t.event, count, needed: t.count, days: t.withinDays });
    }
    case 'milestone': {
      if (rs?.clickedAt !== undefined || rs?.dismissedAt !== undefined) return fail('milestone.done', FACTS && { at: Math.max(rs.clickedAt ?? 0, rs.dismissedAt ?? 0) });
      const value = scope.read(t.attr);
      return typeof value === 'number' && value >= t.at
        ? { vars: { value } }
        : fail('milestone.not_reached', FACTS && { attr: t.attr, value: typeof value === 'number' ? value : null, at: t.at });
    }
    case 'forecast': {
      const f = own(state.forecast, t.metric);
      if (!f?.confident) return fail('forecast.none', FACTS && { metric: t.metric, reason: f ? 'uncertain' : 'none' });
      if (f.days > t.withinDays) return fail('forecast.too_far', FACTS && { metric: t.metric, days: Math.round(f.days), within: t.withinDays });
      const reading = reading_(scope, t.metric, true);
      return { reading: 'code' in reading ? undefined : reading, vars: { days: Math.round(f.days) } };
    }
    default:
      // A config from a newer server may carry trigger types this code does not know yet.
      return fail('trigger.unsupported', FACTS && { type: (t as { type: string }).type });
  }
}
