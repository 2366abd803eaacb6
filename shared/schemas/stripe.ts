import { z } from 'zod';

/** A Stripe webhook signing secret, as the Stripe dashboard or CLI shows it. */
export const StripeSigningSecret = z.string().regex(/^whsec_[A-Za-z0-9+/=_-]{8,200}$/, 'must be a Stripe signing secret ("whsec_…")');

/** Body of `PUT /v1/webhooks/stripe/secret`. */
export const StripeSecretInput = z.object({ secret: StripeSigningSecret }).strict();
export type StripeSecretInput = z.infer<typeof StripeSecretInput>;

/** The metadata key on a Stripe subscription that names the Upshift account. */
export const ACCOUNT_METADATA_KEY = 'upshift_account';

const Recurring = z.looseObject({
  interval: z.enum(['day', 'week', 'month', 'year']),
  interval_count: z.number().int().positive().default(1),
});

const Price = z.looseObject({
  id: z.string(),
  lookup_key: z.string().nullish(),
  unit_amount: z.number().int().nullish(),
  recurring: Recurring.nullish(),
});

/** The part of a Stripe Subscription object that MRR and attribution read; other fields pass through unchecked. */
export const StripeSubscription = z.looseObject({
  id: z.string().min(1).max(255),
  status: z.string(),
  currency: z.string().regex(/^[A-Za-z]{3}$/),
  metadata: z.record(z.string(), z.string()).nullish(),
  items: z.looseObject({
    data: z.array(z.looseObject({ price: Price, quantity: z.number().int().nonnegative().nullish() })).max(500),
  }),
});
export type StripeSubscription = z.infer<typeof StripeSubscription>;

/** The envelope of every Stripe event; `data.object` is checked per event type. */
export const StripeEvent = z.looseObject({
  id: z.string().min(1).max(255),
  type: z.string(),
  created: z.number().int().nonnegative(),
  data: z.looseObject({ object: z.unknown() }),
});
export type StripeEvent = z.infer<typeof StripeEvent>;
