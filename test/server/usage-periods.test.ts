import { describe, expect, it } from 'vitest';
import { contractingMetric } from '../../shared/engine/guards';
import { completedPeriods, periodPeaks } from '../../server/services/usage-periods';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const span = (p: { start: number; end: number }) => [new Date(p.start).toISOString().slice(0, 10), new Date(p.end).toISOString().slice(0, 10)];

describe('completedPeriods', () => {
  it.each<[string, string, string | undefined, number, string[][]]>([
    ['calendar months', '2026-11-10', undefined, 3, [['2026-08-01', '2026-09-01'], ['2026-09-01', '2026-10-01'], ['2026-10-01', '2026-11-01']]],
    ['across a new year', '2026-02-03', undefined, 2, [['2025-12-01', '2026-01-01'], ['2026-01-01', '2026-02-01']]],
    ['from an anchor on the 15th', '2026-11-10', '2026-01-15', 2, [['2026-08-15', '2026-09-15'], ['2026-09-15', '2026-10-15']]],
    ['from the 31st, clamped to short months', '2026-04-10', '2026-01-31', 3, [['2025-12-31', '2026-01-31'], ['2026-01-31', '2026-02-28'], ['2026-02-28', '2026-03-31']]],
    ['on the first instant of a period, the one just ended is the latest', '2026-11-01', undefined, 1, [['2026-10-01', '2026-11-01']]],
  ])('%s', (_name, now, anchor, count, expected) => {
    const periods = completedPeriods(day(now), anchor === undefined ? undefined : day(anchor), count);
    expect(periods.map(span)).toEqual(expected);
    // Consecutive: each ends where the next starts.
    for (let i = 1; i < periods.length; i++) expect(periods[i]!.start).toBe(periods[i - 1]!.end);
  });
});

describe('periodPeaks', () => {
  const periods = completedPeriods(day('2026-11-10'), undefined, 4); // Jul, Aug, Sep, Oct
  const at = (iso: string, value: number) => ({ at: day(iso), value });

  it.each<[string, { at: number; value: number }[], number[]]>([
    ['the highest reading of each month, oldest first', [at('2026-07-02', 5), at('2026-07-30', 9), at('2026-08-10', 7), at('2026-09-05', 6), at('2026-10-31', 4)], [9, 7, 6, 4]],
    ['readings of the running month and before the window are left out', [at('2026-06-30', 100), at('2026-10-01', 3), at('2026-11-01', 100)], [3]],
    ['a month without readings ends the run', [at('2026-07-10', 9), at('2026-09-10', 8), at('2026-10-10', 7)], [8, 7]],
    ['no reading in the latest month: nothing', [at('2026-07-10', 9), at('2026-08-10', 8), at('2026-09-10', 7)], []],
    ['no readings at all', [], []],
  ])('%s', (_name, snapshots, expected) => {
    expect(periodPeaks(snapshots, periods)).toEqual(expected);
  });

  it.each<[string, number[], boolean]>([
    ['falling by more than 5 % in each of the last two periods', [9000, 8000, 6500, 4000], true],
    ['falling once, then flat', [9000, 8000, 8000], false],
    ['growing', [4000, 6500, 8000], false],
    ['two periods only', [9000, 4000], false],
  ])('feeds the contraction guard: %s → %s', (_name, peaks, contracting) => {
    expect(contractingMetric({ api_calls: peaks }) !== null).toBe(contracting);
  });
});
