import type { Snapshot } from '../../shared/engine/forecast';
import { billingPeriod, type Period } from '../../shared/engine/period';

/** How many completed billing periods `GET /v1/state` reports per metric. */
export const MAX_PERIODS = 6;

/** The `count` billing periods before the one containing `now`, oldest first. */
export function completedPeriods(now: number, anchor: number | undefined, count = MAX_PERIODS): Period[] {
  const out: Period[] = [];
  let p = billingPeriod(now, anchor);
  for (let i = 0; i < count; i++) {
    p = billingPeriod(p.start - 1, anchor);
    out.unshift(p);
  }
  return out;
}

/**
 * The peak reading in each completed billing period, oldest first, for the contraction guard.
 * Only the unbroken run of periods up to the latest completed one counts: a period without any
 * reading says nothing (the account may simply not have visited), and skipping it would make two
 * periods months apart look consecutive. Empty when the latest completed period has no reading.
 */
export function periodPeaks(snapshots: readonly Snapshot[], periods: readonly Period[]): number[] {
  const peaks: (number | undefined)[] = periods.map(() => undefined);
  for (const s of snapshots) {
    const i = periods.findIndex((p) => s.at >= p.start && s.at < p.end);
    if (i >= 0 && Number.isFinite(s.value)) peaks[i] = Math.max(peaks[i] ?? -Infinity, s.value);
  }
  const run: number[] = [];
  for (let i = peaks.length - 1; i >= 0 && peaks[i] !== undefined; i--) run.unshift(peaks[i]!);
  return run;
}
