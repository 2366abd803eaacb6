import type { ConversionType } from '../../shared/schemas/conversion';
import type { NewConversion, SubscriptionChange } from '../store/conversion-types';

/** What the store kept of a Stripe subscription: its MRR as of the Stripe event time `eventAt`. */
export interface KeptSubscription {
  mrr: number;
  eventAt: number;
}

/**
 * What a Stripe subscription event means, given the state the store kept: the MRR to keep (the
 * store keeps it only when the event is not older than what it has), and the conversion it makes,
 * or null when the MRR did not move.
 * - MRR before: the event's own previous values when it has them; for a deletion, the kept state
 *   first (a trial that paused and was then cancelled was not paying, whatever its items say);
 *   the kept state only when it is not newer than the event; else no change.
 * - Type: a deletion is churn; otherwise up is an upgrade and down a downgrade.
 * - The conversion's idempotency key is the Stripe event id, so a replay, or the host reporting the
 *   same change with that id, counts once.
 */
export function subscriptionConversion(change: SubscriptionChange, kept: KeptSubscription | undefined): { mrr: number; conversion: NewConversion | null } {
  const known = kept && kept.eventAt <= change.at ? kept.mrr : undefined;
  const mrr = change.deleted ? 0 : change.mrr;
  const before = (change.deleted ? known : undefined) ?? change.before ?? known ?? mrr;
  const delta = mrr - before;
  if (delta === 0) return { mrr, conversion: null };
  const type: ConversionType = change.deleted ? 'churn' : delta > 0 ? 'upgrade' : 'downgrade';
  return {
    mrr,
    conversion: {
      idempotencyKey: change.eventId,
      source: 'stripe',
      accountId: change.accountId,
      type,
      mrrDelta: delta,
      currency: change.currency,
      plan: change.plan,
      at: change.at,
    },
  };
}
