import { describe, expect, it } from 'vitest';
import { labelIndexes, linear, niceStep, niceTicks } from '../../admin/src/areas/analytics/charts/scale';
import { hours, minorPerMajor, money, pp, pct } from '../../admin/src/areas/analytics/format';
import { bucketLabels } from '../../admin/src/areas/analytics/funnel-parts';
import { addDays, DEFAULTS, effectiveRange, monthsOf, rangeDays, rangeProblem, readState, writeState } from '../../admin/src/areas/analytics/url-state';

describe('axis ticks', () => {
  it.each([
    [0, 97, 5, [0, 20, 40, 60, 80, 100]],
    [0, 1, 5, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [0, 0, 5, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [-30, 45, 5, [-40, -20, 0, 20, 40, 60]],
    [-0.031, 0.031, 6, [-0.04, -0.02, 0, 0.02, 0.04]],
    [7, 7, 5, [0, 5, 10, 15]],
  ])('from %d to %d in about %d steps', (min, max, count, expected) => {
    const ticks = niceTicks(min, max, count);
    expect(ticks).toEqual(expected);
    // Every value fits between the first and the last tick.
    expect(ticks[0]).toBeLessThanOrEqual(Math.min(min, max));
    expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(Math.max(min, max));
  });
  it.each([
    [100, 5, 20],
    [1, 5, 0.2],
    [3, 5, 1],
    [0, 5, 1],
  ])('step for a span of %d in %d parts is %d', (span, count, step) => expect(niceStep(span, count)).toBeCloseTo(step, 10));
  it('keeps steps whole for counts', () => {
    expect(niceTicks(0, 2, 5, true)).toEqual([0, 1, 2]);
    expect(niceTicks(0, 2, 5)).toEqual([0, 0.5, 1, 1.5, 2]);
  });
  it('maps a domain onto pixels, and a point domain onto the middle', () => {
    expect(linear(0, 10, 100, 0)(2.5)).toBe(75);
    expect(linear(5, 5, 0, 100)(5)).toBe(50);
  });
  it('spreads at most max labels with both ends', () => {
    expect(labelIndexes(5, 8)).toEqual([0, 1, 2, 3, 4]);
    expect(labelIndexes(30, 8)).toEqual([0, 5, 10, 15, 20, 25, 29]);
    expect(labelIndexes(30, 8).length).toBeLessThanOrEqual(8);
  });
});

describe('URL state', () => {
  it('round-trips every choice and leaves defaults out', () => {
    const state = { ...DEFAULTS, view: 'readiness' as const, from: '2026-11-01', to: '2026-11-30', rule: 'api-usage-ladder', by: 'variant' as const, mode: 'fixed' as const, segment: 'trait:industry', band: 'high' as const, fixFirst: 'false' as const, plan: 'pro', q: 'acme co', sort: 'account' as const, page: 3 };
    const url = writeState('/admin/env/e1/analytics', state);
    expect(readState(url)).toEqual(state);
    expect(writeState('/admin/env/e1/analytics', DEFAULTS)).toBe('/admin/env/e1/analytics');
    expect(writeState('/p', { ...DEFAULTS, view: 'funnel' })).toBe('/p?view=funnel');
  });
  it('drops what it does not know instead of asking the server for it', () => {
    expect(readState('/p?view=nope&from=2026-13-45&to=yesterday&by=colour&mode=x&band=top&sort=name&page=-2&fixFirst=maybe')).toEqual(DEFAULTS);
  });
  it('defaults to the 30 days up to today (UTC), as the API does', () => {
    const now = Date.UTC(2026, 11, 7, 23, 59);
    expect(effectiveRange({ from: '', to: '' }, now)).toEqual({ from: '2026-11-08', to: '2026-12-07' });
    expect(effectiveRange({ from: '2026-01-01', to: '' }, now)).toEqual({ from: '2026-01-01', to: '2026-12-07' });
    expect(rangeDays('2026-11-08', '2026-12-07')).toBe(30);
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
  it.each([
    ['2026-11-01', '2026-11-30', null],
    ['2026-11-30', '2026-11-30', null],
    ['2026-12-01', '2026-11-30', /on or before/],
    ['2025-01-01', '2026-02-05', /at most 400 days/],
    ['', '2026-02-05', /both dates/],
  ])('range %s to %s', (from, to, problem) => {
    const why = rangeProblem(from, to);
    if (problem === null) expect(why).toBeNull();
    else expect(why).toMatch(problem);
  });
  it('asks the scoreboard for the whole months the range touches', () => {
    expect(monthsOf({ from: '2026-09-08', to: '2026-12-07' })).toEqual({ from: '2026-09', to: '2026-12' });
  });
});

describe('formats', () => {
  it('money in minor units of the answer’s currency', () => {
    expect(minorPerMajor('USD')).toBe(100);
    expect(minorPerMajor('JPY')).toBe(1);
    expect(minorPerMajor('BHD')).toBe(1000);
    expect(money(123456, 'USD')).toBe(new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }).format(1234.56));
    expect(money(500, 'JPY')).toBe(new Intl.NumberFormat(undefined, { style: 'currency', currency: 'JPY' }).format(500));
    expect(money(420, 'USD', true).startsWith('+')).toBe(true);
    expect(money(null, 'USD')).toBe('–');
  });
  it('percentages and percentage points', () => {
    expect(pct(null)).toBe('–');
    expect(pct(0.5)).toBe(new Intl.NumberFormat(undefined, { style: 'percent', minimumFractionDigits: 1 }).format(0.5));
    expect(pp(0.031)).toMatch(/^\+3[.,]1 pp$/);
    expect(pp(-0.012)).toMatch(/^-1[.,]2 pp$/);
  });
  it('hours in the unit that reads best', () => {
    expect(hours(0.5)).toBe('30 min');
    expect(hours(5.5)).toMatch(/^5[.,]5 h$/);
    expect(hours(72)).toBe('3 days');
  });
  it('labels time-to-conversion buckets by their bounds', () => {
    const buckets = [1, 24, 168, null].map((upToHours) => ({ upToHours, count: 1 }));
    expect(bucketLabels(buckets)).toEqual(['< 1 h', '1 h–24 h', '24 h–7 d', '7 d +']);
  });
});
