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
import { numberFormat } from './format';
import { frequencyFail, guardFail } from './guards';
import { own } from './own';
import { billingPeriod, parseTime } from './period';
import { createScope, type Scope } from './scope';
import { renderTemplate, withParams, type TemplateVars } from './template';
import { fire, type Hit } from './triggers';
import type { Decision, Prompt, Reason } from './types';

interface Candidate {
  rule: Rule;
  hit: Hit;
  offer: ResolvedOffer;
  variant?: string;
}

const DAY = 86_400_000;
export { GLOBAL_SEED } from './bucket';
/** The default global budget: one interruptive prompt a day, three a week. */
const BUDGET_DAY = 1;
const BUDGET_WEEK = 3;

// Runs once per rule per evaluation; the first failing check wins, cheapest and most general first.
function judge(rule: Rule, scope: Scope): Candidate | Fail {
  const { now, context } = scope;
  if (rule.status !== 'live') return fail('rule.inactive', FACTS && { status: rule.status });
  const start = parseTime(rule.schedule?.start);
  const end = parseTime(rule.schedule?.end);
  if (start !== undefined && now < start) return fail('schedule.not_started', FACTS && { start });
  if (end !== undefined && now >= end) return fail('schedule.ended', FACTS && { end });
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
  const tierIndex = hit.tier && rule.trigger.type === 'usage' ? rule.trigger.tiers.indexOf(hit.tier) : 0;
  const freq = frequencyFail(rule, scope, rs, hit, tierIndex);
  if (freq) return fail(freq.code, freq.params, hit.tier?.id);
  const a = ruleAssignment(rule, context.account.id);
  if (!a) return { rule, hit, offer };
  if (a.group === 'holdout') return fail('experiment.holdout', FACTS && { percent: rule.holdout ?? 0 }, hit.tier?.id);
  return a.variant ? { rule, hit, offer, variant: a.variant } : { rule, hit, offer };
}

/** Whether the global budget lets `ruleId` interrupt: a rule already shown in the window is already paid for. */
function budgetCheck(config: Config, scope: Scope): (ruleId: string) => Fail | null {
  const budget = config.settings?.budget;
  const limits = { day: budget?.day ?? BUDGET_DAY, week: budget?.week ?? BUDGET_WEEK };
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
    if (!today.has(ruleId) && today.size >= limits.day) return fail('budget.exhausted', FACTS && { shown: today.size, max: limits.day, per: 'day' });
    if (!week.has(ruleId) && week.size >= limits.week) return fail('budget.exhausted', FACTS && { shown: week.size, max: limits.week, per: 'week' });
    return null;
  };
}

function toPrompt(c: Candidate, config: Config, scope: Scope): Prompt | null {
  const { rule, hit, offer, variant } = c;
  const { context, index } = scope;
  const content = pickCopy(rule, hit.tier, variant, context.user.locale);
  if (!content) return null;
  const t = rule.trigger;
  const feature = index.features.get(t.type === 'feature' ? t.feature : (offer.feature ?? ''));
  const item = offer.type === 'trial' ? feature : offer.item;
  const plan = offer.type === 'upgrade' ? offer.item : offer.plan;
  const link = offer.type === 'contact_sales' ? config.catalog.salesUrl : offer.type === 'trial' ? undefined : offer.item?.checkoutUrl;
  const r = hit.reading;
  const percent = r && Math.floor(r.percent);
  const metricName = r && (index.metrics.get(r.metric)?.name ?? r.metric);
  const p: Prompt = {
    ruleId: rule.id,
    tone: hit.tier?.tone ?? rule.tone ?? 'recommend',
    surface: rule.surface,
    configVersion: config.version,
    content,
    offer: {
      type: offer.type,
      ...(item && { id: item.id, name: item.name }),
      ...(plan && { plan: { id: plan.id, name: plan.name } }),
      ...(offer.days && { days: offer.days }),
      ...(link && { href: withParams(link, { upshift_rule: rule.id, upshift_variant: variant, upshift_tier: hit.tier?.id }) }),
    },
    ...(hit.tier && { tier: hit.tier.id }),
    ...(variant && { variant }),
    ...(rule.surface === 'inline' && rule.slot && { slot: rule.slot }),
    ...(feature && { feature }),
    ...(r && { metric: r.limit > 0 ? { id: r.metric, name: metricName!, usage: r.usage, limit: r.limit, percent: percent! } : { id: r.metric, name: metricName!, usage: r.usage } }),
  };
  const f = own(scope.state.forecast, r?.metric ?? ('metric' in t ? t.metric : ''));
  const current = index.plans.get(context.account.plan);
  const vars = {
    ...hit.vars,
    plan: { id: context.account.plan, name: current?.name ?? context.account.plan },
    offer: p.offer,
    feature,
    ...(r && { usage: r.usage, metric: metricName }),
    ...(r && r.limit > 0 && { limit: r.limit, remaining: Math.max(0, r.limit - r.usage), percent }),
    ...(f?.confident && { forecast: { days: Math.round(f.days), weeks: f.weeks } }),
  } as unknown as TemplateVars;
  const format = numberFormat(context.user.locale);
  const fill = (text: string) => renderTemplate(text, vars, (n) => format.format(n));
  p.content = { title: fill(content.title), body: fill(content.body), cta: fill(content.cta) };
  return p;
}

/** Where a prompt competes: all interruptive surfaces share one place; each slot and each feature panel is its own. */
function placeOf(rule: Rule): string {
  if (INTERRUPTIVE.has(rule.surface)) return '';
  return rule.surface === 'inline' ? `inline:${rule.slot ?? ''}` : `panel:${rule.trigger.type === 'feature' ? rule.trigger.feature : ''}`;
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
  const scope = createScope(index, context, state, now, billingPeriod(now, parseTime(context.account.periodStart)));
  const held = inGlobalHoldout(config.settings?.holdout, context.account.id);
  let budget: ((ruleId: string) => Fail | null) | undefined;
  const taken = new Map<string, Rule>();
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
    if (!('rule' in outcome)) {
      const r: Reason = { ruleId: rule.id, code: outcome.code };
      if (outcome.params) r.params = outcome.params;
      if (outcome.tier !== undefined) r.tier = outcome.tier;
      reasons.push(r);
      continue;
    }
    // One reason object per rule, filled in place: this loop runs for every rule on every evaluation.
    const r: Reason = { ruleId: rule.id, code: 'shown' };
    reasons.push(r);
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
      if (spent.params) r.params = spent.params;
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
