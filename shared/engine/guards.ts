import { FACTS } from './facts';
import { fail, type Fail } from './offer';
import type { Rule } from '../schemas/rule';
import type { RuleState } from '../schemas/state';
import { own } from './own';
import { DAY, daysSince } from './period';
import type { Scope } from './scope';
import type { Hit } from './triggers';

const WEEK = 7 * DAY;

// Defaults from the expansion playbook (the team's PLAYBOOK.md, "Guards"), as plain constants the
// bundler can inline.
export const ACCOUNT_AGE_DAYS = 90;
export const MIN_HEALTH = 40;
export const COOLDOWN_DAYS = 7;
export const SNOOZE_DAYS = 1;

/** Stands in for absent guards and frequency without allocating per rule. */
const NONE: Readonly<Record<string, undefined>> = {};

/** Usage fell by at least this share in each of the last two completed periods. */
const CONTRACTION = 0.05;

/** The metric whose usage fell in each of the last two completed billing periods, if any. */
export function contractingMetric(periods: Readonly<Record<string, readonly number[]>> | undefined): { metric: string; from: number; to: number } | null {
  for (const [metric, values] of Object.entries(periods ?? {})) {
    if (values.length < 3) continue;
    const [a, b, c] = values.slice(-3) as [number, number, number];
    if (b <= a * (1 - CONTRACTION) && c <= b * (1 - CONTRACTION)) return { metric, from: a, to: c };
  }
  return null;
}

/** The playbook's account guards: too new (unless the person asked), unhappy, contracting. */
export function guardFail(rule: Rule, scope: Scope, asked: boolean): Fail | null {
  const g = rule.guards ?? NONE;
  const { account } = scope.context;
  const minAge = g.accountAgeDays ?? ACCOUNT_AGE_DAYS;
  // Account facts are the same for every rule: worked out once per evaluation.
  const memo = scope.memo;
  const days = 'age' in memo ? memo.age : (memo.age = daysSince(account.createdAt, scope.now));
  // Absent numbers compare false: `undefined < 90` is never true.
  if (!asked && days! < minAge) return fail('guard.account_too_new', FACTS && { days: days!, min: minAge });
  const minHealth = g.minHealth ?? MIN_HEALTH;
  if (account.health! < minHealth) return fail('guard.unhealthy', FACTS && { health: account.health!, min: minHealth });
  if (g.openTickets !== false && account.openTickets! > 0) return fail('guard.open_tickets', FACTS && { count: account.openTickets! });
  if (g.contraction !== false) {
    const c = 'contracting' in memo ? memo.contracting : (memo.contracting = contractingMetric(scope.state.periods));
    if (c) return fail('guard.contracting', FACTS && c);
  }
  return null;
}

/** Per-person frequency: snooze, cooldown after a dismissal, and the impression cap. */
export function frequencyFail(rule: Rule, scope: Scope, rs: RuleState | undefined, hit: Hit): Fail | null {
  if (!rs) return null;
  const f = rule.frequency ?? NONE;
  const { now } = scope;
  const tier = hit.tier?.id;
  // An absent time makes the sum NaN, and NaN > now is false.
  const snoozeEnds = rs.snoozedAt! + (f.snoozeDays ?? SNOOZE_DAYS) * DAY;
  if (snoozeEnds > now) return fail('frequency.snoozed', FACTS && { until: snoozeEnds }, tier);
  if (hit.asked) return null;
  const cooldown = (f.cooldownDays ?? COOLDOWN_DAYS) * DAY;
  const until = rs.dismissedAt! + cooldown;
  if (until > now) {
    // The cooldown follows this person's own dismissal. A ladder escalating past every tier the
    // account dismissed within the cooldown is news, so it speaks anyway.
    const t = rule.trigger;
    if (t.type !== 'usage' || t.tiers.slice(hit.index).some((x) => own(rs.dismissed, x.id)! + cooldown > now)) return fail('frequency.cooldown', FACTS && { until }, tier);
  }
  if (f.cap) {
    const since = f.cap.per === 'day' ? now - DAY : f.cap.per === 'week' ? now - WEEK : scope.period.start;
    let shown = 0;
    for (const at of Array.isArray(rs.impressions) ? rs.impressions : []) if (at >= since && at <= now) shown++;
    if (shown >= f.cap.count) return fail('frequency.capped', FACTS && { shown, max: f.cap.count, per: f.cap.per }, tier);
  }
  return null;
}
