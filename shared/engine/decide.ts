import { FACTS } from './facts';
import { fail, resolveOffer, type Fail } from './offer';
import type { Config } from '../schemas/config';
import type { Context } from '../schemas/context';
import type { Rule } from '../schemas/rule';
import type { State } from '../schemas/state';
import { inGlobalHoldout, ruleAssignment } from './bucket';
import { miss } from './condition';
import { indexConfig } from './config-index';
import { INTERRUPTIVE } from './surfaces';
import { pickCopy } from './content';
import { frequencyFail, guardFail } from './guards';
import { billingPeriod, DAY } from './period';
import { createScope, type Scope } from './scope';
import { fire } from './triggers';
import { wording, type Candidate } from './wording';
import type { Decision, Picked, Reason } from './types';

export { GLOBAL_SEED } from './bucket';
/** The default global budget: one interruptive prompt a day, three a week. */
const BUDGET_DAY = 1;
const BUDGET_WEEK = 3;

// Runs once per rule per evaluation; the first failing check wins, cheapest and most general first.
function judge(rule: Rule, scope: Scope): Candidate | Fail {
  const { now, context } = scope;
  if (rule.status !== 'live') return fail('rule.inactive', FACTS && { status: rule.status });
  const s = rule.schedule;
  if (s) {
    // NaN when absent, and every comparison with NaN is false.
    const start = Date.parse(s.start as string);
    const end = Date.parse(s.end as string);
    if (now < start) return fail('schedule.not_started', FACTS && { start });
    if (now >= end) return fail('schedule.ended', FACTS && { end });
  }
  const offer = resolveOffer(rule.offer, scope, rule.guards?.owned !== false);
  if ('code' in offer) return offer;
  if (rule.audience) {
    const m = miss(rule.audience, scope.read, now);
    if (m) {
      return fail(
        'audience.miss',
        FACTS && {
          attr: m.leaf.attr,
          op: m.leaf.op,
          value: m.leaf.value === undefined ? null : JSON.stringify(m.leaf.value),
          actual: m.actual === undefined ? null : typeof m.actual === 'object' ? JSON.stringify(m.actual) : (m.actual as string | number | boolean | null),
        },
      );
    }
  }
  const asked = rule.trigger.type === 'feature';
  const guard = guardFail(rule, scope, asked);
  if (guard) return guard;
  const rs = scope.rules.get(rule.id);
  const hit = fire(rule, scope, rs);
  if ('code' in hit) return hit;
  const freq = frequencyFail(rule, scope, rs, hit);
  if (freq) return freq;
  const a = ruleAssignment(rule, context.account.id);
  if (a?.group === 'holdout') return fail('experiment.holdout', FACTS && { percent: rule.holdout ?? 0 }, hit.tier?.id);
  // The single unnamed arm ("") is no variant.
  return { rule, hit, offer, variant: a?.variant || undefined };
}

/** Whether the global budget lets `ruleId` interrupt: a rule already shown in the window is already paid for. */
function budgetCheck(config: Config, scope: Scope): (ruleId: string) => Fail | null {
  const budget = config.settings?.budget;
  const perDay = budget?.day ?? BUDGET_DAY;
  const perWeek = budget?.week ?? BUDGET_WEEK;
  const { now } = scope;
  const today = new Set<string>();
  const week = new Set<string>();
  for (const [id, rs] of scope.rules) {
    if (scope.index.exempt.has(id)) continue;
    for (const at of Array.isArray(rs.impressions) ? rs.impressions : []) {
      if (at > now) continue;
      if (at >= now - DAY) today.add(id);
      if (at >= now - 7 * DAY) week.add(id);
    }
  }
  return (ruleId) => {
    if (!today.has(ruleId) && today.size >= perDay) return fail('budget.exhausted', FACTS && { shown: today.size, max: perDay, per: 'day' });
    if (!week.has(ruleId) && week.size >= perWeek) return fail('budget.exhausted', FACTS && { shown: week.size, max: perWeek, per: 'week' });
    return null;
  };
}

/**
 * A winning rule as the decision places it: what shows where, in which tone, for which tier and
 * variant, and what it is about. Its words (copy in the person's language and numbers, the offer
 * and its link, the usage meter) are filled in by `render()`, from what `wording` keeps for it.
 * Null when the rule has no copy for this tier and variant.
 */
