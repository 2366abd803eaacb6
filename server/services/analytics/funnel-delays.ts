import type { TimeToConversion } from '../../../shared/schemas/analytics';
import type { CohortQuery, ExposureStore } from '../../store/exposure-types';

/** Upper bounds (hours, exclusive) of the time-to-conversion buckets; each bucket starts where the previous ends. */
export const DELAY_BOUNDS_HOURS = [1, 24, 72, 168, 336, 720] as const;

/** The buckets of a rule with `counts` per bucket (one more than the bounds: the last is open). */
const buckets = (counts: readonly number[]): TimeToConversion['buckets'] => counts.map((count, i) => ({ upToHours: DELAY_BOUNDS_HOURS[i] ?? null, count }));

/** A rule without a converted account. */
export const NO_CONVERSION: TimeToConversion = { medianHours: null, buckets: buckets(new Array<number>(DELAY_BOUNDS_HOURS.length + 1).fill(0)) };

/**
 * Time from first exposure to conversion per rule, from the store's counts per bucket: the median
 * is the middle delay (the mean of the two middle ones for an even count), read by its rank, so
 * it is exactly the median of every account's delay without reading one row per account (a year of
 * ten rules: 40,000 accounts, ~400 ms to read and sort them one by one).
 */
export async function timesToConversion(store: ExposureStore, environmentId: string, q: CohortQuery): Promise<Map<string, TimeToConversion>> {
  const times = new Map<string, TimeToConversion>();
  for (const { ruleId, counts } of await store.conversionDelayCounts(environmentId, q, DELAY_BOUNDS_HOURS)) {
    const n = counts.reduce((a, b) => a + b, 0);
    if (n === 0) continue;
    const middle = await store.conversionDelaysAt(environmentId, { ...q, ruleId }, n % 2 === 1 ? (n - 1) / 2 : n / 2 - 1, n % 2 === 1 ? 1 : 2);
    const medianHours = middle.length === 1 ? middle[0]! : (middle[0]! + middle[1]!) / 2;
    times.set(ruleId, { medianHours, buckets: buckets(counts) });
  }
  return times;
}
