/** One reading of a metric: at most one per account, metric and day. */
export interface Snapshot {
  /** Epoch ms of the reading. */
  at: number;
  value: number;
}

export interface Forecast {
  /** Theil–Sen slope: units per day. */
  perDay: number;
  /** Best estimate of whole days until the limit is reached (0 when it already is). */
  days: number;
  /** 90 % band on `days`: earliest and latest (Infinity when growth may be zero). */
  low: number;
  high: number;
  /** True when the band is tight enough for copy to name a time ("in about 3 weeks"). */
  confident: boolean;
  /** `days` in whole weeks, for copy; only meaningful when confident. */
  weeks: number;
}

const DAY = 86_400_000;
/** Fewer points or a shorter span say nothing reliable about a trend. */
const MIN_POINTS = 4;
const MIN_SPAN_DAYS = 3;
/** A reading this far below the one before is a reset (a new billing period), not a decline. */
const RESET_DROP = 0.5;
/** The latest estimate may be at most this many times the earliest to count as confident. */
const MAX_BAND_RATIO = 1.5;
/** z for a two-sided 90 % interval. */
const Z90 = 1.6449;

const median = (sorted: readonly number[]): number => {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** The readings since the last reset, in time order; anything before `since` (the period start) is dropped too. */
export function currentRun(snapshots: readonly Snapshot[], since = -Infinity): Snapshot[] {
  const ordered = snapshots.filter((s) => s.at >= since && Number.isFinite(s.value)).sort((a, b) => a.at - b.at);
  let start = 0;
  for (let i = 1; i < ordered.length; i++) {
    if (ordered[i]!.value < ordered[i - 1]!.value * RESET_DROP) start = i;
  }
  return ordered.slice(start);
}

/**
 * Days until `limit` at the current growth rate, with a 90 % band, or null when the series is too
 * short, flat or declining. The slope is Theil–Sen (the median of all pairwise slopes), which a
 * few outliers cannot move; the band is the rank-based interval on that median (Sen, 1968).
 * Pure: `now` is passed in.
 */
export function forecast(snapshots: readonly Snapshot[], limit: number, now: number, since?: number): Forecast | null {
  const run = currentRun(snapshots, since);
  if (run.length < MIN_POINTS || limit <= 0) return null;
  const first = run[0]!;
  const last = run[run.length - 1]!;
  if ((last.at - first.at) / DAY < MIN_SPAN_DAYS) return null;

  const slopes: number[] = [];
  for (let i = 0; i < run.length; i++) {
    for (let j = i + 1; j < run.length; j++) {
      const dt = (run[j]!.at - run[i]!.at) / DAY;
      if (dt > 0) slopes.push((run[j]!.value - run[i]!.value) / dt);
    }
  }
  slopes.sort((a, b) => a - b);
  const perDay = median(slopes);
  if (!(perDay > 0)) return null;

  // Where the trend line stands now: the median intercept, projected to `now`.
  const intercept = median(run.map((s) => s.value - (perDay * (s.at - first.at)) / DAY).sort((a, b) => a - b));
  const level = Math.max(last.value, intercept + (perDay * (now - first.at)) / DAY);
  const remaining = limit - level;
  const n = run.length;
  // Sen's interval: with N slopes sorted, the bounds are the slopes at 1-based ranks
  // M1 = (N - C) / 2 and M2 + 1 = (N + C) / 2 + 1, i.e. 0-based indices M1 - 1 and M2.
  const c = Z90 * Math.sqrt((n * (n - 1) * (2 * n + 5)) / 18);
  const lowerSlope = slopes[Math.min(slopes.length - 1, Math.max(0, Math.round((slopes.length - c) / 2) - 1))]!;
  const upperSlope = slopes[Math.min(slopes.length - 1, Math.max(0, Math.round((slopes.length + c) / 2)))]!;

  const days = remaining <= 0 ? 0 : Math.ceil(remaining / perDay);
  const low = remaining <= 0 ? 0 : Math.ceil(remaining / upperSlope);
  const high = remaining <= 0 ? 0 : lowerSlope > 0 ? Math.ceil(remaining / lowerSlope) : Infinity;
  const confident = days === 0 || (Number.isFinite(high) && high <= Math.max(low, 1) * MAX_BAND_RATIO);
  return { perDay, days, low, high, confident, weeks: Math.max(1, Math.round(days / 7)) };
}
