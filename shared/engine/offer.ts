import { FACTS } from './facts';
import type { AddOn, Plan } from '../schemas/catalog';
import type { Offer } from '../schemas/rule';
import { miss } from './condition';
import type { Scope } from './scope';
import { trialOf } from './attributes';
import type { OfferType, ReasonCode, ReasonParams } from './types';

/** A rule's first failed check: a code and the facts behind it. */
export interface Fail {
  code: ReasonCode;
  params?: ReasonParams;
  tier?: string;
}

/**
 * A failed check. Built by one function, with no spread, so every failure has the same few shapes
 * (this runs for most rules on every evaluation); `params` is `false` in upshift.js (see facts.ts).
 */
export function fail(code: ReasonCode, params?: ReasonParams | false, tier?: string): Fail {
  const f: Fail = { code };
  if (FACTS && params) f.params = params;
  if (tier !== undefined) f.tier = tier;
  return f;
}

export interface ResolvedOffer {
  type: OfferType;
  /** The plan or add-on bought, if any. */
  item?: Plan | AddOn;
  /** For trials: the feature, and the plan that includes it. */
  feature?: string;
  plan?: Plan | undefined;
  days?: number;
}

/** The catalog's next step for the account: the first step whose segment matches, else the one without a segment. */
export function nextStep(scope: Scope): Plan | AddOn | undefined {
  // Once per evaluation: many rules may offer "next", and segments are conditions.
  if (!('next' in scope.memo)) {
    const steps = scope.index.next.get(scope.context.account.plan) ?? [];
    const step = steps.find((s) => s.segment && !miss(s.segment, scope.read, scope.now)) ?? steps.find((s) => !s.segment);
    scope.memo.next = step && (scope.index.plans.get(step.to) ?? scope.index.addons.get(step.to));
  }
  return scope.memo.next;
}

/** The cheapest way to a feature: the next step if it includes it, else the first plan that does. */
export function planWith(scope: Scope, feature: string): Plan | undefined {
  const memo = (scope.memo.planWith ??= new Map());
  if (!memo.has(feature)) {
    const next = nextStep(scope);
    let plan = next && scope.index.plans.has(next.id) && next.features.includes(feature) ? (next as Plan) : undefined;
    for (const p of scope.index.plans.values()) if (!plan && p.features.includes(feature)) plan = p;
    memo.set(feature, plan);
  }
  return memo.get(feature);
}

/** Whether the account owns an add-on, or already has every feature of one that raises no limit. */
function owns(scope: Scope, addon: AddOn): boolean {
  if (scope.addons.has(addon.id)) return true;
  if (addon.limits && Object.keys(addon.limits).length) return false;
  for (const f of addon.features) if (!scope.features.has(f)) return false;
  return addon.features.length > 0;
}

/** The "owned" guard for a trial of `id` that is still running. */
function running(scope: Scope, guard: boolean, id: string): Fail | null {
  return guard && trialOf(scope, id) === 'active' ? fail('guard.trial_running', FACTS && { id }) : null;
}

/**
 * Resolves what the rule offers and applies the "owned" guard: nothing the account has, nothing
 * whose trial is running, and no second trial of a feature.
 */
export function resolveOffer(offer: Offer, scope: Scope, guard: boolean): ResolvedOffer | Fail {
  const { index, context } = scope;
  const current = context.account.plan;
  switch (offer.type) {
    case 'upgrade': {
      const next = offer.plan === 'next';
      const item = next ? nextStep(scope) : index.plans.get(offer.plan);
      if (!item) return fail(next ? 'offer.no_next_step' : 'offer.unknown_plan', FACTS && { plan: next ? current : offer.plan });
      if (item.id === current) return fail('offer.current_plan', FACTS && { plan: current });
      const isAddon = !index.plans.has(item.id);
      if (isAddon && guard && owns(scope, item as AddOn)) return fail('guard.owned', FACTS && { id: item.id });
      return running(scope, guard, item.id) ?? { type: isAddon ? 'addon' : 'upgrade', item };
    }
    case 'addon':
    case 'seats': {
      const item = index.addons.get(offer.addon);
      if (!item) return fail('offer.unknown_addon', FACTS && { addon: offer.addon });
      // Seat packs can be bought again and again; other add-ons only once, and never when the plan
      // already brings everything they add.
      if (offer.type === 'addon' && guard && owns(scope, item)) return fail('guard.owned', FACTS && { id: item.id });
      return running(scope, guard, item.id) ?? { type: offer.type, item };
    }
    case 'trial': {
      if (!index.features.has(offer.feature)) return fail('offer.unknown_feature', FACTS && { feature: offer.feature });
      if (guard && scope.features.has(offer.feature)) return fail('guard.owned', FACTS && { id: offer.feature });
      const t = guard ? trialOf(scope, offer.feature) : 'none';
      if (t === 'active') return fail('guard.trial_running', FACTS && { id: offer.feature });
      if (t === 'ended') return fail('guard.trial_used', FACTS && { id: offer.feature });
      return { type: 'trial', feature: offer.feature, days: offer.days, plan: planWith(scope, offer.feature) };
    }
    default:
      return { type: 'contact_sales' };
  }
}
