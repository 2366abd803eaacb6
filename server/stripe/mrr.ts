import type { StripeSubscription } from '../../shared/schemas/stripe';

/** Months per billing interval of one. */
const MONTHS_PER: Record<'day' | 'week' | 'month' | 'year', number> = { day: 12 / 365, week: 12 / 52, month: 1, year: 12 };

/** Statuses whose subscription brings in no revenue: never paid, or over. */
const NO_REVENUE = new Set(['incomplete', 'incomplete_expired', 'canceled']);

/**
 * Monthly recurring revenue of a subscription in integer minor units: the sum over its items of
 * `price.unit_amount × quantity`, each divided by its interval in months (a yearly price of 12,000
 * is 1,000 a month; a weekly one of 100 is 433). Prices without a recurring interval or a unit
 * amount (metered or tiered) count 0; so does a subscription that is incomplete or canceled.
 */
export function subscriptionMrr(subscription: StripeSubscription): number {
  if (NO_REVENUE.has(subscription.status)) return 0;
  let monthly = 0;
  for (const item of subscription.items.data) {
    const { unit_amount: amount, recurring } = item.price;
    if (amount == null || !recurring) continue;
    monthly += (amount * (item.quantity ?? 1)) / (MONTHS_PER[recurring.interval] * recurring.interval_count);
  }
  return Math.round(monthly);
}

/** The plan a subscription stands for: its first item's price lookup key, or the price id. */
export function subscriptionPlan(subscription: StripeSubscription): string | null {
  const price = subscription.items.data[0]?.price;
  return price ? (price.lookup_key ?? price.id) : null;
}
