import { describe, expect, it } from 'vitest';
import { currentRun, forecast, type Snapshot } from '../../shared/engine/forecast';
import { seeded } from '../helpers/random';

const DAY = 86_400_000;
const START = Date.UTC(2026, 10, 1);
const series = (values: readonly number[], start = START): Snapshot[] => values.map((value, i) => ({ at: start + i * DAY, value }));
const now = (points: readonly Snapshot[]) => points[points.length - 1]!.at;

describe('forecast on synthetic series', () => {
  it('projects steady linear growth exactly, with a tight band', () => {
    // 300 calls a day from 1,000: at 4,000 after 10 readings; 6,000 left at 300/day is 20 days.
    const points = series(Array.from({ length: 11 }, (_, i) => 1000 + 300 * i));
    const f = forecast(points, 10_000, now(points));
    expect(f).toMatchObject({ perDay: 300, days: 20, low: 20, high: 20, confident: true, weeks: 3 });
  });

  it('finds the trend through noise and stays confident when the noise is modest', () => {
    const rand = seeded(7);
    const points = series(Array.from({ length: 21 }, (_, i) => 2000 + 250 * i + (rand() - 0.5) * 300));
    const f = forecast(points, 20_000, now(points))!;
    expect(f.perDay).toBeGreaterThan(230);
    expect(f.perDay).toBeLessThan(270);
    // Truth: (20,000 - 7,000) / 250 = 52 days.
    expect(f.days).toBeGreaterThan(47);
    expect(f.days).toBeLessThan(58);
    expect(f.low).toBeLessThanOrEqual(f.days);
    expect(f.high).toBeGreaterThanOrEqual(f.days);
    expect(f.confident).toBe(true);
  });

  it('ignores a few wild readings that would drag a least-squares line', () => {
    const values = Array.from({ length: 15 }, (_, i) => 1000 + 100 * i);
    values[3] = 9000;
    values[9] = 0.6 * values[8]!; // a dip, but not a reset
    const points = series(values);
    expect(forecast(points, 5000, now(points))?.perDay).toBeCloseTo(100, 0);
  });

  it('withholds confidence when the growth is erratic', () => {
    const rand = seeded(3);
    const points = series(Array.from({ length: 8 }, (_, i) => 1000 + 100 * i + rand() * 1500));
    const f = forecast(points, 50_000, now(points));
    expect(f === null || !f.confident).toBe(true);
  });

  it.each([
    ['flat', Array.from({ length: 10 }, () => 5000)],
    ['declining', Array.from({ length: 10 }, (_, i) => 8000 - 200 * i)],
    ['too short (3 readings)', [1000, 2000, 3000]],
  ])('gives no forecast for a %s series', (_name, values) => {
    const points = series(values);
    expect(forecast(points, 10_000, now(points))).toBeNull();
  });

  it('gives no forecast for readings spanning under three days', () => {
    const points: Snapshot[] = [0, 6, 12, 18, 24, 30].map((h, i) => ({ at: START + h * 3_600_000, value: 1000 * (i + 1) }));
    expect(forecast(points, 10_000, now(points))).toBeNull();
  });

  it('uses only the readings since a reset at the period boundary', () => {
    // Last period climbed to 9,500 and reset on the 1st; this period grows 400 a day from 200.
    const before = series(Array.from({ length: 10 }, (_, i) => 5000 + 500 * i), START - 10 * DAY);
    const after = series(Array.from({ length: 8 }, (_, i) => 200 + 400 * i));
    const points = [...after, ...before]; // any order
    expect(currentRun(points).map((s) => s.value)).toEqual(after.map((s) => s.value));
    const f = forecast(points, 10_000, now(after))!;
    expect(f.perDay).toBe(400);
    // 3,000 now; 7,000 to go at 400/day = 17.5, so 18 days.
    expect(f.days).toBe(18);
  });

  it('drops readings before the period start it is given, even without a visible reset', () => {
    const points = series([100, 100, 100, 100, 100, 1000, 1500, 2000, 2500, 3000]);
    const f = forecast(points, 10_000, now(points), START + 5 * DAY)!;
    expect(f.perDay).toBe(500);
  });

  it('says zero days once the limit is already reached', () => {
    const points = series(Array.from({ length: 6 }, (_, i) => 8000 + 500 * i));
    expect(forecast(points, 10_000, now(points))).toMatchObject({ days: 0, low: 0, high: 0, confident: true });
  });

  it('projects from now, not from the last reading, when readings are stale', () => {
    const points = series(Array.from({ length: 6 }, (_, i) => 1000 + 100 * i));
    const later = now(points) + 10 * DAY;
    // At 1,500 on the last reading; ten days on the trend says 2,500, so 7,500 left at 100/day.
    expect(forecast(points, 10_000, later)?.days).toBe(75);
  });
});

describe('the forecast band (Sen, 1968)', () => {
  it('takes the slopes at the ranks Sen prescribes: a hand-checked case', () => {
    // 8 daily readings give 28 pairwise slopes; C = 1.6449 * sqrt(8*7*21/18) = 13.30, so the
    // bounds are the slopes at 1-based ranks round((28 - 13.3) / 2) = 7 and round((28 + 13.3) / 2) + 1 = 22.
    const values = [1000, 1100, 1150, 1320, 1380, 1500, 1650, 1700];
    const points = series(values);
    const slopes: number[] = [];
    for (let i = 0; i < values.length; i++) for (let j = i + 1; j < values.length; j++) slopes.push((values[j]! - values[i]!) / (j - i));
    slopes.sort((a, b) => a - b);
    const f = forecast(points, 5000, now(points))!;
    const remaining = 5000 - Math.max(1700, f.perDay * 7 + (values.map((v, i) => v - f.perDay * i).sort((a, b) => a - b)[3]! + values.map((v, i) => v - f.perDay * i).sort((a, b) => a - b)[4]!) / 2);
    expect(f.high).toBe(Math.ceil(remaining / slopes[6]!));
    expect(f.low).toBe(Math.ceil(remaining / slopes[21]!));
  });
});
