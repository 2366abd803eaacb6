import { describe, expect, it } from 'vitest';
import { classifyMovements, movementKind } from '../../server/services/analytics/movements';
import { revenueRollup } from '../../server/services/analytics/revenue-rollup';
import type { AccountChange } from '../../server/store/revenue-types';

const JAN = Date.UTC(2026, 0, 10);
const DAY = 86_400_000;
let n = 0;
const change = (at: number, mrrDelta: number, extra: Partial<AccountChange> = {}): AccountChange => ({
  id: `c${String(++n).padStart(3, '0')}`,
  at,
  mrrDelta,
  currency: 'USD',
  plan: null,
  ruleId: null,
  variant: null,
  ...extra,
});

describe('movementKind (ChartMogul)', () => {
  it.each([
    ['the first MRR ever', 0, 100, false, 'new'],
    ['MRR back from 0 after a churn', 0, 100, true, 'reactivation'],
    ['a rise', 100, 150, true, 'expansion'],
    ['a fall that keeps some MRR', 150, 100, true, 'contraction'],
    ['a fall to 0', 100, 0, true, 'churn'],
    ['nothing moved', 100, 100, true, null],
    ['still nothing', 0, 0, true, null],
  ] as const)('%s is %s', (_, before, after, hadMrr, kind) => {
    expect(movementKind(before, after, hadMrr)).toBe(kind);
  });
});

describe('classifyMovements', () => {
  it('reads the MRR values, not the declared type, in time then id order', () => {
    // Given out of order: the churn (at JAN+20) comes first in the list.
    const changes = [change(JAN + 20 * DAY, -300), change(JAN, 100), change(JAN + 5 * DAY, 200), change(JAN + 30 * DAY, 50), change(JAN + 31 * DAY, 25)];
    expect(classifyMovements(changes).map((m) => [m.kind, m.mrrBefore, m.mrrAfter, m.amount])).toEqual([
      ['new', 0, 100, 100],
      ['expansion', 100, 300, 200],
      ['churn', 300, 0, -300],
      ['reactivation', 0, 50, 50],
      ['expansion', 50, 75, 25],
    ]);
  });

  it('breaks ties at the same instant by id', () => {
    const b = change(JAN, -40, { id: 'b' });
    const a = change(JAN, 100, { id: 'a' });
    expect(classifyMovements([b, a]).map((m) => [m.conversionId, m.kind])).toEqual([
      ['a', 'new'],
      ['b', 'contraction'],
    ]);
  });

  it('moves nothing while the running sum is not positive, so movements add up to the MRR', () => {
    const moves = classifyMovements([change(JAN, -100), change(JAN + DAY, 60), change(JAN + 2 * DAY, 90)]);
    expect(moves.map((m) => [m.kind, m.mrrAfter])).toEqual([
      [null, 0],
      [null, 0],
      ['new', 50],
    ]);
  });

  it('keeps one MRR per currency', () => {
    const moves = classifyMovements([change(JAN, 100), change(JAN + DAY, 500, { currency: 'EUR' }), change(JAN + 2 * DAY, -100)]);
    expect(moves.map((m) => [m.currency, m.kind])).toEqual([
      ['USD', 'new'],
      ['EUR', 'new'],
      ['USD', 'churn'],
    ]);
  });
});

describe('revenueRollup', () => {
  it('puts a month’s movements in the plan at its start and its end MRR in the plan it ends on', () => {
    const feb = Date.UTC(2026, 1, 3);
    const { months } = revenueRollup([change(JAN, 100, { plan: 'basic' }), change(feb, 200, { plan: 'pro' })]);
    const plan = months.filter((r) => r.dimension === 'plan').map((r) => [r.month, r.segment, r.new, r.expansion, r.startMrr, r.endMrr]);
    expect(plan).toEqual([
      ['2026-01', 'basic', 100, 0, 0, 100],
      ['2026-02', 'basic', 0, 200, 100, 0],
      ['2026-02', 'pro', 0, 0, 0, 300],
    ]);
    const first = months.find((r) => r.dimension === 'all' && r.month === '2026-02');
    expect(first).toMatchObject({ expanded: 1, firstExpansionDays: (feb - JAN) / DAY, startAccounts: 1, endAccounts: 1 });
  });
});
