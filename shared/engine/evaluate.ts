import { FACTS } from './facts';
import { fail, resolveOffer, type Fail, type ResolvedOffer } from './offer';
import type { Config } from '../schemas/config';
import type { Context } from '../schemas/context';
import type { Rule } from '../schemas/rule';
import type { State } from '../schemas/state';
import { inGlobalHoldout, ruleAssignment } from './bucket';
import { miss } from './condition';
import { indexConfig, INTERRUPTIVE } from './config-index';
import { pickCopy } from './content';
import { formatsFor } from './format';
import { frequencyFail, guardFail } from './guards';
import { own } from './own';
import { billingPeriod, DAY } from './period';
import { createScope, type Scope } from './scope';
import { renderTemplate, withParams, type TemplateVars } from './template';
import { fire, type Hit } from './triggers';
import type { Decision, Prompt, Reason } from './types';

interface Candidate {
  rule: Rule;
  hit: Hit;
  offer: ResolvedOffer;
  variant: string | undefined;
}

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

function toPrompt(c: Candidate, config: Config, scope: Scope): Prompt | null {
  const { rule, hit, offer, variant } = c;
  const { context, index, now } = scope;
  const copy = pickCopy(rule, hit.tier, variant, context.user.locale);
  if (!copy) return null;
  const t = rule.trigger;
  const tier = hit.tier?.id;
  const feature = index.features.get(t.type === 'feature' ? t.feature : offer.feature!);
  const item = offer.type === 'trial' ? feature : offer.item;
  const plan = offer.type === 'upgrade' ? offer.item : offer.plan;
  // Trials have no item, so no link.
  const link = offer.type === 'contact_sales' ? config.catalog.salesUrl : offer.item?.checkoutUrl;
  const o: Prompt['offer'] = {
    type: offer.type,
    ...(item && { id: item.id, name: item.name }),
    ...(plan && { plan: { id: plan.id, name: plan.name } }),
    ...(offer.days && { days: offer.days }),
    ...(link && { href: withParams(link, { upshift_rule: rule.id, upshift_variant: variant, upshift_tier: tier }) }),
  };
  const r = hit.reading;
  const limited = r && r.limit > 0;
  const percent = r && Math.floor(r.percent);
  const name = r && (index.metrics.get(r.metric)?.name ?? r.metric);
  // A reading is always of the trigger's own metric.
  const f = own(scope.state.forecast, 'metric' in t ? t.metric : undefined);
  const days = f && Math.round(f.days);
  const { number, percent: ratio, date } = formatsFor(context.user.locale);
  // Constant keys first, so the engine builds the object from one template; spreads after.
  const vars = {
    plan: { id: context.account.plan, name: scope.plan?.name ?? context.account.plan },
    offer: o,
    feature,
    // `{{usage.seats}}` reads any metric, `{{usage}}` the rule's own (see TemplateVars).
    usage: context.usage,
    limits: scope.limits,
    '': { usage: r?.usage },
    metric: name,
    ...hit.vars,
    ...(limited && { limit: r.limit, remaining: Math.max(0, r.limit - r.usage), percent: ratio.format(percent! / 100) }),
    // Formatting a date is slow, and most copy names none: only when read.
    ...(f?.confident && {
      forecast: {
        days,
        weeks: f.weeks,
        get date() {
          return date.format(now + days! * DAY);
        },
      },
    }),
  } as TemplateVars;
  const fill = (text: string) => renderTemplate(text, vars, number.format);
  return {
    ruleId: rule.id,
    tone: hit.tier?.tone ?? rule.tone ?? 'recommend',
    surface: rule.surface,
    configVersion: config.version,
    content: { title: fill(copy.title), body: fill(copy.body), cta: fill(copy.cta) },
    offer: o,
    ...(tier && { tier }),
    ...(variant && { variant }),
    ...(rule.surface === 'banner' && { position: rule.position ?? 'bottom' }),
    ...(rule.surface === 'inline' && rule.slot && { slot: rule.slot }),
    ...(feature && { feature }),
    ...(r && { metric: { id: r.metric, name: name!, usage: r.usage, ...(limited && { limit: r.limit, percent: percent! }) } }),
  };
}

/** Where a prompt competes: all interruptive surfaces share one place; each slot and each feature panel is its own. */
function placeOf(rule: Rule): string | undefined {
  if (INTERRUPTIVE.has(rule.surface)) return '';
  // A slot is its own key: a Key never starts with ":", never is "", and the rule's own string is
  // hashed once, not rebuilt for every rule on every evaluation. (An inline rule always names one.)
  return rule.surface === 'inline' ? rule.slot : `:${rule.trigger.type === 'feature' ? rule.trigger.feature : ''}`;
}

/**
 * Decides which prompts, if any, to show this person now, and why every other rule did not show.
 * Pure: the clock (`now`, epoch ms) and the person's history (`state`) are passed in, and the same
 * inputs always give the same decision. At most one interruptive prompt wins: the highest priority,
 * then the most specific audience, then the rule id. Inline slots and feature panels are decided
 * the same way, each on its own.
 */
export function evaluate(config: Config, context: Context, state: State, now: number): Decision {
  const index = indexConfig(config);
  const scope = createScope(index, context, state, now, billingPeriod(now, Date.parse(context.account.periodStart as string)));
  const held = inGlobalHoldout(config.settings?.holdout, context.account.id);
  let budget: ((ruleId: string) => Fail | null) | undefined;
  const taken = new Map<string | undefined, Rule>();
  const reasons: Reason[] = [];
  let prompt: Prompt | null = null;
  const placed: Prompt[] = [];
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
    let p: Prompt | null = null;
    try {
      p = toPrompt(outcome, config, scope);
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
    if (FACTS) r.params = p.metric?.percent !== undefined ? { tone: p.tone, surface: p.surface, metric: p.metric.id, percent: p.metric.percent } : { tone: p.tone, surface: p.surface };
  }
  return { prompt, placed, reasons };
}
