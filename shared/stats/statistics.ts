// Sample statistics from aggregates, as gbstats' ProportionStatistic and SampleMeanStatistic
// (packages/stats/gbstats/models/statistics.py) compute them: no row is needed, only n and sums,
// which is what rollup tables keep.

/** What a test needs of one arm: its size, mean and (unit-level) variance. */
export interface Sample {
  n: number;
  mean: number;
  variance: number;
}

/** A proportion: `sum` successes of `n`; variance p(1 − p), as gbstats (not the unbiased n/(n−1) form). */
export function proportion(n: number, sum: number): Sample {
  const mean = n === 0 ? 0 : sum / n;
  return { n, mean, variance: mean * (1 - mean) };
}

/** A sample mean from n, Σx and Σx²; the unbiased variance (Σx² − (Σx)²/n)/(n − 1), 0 below two units. */
export function sampleMean(n: number, sum: number, sumSquares: number): Sample {
  return { n, mean: n === 0 ? 0 : sum / n, variance: n <= 1 ? 0 : (sumSquares - (sum * sum) / n) / (n - 1) };
}
