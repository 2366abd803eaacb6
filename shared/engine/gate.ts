import type { Catalog } from '../schemas/catalog';
import type { Context } from '../schemas/context';

export interface GateResult {
  /** True when the catalog knows the feature and the account's plan does not include it. */
  locked: boolean;
  /** The plan to offer: the next step if it includes the feature, else the first plan that does. */
  plan: { id: string; name: string } | null;
}

/** Whether a feature is locked for this account, and which plan unlocks it. Unknown features are open. */
export function gate(catalog: Catalog, context: Context, featureId: string): GateResult {
  const current = catalog.plans.find((p) => p.id === context.account.plan);
  const known = catalog.features.some((f) => f.id === featureId);
  if (!known || current?.features.includes(featureId)) return { locked: false, plan: null };
  const next = catalog.nextSteps.find((s) => s.from === context.account.plan);
  const offers = catalog.plans.filter((p) => p.features.includes(featureId));
  const plan = offers.find((p) => p.id === next?.to) ?? offers[0];
  return { locked: true, plan: plan ? { id: plan.id, name: plan.name } : null };
}
