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

/** Latest second a JavaScript Date can hold as an ISO string (9999-12-31T23:59:59Z): later times could not be stored or shown. */
const MAX_UNIX_SECONDS = 253_402_300_799;
const UnixSeconds = z.number().int().nonnegative().max(MAX_UNIX_SECONDS);

const Metadata = z.record(z.string(), z.string()).nullish();

/** The part of a Stripe Customer object the account mapping reads. */
export const StripeCustomer = z.looseObject({ id: z.string().min(1).max(255), metadata: Metadata });
export type StripeCustomer = z.infer<typeof StripeCustomer>;

/** Items as a subscription (and `previous_attributes.items`) carries them. */
export const StripeItems = z.looseObject({
  data: z.array(z.looseObject({ price: Price, quantity: z.number().int().nonnegative().nullish() })).max(500),
});

/** The part of a Stripe Subscription object that MRR and attribution read; other fields pass through unchecked. */
export const StripeSubscription = z.looseObject({
  id: z.string().min(1).max(255),
  status: z.string(),
  currency: z.string().regex(/^[A-Za-z]{3}$/),
  metadata: Metadata,
  /** The customer's id, or the customer itself when the event was sent with it expanded. */
  customer: z.union([z.string().max(255), StripeCustomer]).nullish(),
  items: StripeItems,
  trial_end: UnixSeconds.nullish(),
  ended_at: UnixSeconds.nullish(),
  canceled_at: UnixSeconds.nullish(),
});
export type StripeSubscription = z.infer<typeof StripeSubscription>;

/** The envelope of every Stripe event; `data.object` is checked per event type. */
export const StripeEvent = z.looseObject({
  id: z.string().min(1).max(255),
  type: z.string(),
  created: UnixSeconds,
  data: z.looseObject({
    object: z.unknown(),
    /** On `*.updated` events: the prior values of the fields that changed. */
    previous_attributes: z.record(z.string(), z.unknown()).nullish(),
  }),
});
export type StripeEvent = z.infer<typeof StripeEvent>;
