import type { ConversionType } from '../../shared/schemas/conversion';

/** The prompt interaction a conversion is credited to. `at` is epoch ms. */
export interface StoredTouch {
  type: 'click' | 'impression';
  ruleId: string;
  variant: string | null;
  tier: string | null;
  surface: string | null;
  at: number;
}

/** A revenue change to store. `mrrDelta` is in integer minor units of `currency`; `at` is epoch ms. */
export interface NewConversion {
  idempotencyKey: string;
  source: 'api' | 'stripe';
  accountId: string;
  type: ConversionType;
  mrrDelta: number;
  currency: string;
  plan: string | null;
  at: number;
}

/** A stored conversion with the touch it was credited to, and the account's holdout, when it was stored. `createdAt` is epoch ms. */
export interface Conversion extends NewConversion {
  id: string;
  createdAt: number;
  touch: StoredTouch | null;
  holdout: ConversionHoldout;
}

/** Whether the account was held out, under the config live when the conversion was stored. */
export interface ConversionHoldout {
  /** In the environment's global holdout: it sees no prompt at all. */
  global: boolean;
  /** The live rules whose experiment holds the account out. */
  rules: string[];
}

/**
 * How a conversion is attributed. Its touch is looked for in the account's prompt events from
 * `since` up to and including the conversion's `at`, the latest click first, else (when
 * `impressions`) the latest impression, unless `credit` is false (no touch at all); `holdout` is
 * copied into the row.
 */
export interface AttributionWindow {
  since: number;
  credit: boolean;
  impressions: boolean;
  holdout: ConversionHoldout;
}

/**
 * A Stripe subscription's change. `mrr` is its monthly revenue now (0 once deleted); `before` is
 * what it was just before, as the event itself tells (null when it does not say: then the last
 * state the store kept for `subscriptionId` stands in, or no change at all).
 */
export interface SubscriptionChange {
  eventId: string;
  subscriptionId: string;
  accountId: string;
  mrr: number;
  before: number | null;
  deleted: boolean;
  currency: string;
  plan: string | null;
  at: number;
}

/** A Stripe customer's `upshift_account` (null when the metadata was removed), as of the event at `at`. */
export interface CustomerMapping {
  eventId: string;
  customerId: string;
  accountId: string | null;
  at: number;
}
