import { attributeType } from '../../shared/engine/attributes';
import { conditionIssues, leafCount } from '../../shared/engine/condition';
import { INTERRUPTIVE } from '../../shared/engine/surfaces';
import type { Catalog } from '../../shared/schemas/catalog';
import type { Rule } from '../../shared/schemas/rule';
import { verdict } from './condition-lint';

/** A problem that does not stop a draft from being saved, but would surprise whoever publishes it. */
export interface LintWarning {
  code: string;
  message: string;
  path: (string | number)[];
}

/** A problem that makes a rule invalid: an unknown attribute or an operator that does not fit it. */
export interface RuleIssue {
  path: (string | number)[];
  message: string;
}

/**
 * A ladder warns before the limit (the playbook's 70, 85 and 95 %): a tier above 100 % would first
 * speak when the account is already over its limit, the surprise the ladder exists to prevent. The
 * schema still reads such tiers (up to 1000 %) so configs published before this check keep working.
 */
export const MAX_LADDER_PERCENT = 100;
const OVER_LIMIT = `a ladder warns before the limit, so a percentage threshold is at most ${MAX_LADDER_PERCENT} % (above it the account is already over its limit); use a value threshold to speak after the limit`;

/** The guards a rule can override; each override says why in `guards.reasons`. */
const GUARD_KEYS = ['accountAgeDays', 'minHealth', 'openTickets', 'contraction', 'owned'] as const;

/**
 * Errors the schema alone cannot see: conditions naming attributes that do not exist, or comparing
 * them with an operator of the wrong type; a milestone on something that is not a number. Metric
 * attributes are checked against `catalog` when there is one.
 */
export function ruleIssues(rule: Rule, catalog: Catalog | null): RuleIssue[] {
  const issues: RuleIssue[] = rule.audience ? conditionIssues(rule.audience, catalog, ['audience']) : [];
  if (rule.trigger.type === 'usage') {
    rule.trigger.tiers.forEach((tier, i) => {
      if ('percent' in tier.at && tier.at.percent > MAX_LADDER_PERCENT) issues.push({ path: ['trigger', 'tiers', i, 'at', 'percent'], message: OVER_LIMIT });
    });
  }
  if (rule.trigger.type === 'milestone') {
    const type = attributeType(rule.trigger.attr, catalog);
    if (type === null) issues.push({ path: ['trigger', 'attr'], message: `unknown attribute "${rule.trigger.attr}"` });
    else if (type !== 'number' && type !== 'any') issues.push({ path: ['trigger', 'attr'], message: `a milestone needs a number; ${rule.trigger.attr} is a ${type}` });
  }
  return issues;
}

/** Errors in the catalog's next-step segments, with their paths. */
export function catalogIssues(catalog: Catalog): RuleIssue[] {
  return catalog.nextSteps.flatMap((step, i) => (step.segment ? conditionIssues(step.segment, catalog, ['nextSteps', i, 'segment']) : []));
}

/** References the catalog must resolve before a rule can be published. */
function references(rule: Rule, catalog: Catalog): LintWarning[] {
  const out: LintWarning[] = [];
  const { trigger, offer } = rule;
  const metric = trigger.type === 'usage' || trigger.type === 'forecast' ? trigger.metric : null;
  if (metric !== null && !catalog.metrics.some((m) => m.id === metric)) {
    out.push({ code: 'metric.unknown', message: `metric "${metric}" is not in the catalog`, path: ['trigger', 'metric'] });
  }
  if (trigger.type === 'feature' && !catalog.features.some((f) => f.id === trigger.feature)) {
    out.push({ code: 'feature.unknown', message: `feature "${trigger.feature}" is not in the catalog`, path: ['trigger', 'feature'] });
  }
  if (offer.type === 'upgrade' && offer.plan !== 'next' && !catalog.plans.some((p) => p.id === offer.plan)) {
    out.push({ code: 'plan.unknown', message: `plan "${offer.plan}" is not in the catalog`, path: ['offer', 'plan'] });
  }
  if ((offer.type === 'addon' || offer.type === 'seats') && !(catalog.addons ?? []).some((a) => a.id === offer.addon)) {
    out.push({ code: 'addon.unknown', message: `add-on "${offer.addon}" is not in the catalog`, path: ['offer', 'addon'] });
  }
  if (offer.type === 'trial' && !catalog.features.some((f) => f.id === offer.feature)) {
    out.push({ code: 'feature.unknown', message: `feature "${offer.feature}" is not in the catalog`, path: ['offer', 'feature'] });
  }
  return out;
}

/** Lint codes that block publishing: the published config would reference nothing. */
export const BLOCKING = new Set(['metric.unknown', 'feature.unknown', 'plan.unknown', 'addon.unknown']);

