import type { EventCount } from '../types';

/*
 * Retention's chunk size and the event-count row and mapper, shared by both stores: the roll-up
 * steps by the same chunk on both, and the counts query returns the same columns.
 */

/**
 * Events rolled up per transaction: a first roll-up of a large database goes in steps, letting
 * requests in between, instead of holding the write lock for one huge transaction.
 */
export const ROLL_UP_CHUNK = 5_000;

export interface CountRow {
  rule_id: string;
  variant: string;
  tier: string;
  surface: string;
  type: string;
  name: string;
  count: number;
}

const orNull = (s: string): string | null => (s === '' ? null : s);

/** A count row as `EventCount`: the roll-ups keep '' for absent values (they are key columns), the API null. */
export const toEventCount = (r: CountRow): EventCount => ({
  ruleId: orNull(r.rule_id),
  variant: orNull(r.variant),
  tier: orNull(r.tier),
  surface: orNull(r.surface),
  type: r.type,
  name: orNull(r.name),
  count: r.count,
});
