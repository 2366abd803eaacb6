import type { ConversionType } from '../../shared/schemas/conversion';
import { subscriptionEvent, type Item } from './stripe-events';

/**
 * A generated revenue history for the scoreboard test: accounts reporting through the
 * conversions API or through Stripe subscription events, with the true MRR change of each, so
 * the test can compute every month's figures from these rows alone.
 */

/** mulberry32: a small seeded PRNG, so every run generates the same history. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** One true change of an account's MRR, as the test reads it. */
export interface TrueChange {
  account: string;
  at: number;
  delta: number;
  currency: string;
  plan: string;
}

/** What to send: a conversion body for `POST /v1/conversions`, or a Stripe event. */
export type Delivery = { kind: 'api'; body: Record<string, unknown> } | { kind: 'stripe'; event: unknown; deletion: boolean; subscription: string };

export interface History {
  changes: TrueChange[];
  deliveries: Delivery[];
  /** The `tier` trait of the accounts that have one. */
  traits: Map<string, string>;
}

const PLANS = ['starter', 'pro', 'business'] as const;
const STRIPE_PLAN = 'pro_monthly';
const YEAR_START = Date.UTC(2026, 0, 1);
const SPAN = Date.UTC(2026, 10, 1) - YEAR_START;

/** `accounts` accounts over January to October 2026, a third of them on Stripe, some in EUR. */
export function generateHistory(seed: number, accounts: number): History {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const amount = () => 100 * (5 + Math.floor(rand() * 200));
  const history: History = { changes: [], deliveries: [], traits: new Map() };
  for (let n = 0; n < accounts; n++) {
    const account = `acct-${n}`;
    const stripe = rand() < 1 / 3;
    const currency = !stripe && rand() < 0.15 ? 'EUR' : 'USD';
    if (rand() < 2 / 3) history.traits.set(account, pick(['smb', 'mid', 'enterprise']));
    const times = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => YEAR_START + 1000 * Math.floor((rand() * SPAN) / 1000)).sort((a, b) => a - b);
    let mrr = 0;
    let plan: string = stripe ? STRIPE_PLAN : pick(PLANS);
    let subscription = 0;
    for (const at of times) {
      const r = rand();
      let after: number;
      if (mrr === 0) after = amount();
      else if (r < 0.45) after = mrr + amount();
      else if (r < 0.75 && mrr > 100) after = mrr - Math.max(1, Math.floor(rand() * (mrr - 1)));
      else after = 0;
      const delta = after - mrr;
      if (!stripe && delta > 0 && rand() < 0.3) plan = pick(PLANS);
      history.changes.push({ account, at, delta, currency, plan });
      if (stripe) {
        if (mrr === 0) subscription++;
        const sub = `sub_${n}_${subscription}`;
        const options = { account, subscription: sub, created: at, customer: `cus_${n}` };
        const items: Item[] = [{ amount: after === 0 ? mrr : after }];
        const event =
          mrr === 0
            ? subscriptionEvent('customer.subscription.created', items, options)
            : after === 0
              ? subscriptionEvent('customer.subscription.deleted', items, { ...options, status: 'canceled' })
              : subscriptionEvent('customer.subscription.updated', items, { ...options, previous: { items: { object: 'list', data: [{ id: 'si_0', quantity: 1, price: { id: 'price_0', lookup_key: STRIPE_PLAN, unit_amount: mrr, recurring: { interval: 'month', interval_count: 1 } } }] } } });
        history.deliveries.push({ kind: 'stripe', event, deletion: after === 0, subscription: sub });
      } else {
        // The declared type is the host's word; the scoreboard must classify by MRR values alone.
        const type: ConversionType = delta > 0 ? (mrr === 0 && rand() < 0.7 ? 'new' : pick(['upgrade', 'addon', 'seats'] as const)) : after === 0 ? 'churn' : 'downgrade';
        const body = { account, type, mrrDelta: delta, currency, plan, at: new Date(at).toISOString(), idempotencyKey: `${account}-${at}` };
        history.deliveries.push({ kind: 'api', body });
      }
      mrr = after;
    }
  }
  return history;
}

/**
 * Shuffles the deliveries (late and early arrivals), except that a subscription's deletion comes
 * after its other events: a deletion carries no old values, so the webhook takes the kept state as
 * its "before" (as documented), and only Stripe's order makes that right.
 */
export function arrivalOrder(deliveries: readonly Delivery[], rand: () => number): Delivery[] {
  const shuffled = [...deliveries];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const deletions = shuffled.filter((d) => d.kind === 'stripe' && d.deletion);
  return [...shuffled.filter((d) => !(d.kind === 'stripe' && d.deletion)), ...deletions];
}
