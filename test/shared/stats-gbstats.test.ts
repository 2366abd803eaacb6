import { describe, expect, it } from 'vitest';
import { checkSrm, proportion, sampleMean, sequentialTwoSidedTTest, twoSidedTTest, type Sample, type TestResult } from '../../shared/stats';

// GrowthBook's gbstats, frequentist engine. Published vectors come from their unit tests:
//   repo growthbook/growthbook, commit 8f1db4456915a8e7b7faf23d5632ca7219d2f469,
//   packages/stats/tests/frequentist/test_tests.py (TestTwoSidedTTest, TestSequentialTTest;
//   rounded there to 5 decimals), and for SRM
//   commit 49bfdc71b9106d9ec1749b7cca64979e3eb69a51, packages/stats/tests/test_gbstats.py
//   (TestHelpers.test_srm: check_srm([1000, 1200], [0.5, 0.5]) = 0.000020079).
// Their tests publish no two-sided *absolute sequential* vector, so the rows marked "run" were
// printed by running gbstats itself at commit 8f1db44 (TwoSidedTTest / SequentialTwoSidedTTest /
// check_srm on the statistics shown, scipy 1.17.1). Agreement is asserted to 4 decimals.

const mean = (sum: number, sumSquares: number, n: number) => sampleMean(n, sum, sumSquares);
const A_3407 = mean(1396.87, 52377.9767, 3407);
const A_3000 = mean(1396.87, 52377.9767, 3000);
const B = mean(2422.7, 134698.29, 3461);

interface Vector {
  name: string;
  source: 'published' | 'run';
  a: Sample;
  b: Sample;
  mode: 'fixed' | 'sequential';
  relative: boolean;
  tuning?: number;
  /** expected, ci low, ci high, uplift stddev, p-value */
  want: [number, number, number, number, number];
}

const VECTORS: Vector[] = [
  { name: 'test_two_sided_ttest', source: 'published', a: A_3407, b: B, mode: 'fixed', relative: true, want: [0.70732, -0.03526, 1.44989, 0.37879, 0.06191] },
  { name: 'test_two_sided_ttest_absolute', source: 'published', a: A_3407, b: B, mode: 'fixed', relative: false, want: [0.29, 0.04538, 0.53462, 0.12478, 0.02016] },
  { name: 'test_two_sided_ttest_binom', source: 'published', a: proportion(28, 14), b: proportion(30, 16), mode: 'fixed', relative: true, want: [0.06667, -0.47767, 0.61101, 0.2717, 0.80707] },
  { name: 'test_sequential_test_runs (τ 1000)', source: 'published', a: A_3000, b: B, mode: 'sequential', relative: true, tuning: 1000, want: [0.50336, -0.55844, 1.56516, 0.33341, 1] },
  { name: 'test_sequential_test_runs_prop', source: 'published', a: proportion(3000, 1396), b: proportion(3461, 2422), mode: 'sequential', relative: true, want: [0.50386, 0.40098, 0.60675, 0.03386, 0] },
  { name: 'sequential absolute, sample mean', source: 'run', a: A_3000, b: B, mode: 'sequential', relative: false, want: [0.23437666666666668, -0.16011652842982782, 0.6288698617631612, 0.12983081254184736, 0.7601250075467714] },
  { name: 'sequential relative, sample mean, τ 5000', source: 'run', a: A_3000, b: B, mode: 'sequential', relative: true, want: [0.5033610858562358, -0.5097177608556427, 1.5164399325681144, 0.3334122146400735, 1] },
  { name: 'sequential absolute, 3407 units', source: 'run', a: A_3407, b: B, mode: 'sequential', relative: false, want: [0.29, -0.0894100955383455, 0.6694100955383455, 0.12478363158758794, 0.290744559185973] },
  { name: 'sequential absolute, proportion', source: 'run', a: proportion(3000, 1396), b: proportion(3461, 2422), mode: 'sequential', relative: false, want: [0.23446441298276027, 0.19804879693925878, 0.2708800290262618, 0.011984665588422325, 6.300128463364596e-76] },
  { name: 'fixed absolute, proportion', source: 'run', a: proportion(3000, 1396), b: proportion(3461, 2422), mode: 'fixed', relative: false, want: [0.23446441298276027, 0.2109702711126937, 0.25795855485282687, 0.011984665588422325, 0] },
  { name: 'fixed absolute, small proportions', source: 'run', a: proportion(2000, 120), b: proportion(2050, 151), mode: 'fixed', relative: false, want: [0.013658536585365852, -0.0017145462874820772, 0.02903161945821378, 0.007841196915026964, 0.08160326337684776] },
  { name: 'fixed relative, small proportions', source: 'run', a: proportion(2000, 120), b: proportion(2050, 151), mode: 'fixed', relative: true, want: [0.22764227642276422, -0.05681579205912582, 0.5121003449046543, 0.14509072431881823, 0.11673462723255823] },
  { name: 'sequential absolute, small proportions', source: 'run', a: proportion(2000, 120), b: proportion(2050, 151), mode: 'sequential', relative: false, want: [0.013658536585365852, -0.010177612694050084, 0.03749468586478179, 0.007841196915026964, 0.7332871961480357] },
  { name: 'sequential relative, small proportions', source: 'run', a: proportion(2000, 120), b: proportion(2050, 151), mode: 'sequential', relative: true, want: [0.22764227642276422, -0.21341336870383734, 0.6686979215493658, 0.14509072431881823, 0.9394283776004565] },
  { name: 'sequential absolute, small proportions, τ 1000', source: 'run', a: proportion(2000, 120), b: proportion(2050, 151), mode: 'sequential', relative: false, tuning: 1000, want: [0.013658536585365852, -0.01087272803004374, 0.03818980120077545, 0.007841196915026964, 1] },
  { name: 'sequential relative, small proportions, τ 1000', source: 'run', a: proportion(2000, 120), b: proportion(2050, 151), mode: 'sequential', relative: true, tuning: 1000, want: [0.22764227642276422, -0.22627553613533738, 0.6815600889808658, 0.14509072431881823, 1] },
];