function pick(c: Candidate, config: Config, scope: Scope): Picked | null {
  const { rule, hit, offer, variant } = c;
  const copy = pickCopy(rule, hit.tier, variant, scope.context.user.locale);
  // Copy that is not text cannot be rendered: the place goes to the next rule.
  if (!copy || typeof copy.title !== 'string' || typeof copy.body !== 'string' || typeof copy.cta !== 'string') return null;
  const t = rule.trigger;
  const tier = hit.tier?.id;
  const feature = scope.index.features.get(t.type === 'feature' ? t.feature : offer.feature!);
  const p: Picked = {
    ruleId: rule.id,
    surface: rule.surface,
    configVersion: config.version,
    ...(tier && { tier }),
    ...(hit.asked && { asked: true as const }),
    ...(variant && { variant }),
    ...(rule.surface === 'inline' && rule.slot && { slot: rule.slot }),
    ...(feature && { feature }),
  };
  wording.set(p, { c, config, scope, copy, feature });
  return p;
}

/** Where a prompt competes: all interruptive surfaces share one place; each slot and each feature panel is its own. */
function placeOf(rule: Rule): string | undefined {
  if (INTERRUPTIVE[rule.surface]) return '';
  // A slot is its own key: a Key never starts with ":", never is "", and the rule's own string is
  // hashed once, not rebuilt for every rule on every evaluation. (An inline rule always names one.)
  return rule.surface === 'inline' ? rule.slot : `:${rule.trigger.type === 'feature' ? rule.trigger.feature : ''}`;
}

/**
 * Decides which prompts, if any, to show this person now, and why every other rule did not show.
 * Pure: the clock (`now`, epoch ms) and the person's history (`state`) are passed in, and the same
 * inputs always give the same decision. At most one interruptive prompt wins: the highest priority,
 * then the most specific audience, then the rule id. Inline slots and feature panels are decided
 * the same way, each on its own. The prompts come without their words: `render()` fills those in
 * (`evaluate()` does both), so upshift.js decides without the code that words a prompt.
 */
export function decide(config: Config, context: Context, state: State, now: number): Decision<Picked> {
  const index = indexConfig(config);
  const scope = createScope(index, context, state, now, billingPeriod(now, Date.parse(context.account.periodStart as string)));
  const held = inGlobalHoldout(config.settings?.holdout, context.account.id);
  let budget: ((ruleId: string) => Fail | null) | undefined;
  const taken = new Map<string | undefined, Rule>();
  const reasons: Reason[] = [];
  let prompt: Picked | null = null;
  const placed: Picked[] = [];
  for (const rule of index.rules) {
    let outcome: Candidate | Fail;
    try {
      outcome = judge(rule, scope);
    } catch {
      // A rule the widget's light guards let through but the engine cannot read: it alone is skipped.
      outcome = { code: 'rule.invalid' };
    }
    // One reason object per rule, filled in place: this loop runs for every rule on every evaluation.
    const r: Reason = { ruleId: rule.id, code: 'rule' in outcome ? 'shown' : outcome.code };
    reasons.push(r);
    if (!('rule' in outcome)) {
      if (FACTS && outcome.params) r.params = outcome.params;
      if (outcome.tier !== undefined) r.tier = outcome.tier;
      continue;
    }
    if (outcome.hit.tier) r.tier = outcome.hit.tier.id;
    if (outcome.variant) r.variant = outcome.variant;
    if (held) {
      r.code = 'experiment.global_holdout';
      if (FACTS) r.params = { percent: config.settings?.holdout ?? 0 };
      continue;
    }
    const place = placeOf(rule);
    const winner = taken.get(place);
    if (winner) {
      r.code = 'arbitration.outranked';
      if (FACTS) r.params = { by: winner.id, priority: winner.priority, surface: rule.surface };
      continue;
    }
    const spent = place === '' && !outcome.hit.asked ? (budget ??= budgetCheck(config, scope))(rule.id) : null;
    if (spent) {
      r.code = spent.code;
      if (FACTS) r.params = spent.params!;
      continue;
    }
    let p: Picked | null = null;
    try {
      p = pick(outcome, config, scope);
    } catch {
      // Reported below as missing copy.
    }
    if (!p) {
      r.code = 'trigger.unsupported';
      if (FACTS) r.params = { type: 'content' };
      continue;
    }
    taken.set(place, rule);
    if (place === '') prompt = p;
    else placed.push(p);
    if (FACTS) {
      const { reading, tier } = outcome.hit;
      const tone = tier?.tone ?? rule.tone ?? 'recommend';
      r.params = reading && reading.limit > 0 ? { tone, surface: p.surface, metric: reading.metric, percent: Math.floor(reading.percent) } : { tone, surface: p.surface };
    }
  }
  return { prompt, placed, reasons };
}
