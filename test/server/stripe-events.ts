import { afterEach, beforeEach, expect } from 'vitest';
import type { ConversionView } from '../../shared/schemas/conversion';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { secretCall, stripeSignature, T0 } from './conversion-helpers';

/** Stripe events as Stripe sends them, and the app that receives them, for the webhook tests. */

let seq = 0;

export interface Item {
  amount: number;
  quantity?: number;
  interval?: 'day' | 'week' | 'month' | 'year';
  count?: number;
}

export interface EventOptions {
  /** The subscription's `upshift_account` metadata; null for none. */
  account?: string | null;
  id?: string;
  /** Epoch ms of the event (Stripe's `created`, in seconds). */
  created: number;
  status?: string;
  subscription?: string;
  /** `data.previous_attributes`: the old values of what changed, as Stripe sends with `updated`. */
  previous?: Record<string, unknown>;
  customer?: unknown;
  /** More fields of the subscription object. */
  extra?: Record<string, unknown>;
}

/** A subscription's `items` list. */
export const itemsOf = (items: Item[]) => ({
  object: 'list',
  data: items.map((item, i) => ({
    id: `si_${i}`,
    quantity: item.quantity ?? 1,
    price: { id: `price_${i}`, lookup_key: i === 0 ? 'pro_monthly' : null, unit_amount: item.amount, recurring: { interval: item.interval ?? 'month', interval_count: item.count ?? 1 } },
  })),
});

/** A Stripe `customer.subscription.*` event (trimmed to what matters plus some noise). */
export function subscriptionEvent(type: string, items: Item[], options: EventOptions) {
  const metadata = options.account === null ? {} : { upshift_account: options.account ?? 'acct-1', internal: 'x' };
  return {
    id: options.id ?? `evt_${++seq}`,
    object: 'event',
    api_version: '2024-06-20',
    type,
    created: Math.floor(options.created / 1000),
    livemode: false,
    data: {
      object: {
        id: options.subscription ?? 'sub_1',
        object: 'subscription',
        status: options.status ?? 'active',
        currency: 'usd',
        customer: options.customer ?? 'cus_1',
        metadata,
        items: itemsOf(items),
        ...options.extra,
      },
      ...(options.previous ? { previous_attributes: options.previous } : {}),
    },
  };
}

/** A Stripe `customer.created`/`customer.updated` event naming `account` (none when null). */
export function customerEvent(type: 'customer.created' | 'customer.updated', customer: string, account: string | null, created: number) {
  return {
    id: `evt_${++seq}`,
    object: 'event',
    type,
    created: Math.floor(created / 1000),
    data: { object: { id: customer, object: 'customer', email: 'ada@example.com', metadata: account === null ? {} : { upshift_account: account } } },
  };
}

/** One app per test with a Stripe signing secret set, a settable clock, and Stripe's way of delivering. */
export function useStripeWebhook(secret: string) {
  const h = {
    t: undefined as unknown as TestApp,
    now: T0,
    path: () => `/v1/webhooks/stripe/${h.t.environment.id}`,
    /** A subscription event at `now` unless told otherwise. */
    sub: (type: string, items: Item[], options: Partial<EventOptions> = {}) => subscriptionEvent(type, items, { created: h.now, ...options }),
    /** Posts `event` signed as Stripe would, at `signedAt` (default: now) and with `secret`. */
    deliver(event: unknown, options: { signedAt?: number; secret?: string; header?: string; raw?: string } = {}) {
      const body = options.raw ?? JSON.stringify(event);
      const header = options.header ?? stripeSignature(options.secret ?? secret, body, Math.floor((options.signedAt ?? h.now) / 1000));
      return h.t.app.request(h.path(), { method: 'POST', headers: { 'Content-Type': 'application/json', 'Stripe-Signature': header }, body });
    },
    /** The webhook's 200 answer. */
    async answer(res: Response) {
      expect(res.status).toBe(200);
      return (await res.json()) as { received: true; created: boolean; conversion: ConversionView | null; ignored?: string; applied?: boolean };
    },
  };
  beforeEach(async () => {
    h.now = T0;
    h.t = await createTestApp({ clock: () => h.now });
    expect((await secretCall(h.t, 'PUT', '/v1/webhooks/stripe/secret', { secret })).status).toBe(201);
  });
  afterEach(async () => {
    await h.t.cleanup();
  });
  return h;
}
