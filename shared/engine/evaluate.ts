import type { Plan } from '../schemas/catalog';
import type { Config } from '../schemas/config';
import type { Context } from '../schemas/context';
import type { Rule, Tier } from '../schemas/rule';
import type { State } from '../schemas/state';
import { indexConfig, type ConfigIndex } from './config-index';
import { numberFormat } from './format';
import { resolveOffer } from './offer';
import { billingPeriod, parseTime, type Period } from './period';
import { renderTemplate, withParams, type TemplateVars } from './template';
import type { Decision, Prompt, Reason } from './types';
import { ReasonCode } from './types';
import { own } from './own';
import { climbLadder, readMetric, type Reading } from './usage';

interface Candidate {
  rule: Rule;
  tier: Tier;
  plan: Plan;
  reading: Reading;
}

/** What one evaluation shares across its rules: computed once, not once per rule. */
interface Scope {
  index: ConfigIndex;
  context: Context;
  state: State;
  period: Period;
}

function fail(rule: Rule, code: Reason['code'], message: string, tier?: string): Reason {
  return tier === undefined ? { ruleId: rule.id, code, message } : { ruleId: rule.id, code, message, tier };
}

// Runs once per rule per evaluation: no closures are created here, and the first failing check wins.
function judge(rule: Rule, { index, context, state, period }: Scope): Candidate | Reason {
  if (rule.status !== 'live') return fail(rule, ReasonCode.inactive, `the rule is ${rule.status}; only live rules show`);
  // A config from a newer server may carry trigger types this code does not know yet.
  const type: string = rule.trigger.type;
  if (type !== 'usage') return fail(rule, ReasonCode.unsupported, `trigger type "${type}" is not supported by this version`);
  const offer = resolveOffer(rule.offer, context, index);
  if (!offer.ok) return fail(rule, offer.code, offer.message);
  const reading = readMetric(rule.trigger, context, index);
  if ('code' in reading) return fail(rule, reading.code, reading.message);
  const ladder = climbLadder(rule.trigger, reading, own(state.rules, rule.id), period);
  if (!ladder.ok) return fail(rule, ladder.code, ladder.message, ladder.tier);
  return { rule, tier: ladder.tier, plan: offer.plan, reading };
}

function toPrompt(c: Candidate, config: Config, context: Context, index: ConfigIndex): Prompt {
  const format = numberFormat(context.user.locale);
  const currentPlan = index.plans.get(context.account.plan);
  const percent = Math.floor(c.reading.percent);
  const vars: TemplateVars = {
    usage: c.reading.usage,
    limit: c.reading.limit,
    remaining: Math.max(0, c.reading.limit - c.reading.usage),
    percent,
    metric: c.reading.metric.name,
    plan: { id: context.account.plan, name: currentPlan?.name ?? context.account.plan },
    offer: { plan: { id: c.plan.id, name: c.plan.name } },
  };
  const fill = (text: string) => renderTemplate(text, vars, (n) => format.format(n));
  const { content } = c.tier;
  const href = c.plan.checkoutUrl && withParams(c.plan.checkoutUrl, { upshift_rule: c.rule.id, upshift_tier: c.tier.id });
  return {
    ruleId: c.rule.id,
    tier: c.tier.id,
    tone: c.tier.tone,
    surface: c.rule.surface,
    configVersion: config.version,
    content: { title: fill(content.title), body: fill(content.body), cta: fill(content.cta) },
    offer: href ? { type: 'upgrade', plan: { id: c.plan.id, name: c.plan.name }, href } : { type: 'upgrade', plan: { id: c.plan.id, name: c.plan.name } },
    metric: { id: c.reading.metric.id, name: c.reading.metric.name, usage: c.reading.usage, limit: c.reading.limit, percent },
  };
}

/**
 * Decides which prompt, if any, to show this person now, and why every other rule did not show.
 * Pure: the clock (`now`, epoch ms) and the person's history (`state`) are passed in, and the
 * same inputs always give the same decision. At most one rule wins the surface: the highest
 * priority, ties broken by rule id.
 */
export function evaluate(config: Config, context: Context, state: State, now: number): Decision {
  const reasons: Reason[] = [];
  let winner: Candidate | undefined;
  const index = indexConfig(config);
  const scope: Scope = { index, context, state, period: billingPeriod(now, parseTime(context.account.periodStart)) };
  for (const rule of index.rules) {
    const outcome = judge(rule, scope);
    if ('code' in outcome) {
      reasons.push(outcome);
    } else if (winner) {
      reasons.push({
        ruleId: rule.id,
        code: ReasonCode.outranked,
        tier: outcome.tier.id,
        message: `rule "${winner.rule.id}" (priority ${winner.rule.priority}) takes the ${rule.surface} first`,
      });
    } else {
      winner = outcome;
      reasons.push({
        ruleId: rule.id,
        code: ReasonCode.shown,
        tier: outcome.tier.id,
        message: `${outcome.reading.metric.id} is at ${Math.floor(outcome.reading.percent)}% of its limit; tier "${outcome.tier.id}" (${outcome.tier.tone}) shows`,
      });
    }
  }
  return { prompt: winner ? toPrompt(winner, config, context, index) : null, reasons };
}
