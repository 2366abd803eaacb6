import type { Catalog } from '../shared/schemas/catalog';
import type { Rule } from '../shared/schemas/rule';

/** A problem that does not stop a draft from being saved, but would surprise whoever publishes it. */
export interface LintWarning {
  code: string;
  message: string;
  path: (string | number)[];
}

/**
 * Warnings for one rule among the drafts: references the catalog cannot resolve (publishing would
 * fail), ladders that can never or always fire, and rules another rule shadows on the same surface.
 */
export function lintRule(rule: Rule, catalog: Catalog | null, others: readonly Rule[]): LintWarning[] {
  const warnings: LintWarning[] = [];
  const { trigger, offer } = rule;
  if (!catalog) {
    warnings.push({ code: 'catalog.missing', message: 'there is no draft catalog yet; publishing needs one', path: [] });
  } else {
    if (!catalog.metrics.some((m) => m.id === trigger.metric)) {
      warnings.push({ code: 'metric.unknown', message: `metric "${trigger.metric}" is not in the catalog`, path: ['trigger', 'metric'] });
    } else if (!catalog.plans.some((p) => p.limits[trigger.metric] !== undefined) && trigger.tiers.some((t) => 'percent' in t.at)) {
      warnings.push({ code: 'rule.never', message: `no plan limits "${trigger.metric}", so percentage tiers can only fire with limits from the context`, path: ['trigger', 'tiers'] });
    }
    if (offer.plan !== 'next' && !catalog.plans.some((p) => p.id === offer.plan)) {
      warnings.push({ code: 'plan.unknown', message: `plan "${offer.plan}" is not in the catalog`, path: ['offer', 'plan'] });
    }
    if (offer.plan === 'next' && catalog.nextSteps.length === 0) {
      warnings.push({ code: 'rule.never', message: 'the offer is the next step, but the catalog defines no next steps', path: ['offer', 'plan'] });
    }
  }
  const first = trigger.tiers[0];
  if (first && 'value' in first.at && first.at.value === 0) {
    warnings.push({ code: 'rule.always', message: 'the first tier fires at 0, so every account with a reading qualifies', path: ['trigger', 'tiers', 0, 'at'] });
  }
  if (rule.status === 'live') {
    for (const other of others) {
      if (other.id === rule.id || other.status !== 'live' || other.surface !== rule.surface || other.trigger.metric !== trigger.metric) continue;
      const wins = other.priority > rule.priority || (other.priority === rule.priority && other.id < rule.id);
      if (wins) {
        warnings.push({
          code: 'priority.shadowed',
          message: `live rule "${other.id}" (priority ${other.priority}) watches the same metric on the same surface and takes precedence whenever both match`,
          path: ['priority'],
        });
      }
    }
  }
  return warnings;
}