const run = (v: Vector): TestResult =>
  v.mode === 'fixed' ? twoSidedTTest(v.a, v.b, { relative: v.relative }) : sequentialTwoSidedTTest(v.a, v.b, { relative: v.relative, ...(v.tuning ? { tuning: v.tuning } : {}) });

describe('gbstats frequentist vectors', () => {
  it.each(VECTORS)('$name ($source, $mode)', (v) => {
    const r = run(v);
    const [expected, low, high, stddev, pValue] = v.want;
    expect(r.error).toBeNull();
    expect(r.estimate).toBeCloseTo(expected, 4);
    expect(r.low).toBeCloseTo(low, 4);
    expect(r.high).toBeCloseTo(high, 4);
    expect(r.standardError).toBeCloseTo(stddev, 4);
    expect(r.pValue).toBeCloseTo(pValue, 4);
  });

  it('answers gbstats\' uninformative default when a variance is missing (test_two_sided_ttest_missing_variance)', () => {
    // n = 2 with these sums gives a negative "variance": gbstats returns 0, CI (0, 0), p = 1.
    const r = twoSidedTTest(mean(1396.87, 52377.9767, 2), B, { relative: true });
    expect(r).toMatchObject({ estimate: 0, low: 0, high: 0, pValue: 1, error: 'zero_variance' });
  });

  it('refuses a zero baseline, as gbstats does, even for the absolute difference', () => {
    expect(twoSidedTTest(proportion(100, 0), proportion(100, 5), { relative: false }).error).toBe('zero_variance');
    expect(twoSidedTTest(mean(0, 50, 10), mean(10, 20, 10), { relative: false }).error).toBe('baseline_zero');
  });

  it('narrows the sequence most near its tuning size (test_sequential_test_tuning_as_expected)', () => {
    const ci = (tuning: number) => sequentialTwoSidedTTest(A_3000, B, { relative: true, tuning });
    const below = ci(10);
    const near = ci(6461);
    const above = ci(10000);
    expect(below.low).toBeLessThan(above.low);
    expect(below.high).toBeGreaterThan(above.high);
    expect(above.low).toBeLessThan(near.low);
    expect(above.high).toBeGreaterThan(near.high);
  });
});

describe('gbstats check_srm', () => {
  it.each([
    ['published', [1000, 1200], [0.5, 0.5], 0.000020079],
    ['run', [3300, 3300, 3400], [1, 1, 1], 0.36787944117144245],
    ['run', [500, 480, 30], [0.45, 0.45, 0.1], 7.281314284063946e-13],
    ['run', [500, 0, 520], [0.5, 0, 0.5], 0.8219477656585985],
  ])('%s: users %j, weights %j → p = %f', (_source, users, weights, want) => {
    expect(checkSrm(users, weights)).toBeCloseTo(want, 4);
  });

  it('is 1 when no unit was observed', () => expect(checkSrm([0, 0], [1, 1])).toBe(1));
});
