import { describe, expect, it } from 'vitest';
import { monthSpan } from '../../server/store/funnel-months';

// The split of a day range into whole months and the days at either end, written out by hand.
const NO_MONTH = { firstMonth: '9999-12', lastMonth: '0000-01' };

describe('monthSpan', () => {
  it.each([
    ['2026-02-01', '2026-03-31', { firstMonth: '2026-02', lastMonth: '2026-03', headTo: '2026-01-31', tailFrom: '2026-04-01' }],
    ['2025-11-07', '2026-11-06', { firstMonth: '2025-12', lastMonth: '2026-10', headTo: '2025-11-30', tailFrom: '2026-11-01' }],
    ['2025-12-31', '2026-01-31', { firstMonth: '2026-01', lastMonth: '2026-01', headTo: '2025-12-31', tailFrom: '2026-02-01' }],
    ['2028-02-01', '2028-02-29', { firstMonth: '2028-02', lastMonth: '2028-02', headTo: '2028-01-31', tailFrom: '2028-03-01' }],
    ['2026-02-01', '2026-02-28', { firstMonth: '2026-02', lastMonth: '2026-02', headTo: '2026-01-31', tailFrom: '2026-03-01' }],
    ['2028-02-01', '2028-02-28', { ...NO_MONTH, headTo: '2028-02-28', tailFrom: '9999-12-31' }],
    ['2026-02-16', '2026-03-05', { ...NO_MONTH, headTo: '2026-03-05', tailFrom: '9999-12-31' }],
    ['2026-03-31', '2026-03-31', { ...NO_MONTH, headTo: '2026-03-31', tailFrom: '9999-12-31' }],
    ['2026-03-02', '2026-04-30', { firstMonth: '2026-04', lastMonth: '2026-04', headTo: '2026-03-31', tailFrom: '2026-05-01' }],
  ])('splits %s..%s', (from, to, want) => {
    expect(monthSpan(from, to)).toEqual(want);
  });
});
