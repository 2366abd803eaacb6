import { HOLDOUT } from '../constants';
import type { Config } from '../schemas/config';
import type { ExposureEvent } from '../schemas/event';
import type { Reason } from './types';

/**
 * Reasons of rules that passed judging (`shown`, `experiment.holdout`, `experiment.global_holdout`,
 * `arbitration.outranked`, `budget.exhausted`): shown, or held back only by an experiment's
 * holdout, the global holdout, a higher-priority rule or the budget. Every arm is exposed at this
 * same point (intention to treat), so held-out people make a fair denominator against shown ones.
 */
const PASSED = /^(shown|experiment\.|arbitration|budget)/;

/** An exposure without its id, time and person. */
export type Exposure = Pick<ExposureEvent, 'ruleId' | 'variant' | 'tier' | 'surface' | 'trigger' | 'configVersion'>;

/**
 * The exposures a decision makes: one per rule that passed judging, in the holdout arm for either
 * holdout, else in the reason's variant (none for a rule's single unnamed arm). Surface and trigger
 * type are the rule's in `config`, the config the decision was made on.
 */
export function exposuresOf(config: Config, reasons: readonly Reason[]): Exposure[] {
  const out: Exposure[] = [];
  for (const r of reasons) {
    const rule = PASSED.test(r.code) && config.rules.find((x) => x.id === r.ruleId);
    if (!rule) continue;
    const variant = r.code.startsWith('exp') ? HOLDOUT : r.variant;
    out.push({
      ruleId: r.ruleId,
      ...(variant && { variant }),
      ...(r.tier && { tier: r.tier }),
      surface: rule.surface,
      trigger: rule.trigger.type,
      configVersion: config.version,
    });
  }
  return out;
}
