import { studentTCdf, studentTQuantile } from './distributions';
import type { Sample } from './statistics';

// gbstats' frequentist engine (packages/stats/gbstats/frequentist/tests.py, models/tests.py and
// utils.py in growthbook/growthbook), rewritten from reading it: a Welch t-test of treatment `b`
// against control `a`, the relative lift's variance by the delta method, and the asymptotic
// confidence sequences of Waudby-Smith et al. (arXiv 2103.06476) for continuous monitoring.

export interface TestOptions {
  /** Relative lift ((b − a)/|a|) rather than the absolute difference. */
  relative: boolean;
  /** 1 − the interval's coverage; 0.05 gives 95 % intervals. */
  alpha?: number;
}

export interface SequentialOptions extends TestOptions {
  /** The sample size the sequence is tightest at (gbstats' `sequential_tuning_parameter`, default 5000). */
  tuning?: number;
}

/** Why a test could not run; gbstats then answers its "uninformative" default (0, CI (0, 0), p = 1). */
export type TestError = 'zero_variance' | 'baseline_zero';

export interface TestResult {
  estimate: number;
  /** Standard error of the estimate. */
  standardError: number;
  low: number;
  high: number;
  pValue: number;
  error: TestError | null;
}

export const DEFAULT_ALPHA = 0.05;
export const DEFAULT_SEQUENTIAL_TUNING = 5000;

const uninformative = (error: TestError): TestResult => ({ estimate: 0, standardError: 0, low: 0, high: 0, pValue: 1, error });

interface Moments {
  estimate: number;
  standardError: number;
}

// EffectMoments: the point estimate and its standard error, or why there is none. Note that
// gbstats refuses a zero control mean even for the absolute difference, and so do we.
function moments(a: Sample, b: Sample, relative: boolean): Moments | TestError {
  const varA = a.variance / a.n;
  const varB = b.variance / b.n;
  let variance = varB + varA;
  // Delta method for (b − a)/a: Var(b)/a² + Var(a)·b²/a⁴ (variance_of_ratios with no covariance).
  if (relative) variance = a.mean === 0 ? 0 : varB / a.mean ** 2 + (varA * b.mean ** 2) / a.mean ** 4;
  if (!(a.variance > 0) || !(b.variance > 0) || !(variance > 0)) return 'zero_variance';
  if (a.mean === 0) return 'baseline_zero';
  const estimate = relative ? (b.mean - a.mean) / Math.abs(a.mean) : b.mean - a.mean;
  return { estimate, standardError: Math.sqrt(variance) };
}

/** Welch–Satterthwaite degrees of freedom of the two arms' unit variances. */
export function welchDof(a: Sample, b: Sample): number {
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  return (va + vb) ** 2 / (vb ** 2 / (b.n - 1) + va ** 2 / (a.n - 1));
}

/** gbstats' `TwoSidedTTest`: fixed-horizon interval from Student's t at Welch's degrees of freedom. */
export function twoSidedTTest(a: Sample, b: Sample, options: TestOptions): TestResult {
  const m = moments(a, b, options.relative);
  if (typeof m === 'string') return uninformative(m);
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const dof = welchDof(a, b);
  const halfwidth = studentTQuantile(1 - alpha / 2, dof) * m.standardError;
  const pValue = 2 * (1 - studentTCdf(Math.abs(m.estimate / m.standardError), dof));
  return { ...m, low: m.estimate - halfwidth, high: m.estimate + halfwidth, pValue, error: null };
}

/** ρ of the two-sided confidence sequence tuned for `tuning` units (eq. 161 of arXiv 2103.06476). */
export function sequentialRho(alpha: number, tuning: number): number {
  const l = -2 * Math.log(alpha);
  return Math.sqrt((l + Math.log(l + 1)) / tuning);
}

/**
 * gbstats' `SequentialTwoSidedTTest`: the asymptotic confidence sequence (eq. 9 of arXiv
 * 2103.06476) around the same estimate, with n the units of both arms and σ² = SE²·n, and the
 * p-value as gbstats defines it: 1/e-value (eq. 155), capped at 1. It is an anytime-valid p-value,
 * so it is often exactly 1 early on even where the fixed-horizon test would be small.
 */
export function sequentialTwoSidedTTest(a: Sample, b: Sample, options: SequentialOptions): TestResult {
  const m = moments(a, b, options.relative);
  if (typeof m === 'string') return uninformative(m);
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const rho2 = sequentialRho(alpha, options.tuning ?? DEFAULT_SEQUENTIAL_TUNING) ** 2;
  const n = a.n + b.n;
  const s2 = m.standardError ** 2 * n;
  const nr = n * rho2 + 1;
  const halfwidth = Math.sqrt(s2) * Math.sqrt((2 * nr * Math.log(Math.sqrt(nr) / alpha)) / (n * n * rho2));
  const st2 = (m.estimate ** 2 * n) / m.standardError ** 2;
  const evalue = Math.exp((rho2 * st2) / (2 * nr)) / Math.sqrt(nr);
  return { ...m, low: m.estimate - halfwidth, high: m.estimate + halfwidth, pValue: Math.min(1 / evalue, 1), error: null };
}
