import type { Plan } from '../schemas/catalog';
import type { Context } from '../schemas/context';
import type { Offer } from '../schemas/rule';
import type { ConfigIndex } from './config-index';
import { ReasonCode } from './types';

export type OfferResult = { ok: true; plan: Plan } | { ok: false; code: ReasonCode; message: string };

/** Resolves `plan: "next"` through the catalog and refuses offers of the plan the account already has. */
export function resolveOffer(offer: Offer, context: Context, index: ConfigIndex): OfferResult {
  const current = context.account.plan;
  let target = offer.plan;
  if (target === 'next') {
    const step = index.next.get(current);
    if (!step) return { ok: false, code: ReasonCode.noNextStep, message: `plan "${current}" has no next step in the catalog` };
    target = step;
  }
  const plan = index.plans.get(target);
  if (!plan) return { ok: false, code: ReasonCode.unknownOfferPlan, message: `the offer names plan "${target}", which is not in the catalog` };
  if (plan.id === current) return { ok: false, code: ReasonCode.alreadyOnPlan, message: `the account is already on plan "${current}"` };
  return { ok: true, plan };
}
