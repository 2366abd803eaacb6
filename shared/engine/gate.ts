import type { Config } from '../schemas/config';
import type { Context } from '../schemas/context';
import { indexConfig } from './config-index';
import { planWith } from './offer';
import { billingPeriod } from './period';
import { createScope } from './scope';

export interface GateResult {
  /** True when the catalog knows the feature and neither the account's plan nor its add-ons include it. */
  locked: boolean;
  /** The plan to offer: the next step if it includes the feature, else the first plan that does. */
  plan: { id: string; name: string } | null;
}

/** Whether a feature is locked for this account, and which plan unlocks it. Unknown features are open. */
export function gate(config: Config, context: Context, featureId: string, now: number): GateResult {
  const scope = createScope(indexConfig(config), context, { rules: {} }, now, billingPeriod(now));
  if (!scope.index.features.has(featureId) || scope.features.has(featureId)) return { locked: false, plan: null };
  const plan = planWith(scope, featureId);
  return { locked: true, plan: plan ? { id: plan.id, name: plan.name } : null };
}
