import { inGlobalHoldout, ruleAssignment } from '../../shared/engine/bucket';
import type { Config } from '../../shared/schemas/config';
import type { State } from '../../shared/schemas/state';

export type Experiments = NonNullable<State['experiments']>;

/**
 * Where bucketing puts the account under `config`, by the engine's own functions
 * (shared/engine/bucket.ts): the global holdout, and for each live rule that runs an experiment
 * (a holdout or variants) its variant or its holdout. A rule with one unnamed arm that keeps the account gets no
 * entry, as the engine reports no variant for it. Rule ids may be "constructor": built with a Map.
 */
export function accountExperiments(config: Config, accountId: string): Experiments {
  const rules = new Map<string, Experiments['rules'][string]>();
  for (const rule of config.rules) {
    const a = rule.status === 'live' ? ruleAssignment(rule, accountId) : null;
    if (!a) continue;
    if (a.group === 'holdout') rules.set(rule.id, { holdout: true });
    else if (a.variant) rules.set(rule.id, { variant: a.variant });
  }
  return { holdout: inGlobalHoldout(config.settings?.holdout, accountId), rules: Object.fromEntries(rules) };
}
