import type { Movement } from '../../../shared/schemas/analytics';
import type { AccountChange, MovementRow } from '../../store/revenue-types';

/**
 * ChartMogul's MRR movement for an account whose MRR goes from `before` to `after` (both ≥ 0):
 * the first MRR ever is new business, MRR back from 0 after that is a reactivation, a fall to 0 is
 * churn, and any other rise or fall is an expansion or a contraction. Null when nothing moved.
 */
export function movementKind(before: number, after: number, hadMrr: boolean): Movement | null {
  if (after === before) return null;
  if (before === 0) return hadMrr ? 'reactivation' : 'new';
  if (after === 0) return 'churn';
  return after > before ? 'expansion' : 'contraction';
}

/** Orders conversions as movements are read: by time, then by id so ties are stable. */
export const byTimeThenId = (a: AccountChange, b: AccountChange): number => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Classifies one account's conversions, in `at` then `id` order. Its MRR in each currency is the
 * running sum of that currency's deltas, read as 0 while the sum is not positive (a downgrade
 * reported before any MRR moves nothing), so the movements of a month always add up to the change
 * of its MRR. The declared conversion type plays no part: only the MRR values do.
 */
export function classifyMovements(changes: readonly AccountChange[]): MovementRow[] {
  const sums = new Map<string, { sum: number; hadMrr: boolean }>();
  return [...changes].sort(byTimeThenId).map((c) => {
    const track = sums.get(c.currency) ?? { sum: 0, hadMrr: false };
    const before = Math.max(0, track.sum);
    track.sum += c.mrrDelta;
    const after = Math.max(0, track.sum);
    const kind = movementKind(before, after, track.hadMrr);
    track.hadMrr ||= after > 0;
    sums.set(c.currency, track);
    return { conversionId: c.id, currency: c.currency, at: c.at, kind, amount: after - before, mrrBefore: before, mrrAfter: after, ruleId: c.ruleId, variant: c.variant };
  });
}
