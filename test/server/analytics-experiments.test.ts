import { describe, expect, it } from 'vitest';
import { DEFAULT_MIN_USEFUL_LIFT, analyseExperiments, type ExperimentSettings, type LiveSplits } from '../../server/services/analytics/experiments';
import { expectedSplit, type SplitRule } from '../../server/services/analytics/experiment-split';
import type { CohortRow } from '../../server/store/exposure-types';
import { inGlobalHoldout, ruleAssignment } from '../../shared/engine/bucket';
import { checkSrm, proportion, sampleMean, sequentialTwoSidedTTest, twoSidedTTest } from '../../shared/stats';

// The service on hand-built cohort rows. Expected statistics come from shared/stats, which
// test/shared/stats-gbstats.test.ts checks against gbstats' published vectors.

const SEQ: ExperimentSettings = { mode: 'sequential', tuning: 5000, minUsefulLift: DEFAULT_MIN_USEFUL_LIFT };
const FIXED: ExperimentSettings = { ...SEQ, mode: 'fixed' };

const row = (ruleId: string, variant: string, accounts: number, converted: number, mrr = converted * 1000, squares = converted * 1000 * 1000, currencies = converted ? ['USD'] : []): CohortRow => ({
  ruleId,
  variant,
  trigger: 'usage',
  accounts,
  converted,
  expansionMrr: mrr,
  mrrSumSquares: squares,
  currencies,
});

const live = (rules: Record<string, SplitRule>, globalHoldout?: number): LiveSplits => ({ globalHoldout, rules: new Map(Object.entries(rules)) });
const AB = { holdout: 20, variants: [{ id: 'a', weight: 1 }, { id: 'b', weight: 1 }] };

describe('expectedSplit mirrors bucketing', () => {
  it.each([
    ['rule holdout and two variants', { holdout: 20, variants: [{ id: 'a', weight: 3 }, { id: 'b', weight: 1 }] }, 10, { holdout: 0.28, a: 0.54, b: 0.18 }],
    ['global holdout only, unnamed arm', {}, 10, { holdout: 0.1, '': 0.9 }],
    ['one variant takes the rest whatever its weight', { holdout: 50, variants: [{ id: 'solo', weight: 0 }] }, 0, { holdout: 0.5, solo: 0.5 }],
    ['negative weights count as 0', { variants: [{ id: 'a', weight: 2 }, { id: 'b', weight: -1 }] }, 0, { a: 1, b: 0 }],
  ])('%s', (_name, rule, global, want) => {
    const got = Object.fromEntries(expectedSplit(rule, global));
    expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
    for (const [k, v] of Object.entries(want)) expect(got[k]).toBeCloseTo(v, 12);
  });

  it("matches the engine's own assignments of 40,000 accounts", () => {
    const rule = { id: 'r', holdout: 15, variants: [{ id: 'a', weight: 2 }, { id: 'b', weight: 1 }] };
    const counts: Record<string, number> = { holdout: 0, a: 0, b: 0 };
    const n = 40_000;
    for (let i = 0; i < n; i++) {
      const id = `acct_${i}`;
      const a = inGlobalHoldout(10, id) ? null : ruleAssignment(rule, id);
      const arm = !a || a.group === 'holdout' ? 'holdout' : a.variant;
      counts[arm] = counts[arm]! + 1;
    }
    // 4 standard errors of a share at n = 40,000 is at most 0.01.
    for (const [arm, share] of expectedSplit(rule, 10)) expect(Math.abs(counts[arm]! / n - share)).toBeLessThan(0.01);
  });
});

