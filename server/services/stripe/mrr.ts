import { StripeSubscription } from '../../../shared/schemas/stripe';

/** Months per billing interval of one. */
const MONTHS_PER: Record<'day' | 'week' | 'month' | 'year', number> = { day: 12 / 365, week: 12 / 52, month: 1, year: 12 };

/** Statuses whose subscription brings in no revenue: never paid, not paying yet (a trial), on hold, or over. */
const NO_REVENUE = new Set(['incomplete', 'incomplete_expired', 'trialing', 'paused', 'canceled']);

/** Monthly revenue of the items alone, whatever the subscription's status. */
function itemsMrr(subscription: StripeSubscription): number {
  let monthly = 0;
  for (const item of subscription.items.data) {
    const { unit_amount: amount, recurring } = item.price;
    if (amount == null || !recurring) continue;
    monthly += (amount * (item.quantity ?? 1)) / (MONTHS_PER[recurring.interval] * recurring.interval_count);
  }
  return Math.round(monthly);
}

/**
 * Monthly recurring revenue of a subscription in integer minor units: the sum over its items of
 * `price.unit_amount × quantity`, each divided by its interval in months (a yearly price of 12,000
 * is 1,000 a month; a weekly one of 100 is 433). Prices without a recurring interval or a unit
 * amount (metered or tiered) count 0; so does a subscription that is incomplete, trialing, paused
 * or canceled.
 */
export function subscriptionMrr(subscription: StripeSubscription): number {
  return NO_REVENUE.has(subscription.status) ? 0 : itemsMrr(subscription);
}

/**
 * The subscription's MRR just before the event, from the event alone, so that each event's delta
 * is right whatever order Stripe delivers them in: 0 before `created`; for `updated`, the object
 * with `previous_attributes` (the changed fields' old values) laid over it; for `deleted`, the
 * items' revenue, unless it ended during its trial. Null when the event does not say (an `updated`
 * without `previous_attributes`, or old values that are not a subscription's).
 */
export function mrrBefore(type: string, subscription: StripeSubscription, previous: Record<string, unknown> | null | undefined): number | null {
  if (type === 'customer.subscription.created') return 0;
  if (type === 'customer.subscription.deleted') {
    const ended = subscription.ended_at ?? subscription.canceled_at;
    const inTrial = subscription.trial_end != null && ended != null && ended <= subscription.trial_end;
    return inTrial ? 0 : itemsMrr(subscription);
  }
  if (!previous) return null;
  const before = StripeSubscription.safeParse({ ...subscription, ...previous });
  return before.success ? subscriptionMrr(before.data) : null;
}

/** The plan a subscription stands for: its first item's price lookup key, or the price id. */
export function subscriptionPlan(subscription: StripeSubscription): string | null {
  const price = subscription.items.data[0]?.price;
  return price ? (price.lookup_key ?? price.id) : null;
}
