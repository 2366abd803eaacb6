import { describe, expect, it } from 'vitest';
import { BANDS, BREAKDOWNS, CATEGORIES, HOLDOUT, MAX_RANGE_DAYS, MOVEMENTS, SORTS, STAGES, TRAIT } from '../../admin/src/areas/analytics/constants';
import * as contract from '../../shared/schemas/analytics';

// The Analytics chunk keeps its own copies of the contract's lists (importing the schemas would bring
// zod into the console chunk). Each copy must list exactly what the contract lists, in its order.

describe('the Analytics area’s copies of shared/schemas/analytics/', () => {
  it.each([
    ['funnel stages', STAGES.map((s) => s.value), contract.FUNNEL_STAGES],
    ['breakdowns', BREAKDOWNS.map((b) => b.value), contract.FUNNEL_BREAKDOWNS],
    ['MRR movements', [...MOVEMENTS.map((m) => m.value)].sort(), [...contract.MOVEMENTS].sort()],
    ['readiness bands', BANDS.map((b) => b.value), contract.READINESS_BANDS],
    ['readiness categories', CATEGORIES.map((c) => c.value), contract.READINESS_CATEGORIES],
    ['readiness sorts', SORTS, contract.READINESS_SORTS],
  ])('%s', (_, copy, original) => {
    expect([...copy]).toEqual([...original]);
  });

  it('limits and the holdout name', () => {
    expect(MAX_RANGE_DAYS).toBe(contract.MAX_RANGE_DAYS);
    expect(HOLDOUT).toBe(contract.HOLDOUT);
  });

  it.each(['industry', 'company.size', 'a:b-c_d', 'x'.repeat(64), '', 'x'.repeat(65), 'two words', 'ünïcode', 'a/b'])('judges the trait name %j as RevenueQuery does', (name) => {
    expect(TRAIT.test(name)).toBe(contract.RevenueQuery.safeParse({ segment: `trait:${name}` }).success);
  });

  it('counts gains up and losses down as the NRR formula does', () => {
    const sign = Object.fromEntries(MOVEMENTS.map((m) => [m.value, m.sign]));
    expect(sign).toEqual({ new: 1, expansion: 1, reactivation: 1, contraction: -1, churn: -1 });
  });
});
