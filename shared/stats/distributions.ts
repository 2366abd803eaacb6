import { incompleteBeta, logGamma, upperGamma } from './special';

// The distributions gbstats takes from scipy (norm, t, chi2), as plain functions. Quantiles invert
// the CDFs by Newton's method from a close start, with bisection as the fallback, so they agree
// with the CDFs to machine precision rather than to a published approximation's error.

/** Standard normal density. */
export const normalPdf = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/** Standard normal CDF Φ(x), through erfc(z) = Q(½, z²) so that both tails keep their precision. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const tail = 0.5 * upperGamma(0.5, (x * x) / 2);
  return x < 0 ? tail : 1 - tail;
}

/** Student's t density with `df` degrees of freedom. */
export function studentTPdf(t: number, df: number): number {
  const logC = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(logC - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** Student's t CDF with `df` > 0 degrees of freedom (not necessarily an integer, as Welch's are). */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  // P(|T| > |t|) = I_{df/(df+t²)}(df/2, ½); written with t²/df so large df loses nothing to 1 − x.
  const r = (t * t) / df;
  const tail = 0.5 * incompleteBeta(1 / (1 + r), df / 2, 0.5);
  return t < 0 ? tail : 1 - tail;
}

/** Chi-square survival function P(X > x) with `k` degrees of freedom. */
export const chiSquareSf = (x: number, k: number): number => (x <= 0 ? 1 : upperGamma(k / 2, x / 2));

// Solves cdf(x) = p for a strictly increasing cdf with density pdf, from the start x0.
function invert(p: number, cdf: (x: number) => number, pdf: (x: number) => number, x0: number): number {
  let x = x0;
  let last = Infinity;
  for (let i = 0; i < 50; i++) {
    const step = (cdf(x) - p) / pdf(x);
    if (!Number.isFinite(step)) break;
    // Converged, or down to the CDF's own rounding noise (steps stop shrinking once they are tiny):
    // at large df the incomplete beta carries ~1e-12 of log-gamma error, so 1e-14 is never reached.
    const size = Math.abs(step);
    if (size <= 1e-14 * Math.max(1, Math.abs(x)) || (size >= last && size < 1e-9 * Math.max(1, Math.abs(x)))) return x - step;
    x -= step;
    last = size;
  }
  // Newton did not settle (a far tail): bisect a bracket that certainly holds the root.
  let lo = -1;
  let hi = 1;
  while (cdf(lo) > p) lo *= 2;
  while (cdf(hi) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-14 * Math.max(1, Math.abs(lo)); i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

// Abramowitz & Stegun 26.2.23 (error < 4.5e-4): only the starting point for Newton's method.
function normalQuantileStart(p: number): number {
  const q = p < 0.5 ? p : 1 - p;
  const t = Math.sqrt(-2 * Math.log(q));
  const x = t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
  return p < 0.5 ? -x : x;
}

/** Standard normal quantile Φ⁻¹(p); ±Infinity at 0 and 1. */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  return invert(p, normalCdf, normalPdf, normalQuantileStart(p));
}

/** Student's t quantile with `df` degrees of freedom; ±Infinity at 0 and 1. */
export function studentTQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(df > 0)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  return invert(p, (t) => studentTCdf(t, df), (t) => studentTPdf(t, df), normalQuantileStart(p));
}