const place = (r: Rule): string => (INTERRUPTIVE[r.surface] ? 'interruptive' : r.surface === 'inline' ? `inline:${r.slot ?? ''}` : `panel:${r.trigger.type === 'feature' ? r.trigger.feature : ''}`);
const triggerKey = (r: Rule): string => {
  const t = r.trigger;
  return `${t.type}:${t.type === 'usage' || t.type === 'forecast' ? t.metric : t.type === 'feature' ? t.feature : t.type === 'event' ? t.event : t.attr}`;
};

/** How many comparisons a rule's audience makes: the engine's tie-break after priority. */
const specificity = (r: Rule): number => (r.audience ? leafCount(r.audience) : 0);

/** Whether `a` goes before `b` in the engine's arbitration: higher priority, then more specific, then the lower id. */
const outranks = (a: Rule, b: Rule): boolean => {
  if (a.priority !== b.priority) return a.priority > b.priority;
  const sa = specificity(a);
  const sb = specificity(b);
  return sa !== sb ? sa > sb : a.id < b.id;
};

/**
 * Warnings for one rule among the drafts: references the catalog cannot resolve (publishing would
 * fail), rules that can never or always fire, and rules another rule shadows on the same place.
 */
export function lintRule(rule: Rule, catalog: Catalog | null, others: readonly Rule[], now = Date.now()): LintWarning[] {
  const warnings: LintWarning[] = [];
  const { trigger, offer } = rule;
  if (!catalog) {
    warnings.push({ code: 'catalog.missing', message: 'there is no draft catalog yet; publishing needs one', path: [] });
  } else {
    warnings.push(...references(rule, catalog));
    // A limit may come from a plan or from an add-on (a seat pack); with neither, only a context's own limits can help.
    const limited = (m: string) => catalog.plans.some((p) => Object.hasOwn(p.limits, m)) || (catalog.addons ?? []).some((a) => a.limits !== undefined && Object.hasOwn(a.limits, m));
    if (trigger.type === 'usage' && catalog.metrics.some((m) => m.id === trigger.metric) && !limited(trigger.metric) && trigger.tiers.some((t) => 'percent' in t.at)) {
      warnings.push({ code: 'rule.never', message: `no plan or add-on limits "${trigger.metric}", so percentage tiers can only fire with limits from the context`, path: ['trigger', 'tiers'] });
    }
    if (offer.type === 'upgrade' && offer.plan === 'next' && catalog.nextSteps.length === 0) {
      warnings.push({ code: 'rule.never', message: 'the offer is the next step, but the catalog defines no next steps', path: ['offer', 'plan'] });
    }
    if (trigger.type === 'feature' && catalog.plans.every((p) => p.features.includes(trigger.feature))) {
      warnings.push({ code: 'rule.never', message: `every plan includes "${trigger.feature}", so it is never locked`, path: ['trigger', 'feature'] });
    }
  }
  if (rule.audience) {
    const v = verdict(rule.audience);
    if (v === 'never') warnings.push({ code: 'rule.never', message: 'the audience can never match: its conditions contradict each other', path: ['audience'] });
    if (v === 'always') warnings.push({ code: 'rule.always', message: 'the audience matches every account; leave it out, or narrow it', path: ['audience'] });
  }
  const first = trigger.type === 'usage' ? trigger.tiers[0] : undefined;
  if (first && 'value' in first.at && first.at.value === 0) {
    warnings.push({ code: 'rule.always', message: 'the first tier fires at 0, so every account with a reading qualifies', path: ['trigger', 'tiers', 0, 'at'] });
  }
  if (trigger.type === 'milestone' && trigger.at <= 0) {
    warnings.push({ code: 'rule.always', message: 'the milestone is at 0 or below, so every account with the attribute has reached it', path: ['trigger', 'at'] });
  }
  for (const key of GUARD_KEYS) {
    if (rule.guards?.[key] !== undefined && !rule.guards.reasons?.[key]?.trim()) {
      warnings.push({ code: 'guard.no_reason', message: `this rule overrides the default guard "${key}" without saying why (guards.reasons.${key})`, path: ['guards', key] });
    }
  }
  if (rule.holdout === 100) warnings.push({ code: 'rule.never', message: 'the holdout is 100 %, so nobody sees this rule', path: ['holdout'] });
  const end = rule.schedule?.end ? Date.parse(rule.schedule.end) : NaN;
  if (end <= now) warnings.push({ code: 'rule.never', message: `the schedule ended on ${rule.schedule!.end}`, path: ['schedule', 'end'] });
  if (rule.status === 'live') {
    for (const other of others) {
      if (other.id === rule.id || other.status !== 'live' || place(other) !== place(rule)) continue;
      // Shadowed: the other rule goes first and fires on the same signal for a superset of this audience.
      const covers = !other.audience || JSON.stringify(other.audience) === JSON.stringify(rule.audience);
      if (outranks(other, rule) && triggerKey(other) === triggerKey(rule) && covers) {
        warnings.push({
          code: 'priority.shadowed',
          message: `live rule "${other.id}" (priority ${other.priority}) fires on the same signal for the same or a wider audience on the same surface, so this rule can never show`,
          path: ['priority'],
        });
      }
    }
  }
  return warnings;
}
