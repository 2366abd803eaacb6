import { z } from 'zod';
import { ExternalId, Key } from './common';

/**
 * What a conversion did to the account's recurring revenue. `new` is an account's first MRR (or a
 * starting MRR imported) reported by a host without Stripe: new business, never credited to a prompt.
 */
export const CONVERSION_TYPES = ['upgrade', 'addon', 'seats', 'downgrade', 'churn', 'new'] as const;
export const ConversionType = z.enum(CONVERSION_TYPES);
export type ConversionType = z.infer<typeof ConversionType>;

/** Types that expand an existing account's revenue. */
const EXPANSION: ReadonlySet<ConversionType> = new Set(['upgrade', 'addon', 'seats']);
export const isExpansion = (type: ConversionType): boolean => EXPANSION.has(type);
/** Types that add revenue (mrrDelta > 0): the expansions and `new`; the others remove it (mrrDelta < 0). */
export const addsRevenue = (type: ConversionType): boolean => type === 'new' || isExpansion(type);

/** Largest |mrrDelta| accepted: 10^12 minor units, far below Number.MAX_SAFE_INTEGER and SQLite's INTEGER. */
export const MAX_MRR_DELTA = 1_000_000_000_000;

/** ISO 4217 alphabetic code, upper case: "EUR", "USD". */
export const Currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code in upper case, such as "USD"');

/**
 * Body of `POST /v1/conversions`. `mrrDelta` is the change in monthly recurring revenue in integer
 * minor units of `currency` (cents for USD, yen for JPY): positive for upgrade, addon, seats and
 * new, negative for downgrade and churn, never zero.
 */
export const ConversionInput = z
  .object({
    /** The host's account id, as sent to the widget in `identify({ account: { id } })`. */
    account: ExternalId,
    type: ConversionType,
    mrrDelta: z.number().int().min(-MAX_MRR_DELTA).max(MAX_MRR_DELTA),
    currency: Currency,
    /** The plan the account is on after the change. */
    plan: Key.optional(),
    at: z.iso.datetime({ offset: true }),
    /** The host's key for this change; a repeat with the same key stores nothing new. */
    idempotencyKey: z.string().min(1).max(200).regex(/^[^\u0000-\u001f\u007f]+$/, 'must not contain control characters'),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.mrrDelta === 0) ctx.addIssue({ code: 'custom', path: ['mrrDelta'], message: 'must not be 0: a change with no revenue is not a conversion' });
    else if (addsRevenue(c.type) !== c.mrrDelta > 0) {
      ctx.addIssue({ code: 'custom', path: ['mrrDelta'], message: `must be ${addsRevenue(c.type) ? 'positive' : 'negative'} for type "${c.type}"` });
    }
  });
export type ConversionInput = z.infer<typeof ConversionInput>;

/** The prompt interaction a conversion is credited to. */
export const Touch = z.object({
  type: z.enum(['click', 'impression']),
  ruleId: Key,
  variant: Key.nullable(),
  tier: Key.nullable(),
  surface: Key.nullable(),
  at: z.iso.datetime({ offset: true }),
});
export type Touch = z.infer<typeof Touch>;

/** A stored conversion as the API answers it; `touch` is null when no prompt qualified. */
export const ConversionView = z.object({
  id: z.string(),
  account: ExternalId,
  type: ConversionType,
  mrrDelta: z.number().int(),
  currency: Currency,
  plan: z.string().nullable(),
  at: z.iso.datetime({ offset: true }),
  idempotencyKey: z.string(),
  source: z.enum(['api', 'stripe']),
  touch: Touch.nullable(),
  /** Whether the account was held out when the conversion was stored: lift compares these with the rest. */
  holdout: z.object({ global: z.boolean(), rules: z.array(Key) }),
  createdAt: z.iso.datetime({ offset: true }),
});
export type ConversionView = z.infer<typeof ConversionView>;

/** Answer of `POST /v1/conversions`: 201 with `created: true` the first time, 200 with the stored conversion after. */
export const ConversionResult = z.object({ conversion: ConversionView, created: z.boolean() });
export type ConversionResult = z.infer<typeof ConversionResult>;

/** Attribution settings (environment settings `attribution`). */
export const DEFAULT_ATTRIBUTION = { windowDays: 14, fallback: 'impression' } as const;