describe('analyseExperiments', () => {
  const rows = [row('r1', 'a', 2000, 260, 260_000, 260 * 1000 ** 2 + 5e9), row('r1', 'holdout', 1000, 100), row('r1', 'b', 2000, 200)];

  it('compares each arm with the holdout on conversion and MRR per account, sequentially', () => {
    const answer = analyseExperiments(rows, live({ r1: AB }), SEQ);
    const [e] = answer.experiments;
    expect(e!.arms.map((a) => a.variant)).toEqual(['holdout', 'a', 'b']);
    expect(e!.arms[1]).toEqual({ variant: 'a', accounts: 2000, converted: 260, conversionRate: 0.13, expansionMrr: 260_000, mrrPerAccount: 130 });
    const conv = sequentialTwoSidedTTest(proportion(1000, 100), proportion(2000, 260), { relative: false, tuning: 5000 });
    const convRel = sequentialTwoSidedTTest(proportion(1000, 100), proportion(2000, 260), { relative: true, tuning: 5000 });
    const mrr = sequentialTwoSidedTTest(sampleMean(1000, 100_000, 100 * 1e6), sampleMean(2000, 260_000, 260 * 1e6 + 5e9), { relative: false, tuning: 5000 });
    const ca = e!.comparisons.find((c) => c.variant === 'a' && c.metric === 'conversion')!;
    expect(ca.absolute).toEqual({ estimate: conv.estimate, low: conv.low, high: conv.high });
    expect(ca.relative).toEqual({ estimate: convRel.estimate, low: convRel.low, high: convRel.high });
    expect(ca.pValue).toBe(conv.pValue);
    expect(ca.significant).toBe(conv.low > 0 || conv.high < 0);
    const ma = e!.comparisons.find((c) => c.variant === 'a' && c.metric === 'mrr')!;
    expect(ma.absolute).toEqual({ estimate: mrr.estimate, low: mrr.low, high: mrr.high });
    expect(e!.comparisons).toHaveLength(4);
    expect(e!.srm).toEqual({ pValue: checkSrm([1000, 2000, 2000], [0.2, 0.4, 0.4]), expected: { holdout: 0.2, a: 0.4, b: 0.4 } });
    expect(e!.warnings).toEqual([]);
    expect(answer.currency).toBe('USD');
  });

  it('uses the fixed-horizon Welch test on request', () => {
    const e = analyseExperiments(rows, live({ r1: AB }), FIXED).experiments[0]!;
    const want = twoSidedTTest(proportion(1000, 100), proportion(2000, 200), { relative: false });
    expect(e.comparisons.find((c) => c.variant === 'b' && c.metric === 'conversion')!.absolute).toEqual({ estimate: want.estimate, low: want.low, high: want.high });
  });

  it('states a significant lift in percentage points and money', () => {
    const rs = [row('r1', 'holdout', 3000, 300, 300 * 1000), row('r1', 'b', 3000, 450, 450 * 2000, 450 * 2000 ** 2)];
    const e = analyseExperiments(rs, live({ r1: { holdout: 50, variants: [{ id: 'b', weight: 1 }] } }), FIXED).experiments[0]!;
    const c = twoSidedTTest(proportion(3000, 300), proportion(3000, 450), { relative: false });
    const m = (450 * 2000 - 300 * 1000) / 3000 / 100;
    expect(e.verdict).toBe(`Variant b converts +${(c.estimate * 100).toFixed(1)} pp (95 % CI ${(c.low * 100).toFixed(1)} to ${(c.high * 100).toFixed(1)}) over holdout; MRR per exposed account +$${m.toFixed(2)}.`);
  });

  it('formats money in the conversions\' currency, with its own minor units', () => {
    const rs = [row('r1', 'holdout', 3000, 300, 300 * 1000, 300 * 1e6, ['JPY']), row('r1', 'b', 3000, 450, 450 * 2000, 450 * 2000 ** 2, ['JPY'])];
    const e = analyseExperiments(rs, live({ r1: { holdout: 50, variants: [{ id: 'b', weight: 1 }] } }), FIXED).experiments[0]!;
    // (900,000 − 300,000) / 3000 = 200 yen per exposed account: yen have no minor unit.
    expect(e.verdict).toContain('MRR per exposed account +¥200.');
  });

  it('says "not enough data yet" below 150 conversions in the arms compared, and never prunes then', () => {
    const e = analyseExperiments([row('r1', 'holdout', 500, 40), row('r1', '', 500, 109)], live({ r1: { holdout: 50 } }), SEQ).experiments[0]!;
    expect(e.warnings.map((w) => w.code)).toEqual(['low_data']);
    expect(e.verdict).toContain('The prompt: not enough data yet (149 of 150 conversions');
    expect(e.prune).toBe(false);
    const enough = analyseExperiments([row('r1', 'holdout', 500, 41), row('r1', '', 500, 109)], live({ r1: { holdout: 50 } }), SEQ).experiments[0]!;
    expect(enough.warnings).toEqual([]);
  });

  it('flags a sample-ratio mismatch below p = 0.001 against the configured split', () => {
    const rs = [row('r1', 'holdout', 1300, 150), row('r1', 'a', 4000, 450)];
    const e = analyseExperiments(rs, live({ r1: { holdout: 20, variants: [{ id: 'a', weight: 1 }] } }), SEQ).experiments[0]!;
    expect(checkSrm([1300, 4000], [0.2, 0.8])).toBeLessThan(0.001);
    expect(e.warnings.map((w) => w.code)).toContain('srm');
    expect(e.verdict).toMatch(/^Sample ratio mismatch/);
    expect(e.prune).toBe(false);
  });

  it('warns when nothing was held out, and compares nothing', () => {
    const e = analyseExperiments([row('r1', 'a', 500, 90), row('r1', 'b', 500, 80)], live({ r1: { variants: AB.variants } }), SEQ).experiments[0]!;
    expect(e.warnings.map((w) => w.code)).toEqual(['no_holdout']);
    expect(e.comparisons).toEqual([]);
    expect(e.srm?.expected).toEqual({ a: 0.5, b: 0.5 });
    expect(e.prune).toBe(false);
  });

  it('expects only the arms the live split has: a rule with just a holdout expects no share of a variant it no longer has', () => {
    // The rule ran variant a once; now it has only a 25 % holdout, so the split is holdout 0.25, the unnamed arm 0.75.
    const rs = [row('r1', 'holdout', 250, 30), row('r1', '', 700, 80), row('r1', 'a', 50, 5)];
    const e = analyseExperiments(rs, live({ r1: { holdout: 25 } }), SEQ).experiments[0]!;
    expect(e.srm).toEqual({ pValue: checkSrm([250, 700, 50], [0.25, 0.75, 0]), expected: { holdout: 0.25, '': 0.75 } });
  });

  it('warns when conversions mix currencies, and reports no single currency', () => {
    const answer = analyseExperiments([row('r1', 'holdout', 1000, 100), row('r1', 'a', 1000, 120, 120_000, 1.2e8, ['EUR', 'USD'])], live({ r1: { holdout: 50, variants: [{ id: 'a', weight: 1 }] } }), SEQ);
    expect(answer.experiments[0]!.warnings.map((w) => w.code)).toContain('mixed_currency');
    expect(answer.currency).toBeNull();
  });

  it('leaves out rules that run no experiment, unless a global holdout makes them one', () => {
    const rs = [row('plain', '', 800, 50), row('r1', 'holdout', 200, 20), row('r1', 'a', 800, 90)];
    expect(analyseExperiments(rs, live({ plain: {}, r1: { holdout: 20, variants: [{ id: 'a', weight: 1 }] } }), SEQ).experiments.map((e) => e.ruleId)).toEqual(['r1']);
    const withGlobal = analyseExperiments(rs, live({ plain: {}, r1: { holdout: 20, variants: [{ id: 'a', weight: 1 }] } }, 10), SEQ);
    expect(withGlobal.experiments.map((e) => e.ruleId)).toEqual(['plain', 'r1']);
    expect(withGlobal.experiments[0]!.warnings.map((w) => w.code)).toEqual(['no_holdout']);
  });

  it('answers open bounds and no p-value where gbstats refuses (no conversion in the holdout)', () => {
    const e = analyseExperiments([row('r1', 'holdout', 400, 0), row('r1', '', 400, 160)], live({ r1: { holdout: 50 } }), SEQ).experiments[0]!;
    const c = e.comparisons.find((x) => x.metric === 'conversion')!;
    expect(c).toMatchObject({ absolute: { estimate: 0.4, low: null, high: null }, pValue: null, significant: false });
  });

  it('marks rules whose interval, after enough data, stays below the useful lift, grouped by trigger', () => {
    // Equal rates on 60,000 accounts per arm: the sequential upper bound is well under +1 pp.
    const flat = [row('flat', 'holdout', 60_000, 6000), row('flat', '', 60_000, 6000)];
    const forecast = [row('fc', 'holdout', 60_000, 6000), row('fc', '', 60_000, 5900)].map((r) => ({ ...r, trigger: 'forecast' }));
    const winner = [row('win', 'holdout', 60_000, 6000), row('win', '', 60_000, 7500)];
    const splits = live({ flat: { holdout: 50 }, fc: { holdout: 50 }, win: { holdout: 50 } });
    const answer = analyseExperiments([...flat, ...forecast, ...winner], splits, SEQ);
    const high = sequentialTwoSidedTTest(proportion(60_000, 6000), proportion(60_000, 6000), { relative: false, tuning: 5000 }).high;
    expect(high).toBeLessThan(0.01);
    expect(answer.experiments.map((e) => [e.ruleId, e.prune])).toEqual([['fc', true], ['flat', true], ['win', false]]);
    expect(answer.pruneByTrigger).toEqual([{ trigger: 'usage', rules: ['flat'] }, { trigger: 'forecast', rules: ['fc'] }]);
    // With no lift required, any upper bound above 0 keeps the rule.
    expect(analyseExperiments(flat, splits, { ...SEQ, minUsefulLift: 0 }).experiments[0]!.prune).toBe(false);
  });
});
