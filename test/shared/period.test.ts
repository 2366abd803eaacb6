import { describe, expect, it } from 'vitest';
import { billingPeriod, isoDate, parseTime } from '../../shared/engine/period';
import { DAY } from './fixtures';
import { seeded } from '../helpers/random';

const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad test date ${iso}`);
  return ms;
};

/** The period as ISO strings, so a failure reads like a calendar. */
const show = (p: { start: number; end: number }) => ({ start: new Date(p.start).toISOString(), end: new Date(p.end).toISOString() });

describe('billingPeriod without an anchor: calendar months in UTC', () => {
  it.each([
    { now: '2026-03-10T12:00:00.000Z', start: '2026-03-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z' },
    { now: '2026-03-01T00:00:00.000Z', start: '2026-03-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z' },
    { now: '2026-02-28T23:59:59.999Z', start: '2026-02-01T00:00:00.000Z', end: '2026-03-01T00:00:00.000Z' },
    { now: '2026-12-31T23:59:59.999Z', start: '2026-12-01T00:00:00.000Z', end: '2027-01-01T00:00:00.000Z' },
    { now: '2027-01-01T00:00:00.000Z', start: '2027-01-01T00:00:00.000Z', end: '2027-02-01T00:00:00.000Z' },
    { now: '2024-02-29T10:00:00.000Z', start: '2024-02-01T00:00:00.000Z', end: '2024-03-01T00:00:00.000Z' },
    { now: '2026-02-15T10:00:00.000Z', start: '2026-02-01T00:00:00.000Z', end: '2026-03-01T00:00:00.000Z' },
    // 23:30 on March 31 in New York is already April in UTC.
    { now: '2026-03-31T23:30:00-04:00', start: '2026-04-01T00:00:00.000Z', end: '2026-05-01T00:00:00.000Z' },
  ])('$now is in [$start, $end)', ({ now, start, end }) => {
    expect(show(billingPeriod(at(now)))).toEqual({ start, end });
  });

  it.each([{ anchor: Number.NaN }, { anchor: Number.POSITIVE_INFINITY }, { anchor: undefined }])(
    'an unusable anchor ($anchor) means calendar months',
    ({ anchor }) => {
      expect(show(billingPeriod(at('2026-03-10T12:00:00Z'), anchor))).toEqual({ start: '2026-03-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z' });
    },
  );
});

describe('billingPeriod anchored on periodStart', () => {
  it.each([
    { name: 'mid-month anchor', anchor: '2026-01-15', now: '2026-03-20T00:00:00Z', start: '2026-03-15T00:00:00.000Z', end: '2026-04-15T00:00:00.000Z' },
    { name: 'mid-month anchor, before the day', anchor: '2026-01-15', now: '2026-03-14T23:59:59.999Z', start: '2026-02-15T00:00:00.000Z', end: '2026-03-15T00:00:00.000Z' },
    { name: 'renewal instant starts the new period', anchor: '2026-01-15', now: '2026-03-15T00:00:00Z', start: '2026-03-15T00:00:00.000Z', end: '2026-04-15T00:00:00.000Z' },
    { name: '31st clamps to Feb 28', anchor: '2026-01-31', now: '2026-02-15T00:00:00Z', start: '2026-01-31T00:00:00.000Z', end: '2026-02-28T00:00:00.000Z' },
    { name: '31st from Feb 28 to Mar 31', anchor: '2026-01-31', now: '2026-03-01T00:00:00Z', start: '2026-02-28T00:00:00.000Z', end: '2026-03-31T00:00:00.000Z' },
    { name: '31st clamps to Feb 29 in a leap year', anchor: '2024-01-31', now: '2024-02-15T00:00:00Z', start: '2024-01-31T00:00:00.000Z', end: '2024-02-29T00:00:00.000Z' },
    { name: '31st in a leap year from Feb 29', anchor: '2024-01-31', now: '2024-02-29T12:00:00Z', start: '2024-02-29T00:00:00.000Z', end: '2024-03-31T00:00:00.000Z' },
    { name: '31st clamps to Apr 30', anchor: '2026-01-31', now: '2026-04-15T00:00:00Z', start: '2026-03-31T00:00:00.000Z', end: '2026-04-30T00:00:00.000Z' },
    { name: '31st from Apr 30 to May 31', anchor: '2026-01-31', now: '2026-05-01T00:00:00Z', start: '2026-04-30T00:00:00.000Z', end: '2026-05-31T00:00:00.000Z' },
    { name: '29th in a common year clamps to Feb 28', anchor: '2025-01-29', now: '2025-03-01T00:00:00Z', start: '2025-02-28T00:00:00.000Z', end: '2025-03-29T00:00:00.000Z' },
    { name: 'December to January rollover', anchor: '2025-06-20', now: '2026-01-05T00:00:00Z', start: '2025-12-20T00:00:00.000Z', end: '2026-01-20T00:00:00.000Z' },
    { name: 'time of day kept: just before', anchor: '2026-01-15T09:30:00Z', now: '2026-03-15T09:29:59.999Z', start: '2026-02-15T09:30:00.000Z', end: '2026-03-15T09:30:00.000Z' },
    { name: 'time of day kept: at renewal', anchor: '2026-01-15T09:30:00Z', now: '2026-03-15T09:30:00Z', start: '2026-03-15T09:30:00.000Z', end: '2026-04-15T09:30:00.000Z' },
    { name: 'time of day kept across clamping', anchor: '2026-01-31T18:00:00Z', now: '2026-02-28T17:59:59Z', start: '2026-01-31T18:00:00.000Z', end: '2026-02-28T18:00:00.000Z' },
    { name: 'offset anchor read in UTC', anchor: '2026-01-15T01:00:00+02:00', now: '2026-03-14T23:30:00Z', start: '2026-03-14T23:00:00.000Z', end: '2026-04-14T23:00:00.000Z' },
    { name: 'anchor in the future', anchor: '2027-06-15', now: '2026-03-10T12:00:00Z', start: '2026-02-15T00:00:00.000Z', end: '2026-03-15T00:00:00.000Z' },
    { name: 'anchor far in the past', anchor: '1999-12-31', now: '2026-03-10T12:00:00Z', start: '2026-02-28T00:00:00.000Z', end: '2026-03-31T00:00:00.000Z' },
    { name: 'anchor equal to now', anchor: '2026-03-10T12:00:00Z', now: '2026-03-10T12:00:00Z', start: '2026-03-10T12:00:00.000Z', end: '2026-04-10T12:00:00.000Z' },
  ])('$name: $anchor, $now is in [$start, $end)', ({ anchor, now, start, end }) => {
    expect(show(billingPeriod(at(now), at(anchor)))).toEqual({ start, end });
  });
});


describe('billingPeriod invariants over random instants', () => {
  const FROM = Date.UTC(1971, 0, 1);
  const TO = Date.UTC(2100, 0, 1);

  it.each([{ seed: 1 }, { seed: 42 }, { seed: 20260310 }])('start <= now < end, 28-31 days long, contiguous (seed $seed)', ({ seed }) => {
    const next = seeded(seed);
    const instant = (): number => Math.floor(FROM + next() * (TO - FROM));
    const failures: string[] = [];
    for (let i = 0; i < 3_000; i++) {
      // Mostly instants near the start of a month or day, where clamping and rollover happen.
      const now = next() < 0.3 ? Date.UTC(2000 + Math.floor(next() * 80), Math.floor(next() * 12), 1 + Math.floor(next() * 2)) - Math.floor(next() * 2) : instant();
      const anchor = next() < 0.2 ? undefined : next() < 0.3 ? Date.UTC(2000 + Math.floor(next() * 80), Math.floor(next() * 12), 28 + Math.floor(next() * 4), 23, 59) : instant();
      const p = billingPeriod(now, anchor);
      const days = (p.end - p.start) / DAY;
      const ok =
        p.start <= now &&
        now < p.end &&
        Number.isInteger(days) &&
        days >= 28 &&
        days <= 31 &&
        billingPeriod(p.end, anchor).start === p.end &&
        billingPeriod(p.start - 1, anchor).end === p.start &&
        billingPeriod(p.start, anchor).start === p.start;
      if (!ok) failures.push(`now=${new Date(now).toISOString()} anchor=${anchor === undefined ? '-' : new Date(anchor).toISOString()} -> ${JSON.stringify(show(p))}`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });
});

describe('parseTime and isoDate', () => {
  it.each([
    { value: '2026-01-15', ms: Date.UTC(2026, 0, 15) },
    { value: '2026-01-15T09:30:00Z', ms: Date.UTC(2026, 0, 15, 9, 30) },
    { value: '2026-01-15T09:30:00+02:00', ms: Date.UTC(2026, 0, 15, 7, 30) },
    { value: 'not a date', ms: undefined },
    { value: undefined, ms: undefined },
  ])('parseTime($value) is $ms', ({ value, ms }) => {
    expect(parseTime(value)).toBe(ms);
  });

  it.each([
    { ms: Date.UTC(2026, 3, 1), date: '2026-04-01' },
    { ms: Date.UTC(2026, 11, 31, 23, 59, 59, 999), date: '2026-12-31' },
  ])('isoDate($ms) is $date', ({ ms, date }) => {
    expect(isoDate(ms)).toBe(date);
  });
});
