import type { ConversionType } from '../../../shared/schemas/conversion';
import type { Conversion } from '../conversion-types';

/*
 * A row of `conversions` and its mapper, shared by both stores: the columns are the same in SQLite
 * and PostgreSQL, so both read a conversion the same way.
 */

export interface ConversionRow {
  id: string;
  idempotency_key: string;
  source: 'api' | 'stripe';
  account_id: string;
  type: ConversionType;
  mrr_delta: number;
  currency: string;
  plan: string | null;
  occurred_at: number;
  created_at: number;
  touch_type: 'click' | 'impression' | null;
  touch_rule_id: string | null;
  touch_variant: string | null;
  touch_tier: string | null;
  touch_surface: string | null;
  touch_at: number | null;
  global_holdout: number;
  holdout_rules: string;
}

/** The stored rule ids, or none when the column holds anything but an array of strings. */
function ruleIds(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export const toConversion = (r: ConversionRow): Conversion => ({
  id: r.id,
  idempotencyKey: r.idempotency_key,
  source: r.source,
  accountId: r.account_id,
  type: r.type,
  mrrDelta: r.mrr_delta,
  currency: r.currency,
  plan: r.plan,
  at: r.occurred_at,
  createdAt: r.created_at,
  touch:
    r.touch_type === null || r.touch_rule_id === null || r.touch_at === null
      ? null
      : { type: r.touch_type, ruleId: r.touch_rule_id, variant: r.touch_variant, tier: r.touch_tier, surface: r.touch_surface, at: r.touch_at },
  holdout: { global: r.global_holdout === 1, rules: ruleIds(r.holdout_rules) },
});
