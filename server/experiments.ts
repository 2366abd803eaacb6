import { assign, bucket } from '../shared/engine/bucket';
import { GLOBAL_SEED } from '../shared/engine/evaluate';
import type { Config } from '../shared/schemas/config';
import type { State } from '../shared/schemas/state';

export type Experiments = NonNullable<State['experiments']>;

const ONE_ARM = [{ id: '', weight: 1 }];

/**
 * Where bucketing puts the account under `config`, hashed exactly as the engine hashes it when it
 * evaluates: the global holdout, and for each live rule that runs an experiment (a holdout or
 * variants) its variant or its holdout. A rule with one unnamed arm that keeps the account gets no
 * entry, as the engine reports no variant for it. Rule ids may be "constructor": built with a Map.
 */
export function accountExperiments(config: Config, accountId: string): Experiments {
  const share = (config.settings?.holdout ?? 0) / 100;
  const rules = new Map<string, Experiments['rules'][string]>();
  for (const rule of config.rules) {
    if (rule.status !== 'live' || (!rule.holdout && !rule.variants)) continue;
    const a = assign(rule.seed ?? rule.id, accountId, (rule.holdout ?? 0) / 100, rule.variants ?? ONE_ARM);
    if (a.group === 'holdout') rules.set(rule.id, { holdout: true });
    else if (a.variant) rules.set(rule.id, { variant: a.variant });
  }
  return { holdout: share > 0 && bucket(`${GLOBAL_SEED}/holdout`, accountId) < share, rules: Object.fromEntries(rules) };
}
