import { describe, expect, it } from 'vitest';
import { chiSquareSf, incompleteBeta, logGamma, normalCdf, normalQuantile, studentTCdf, studentTQuantile, upperGamma } from '../../shared/stats';

// Reference values: scipy 1.17.1 (scipy.stats.norm, t, chi2; scipy.special), printed with repr(),
// and the textbook critical values every statistics table prints (z 1.960, t(1) 12.706, t(10)
// 2.228, χ²(1) 3.841 at 95 %). The tolerance is relative to the value, so tails are checked too.
const close = (got: number, want: number, rel = 1e-9) => expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.max(Math.abs(want), 1e-300));

describe('normal distribution', () => {
  it.each([
    [-8, 6.22096057427174e-16],
    [-3, 0.0013498980316300933],
    [-1.96, 0.024997895148220435],
    [0, 0.5],
    [0.5, 0.6914624612740131],
    [1.96, 0.9750021048517795],
    [5, 0.9999997133484281],
  ])('Φ(%s) = %s', (x, want) => close(normalCdf(x), want));

  it.each([
    [1e-10, -6.361340902404056],
    [0.001, -3.090232306167813],
    [0.025, -1.9599639845400545],
    [0.3, -0.5244005127080409],
    [0.975, 1.959963984540054],
    [0.999, 3.090232306167813],
  ])('Φ⁻¹(%s) = %s', (p, want) => close(normalQuantile(p), want));

  it('has infinite quantiles at 0 and 1 and none outside', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
  });
});

describe("Student's t distribution", () => {
  it.each([
    [-2.5, 1, 0.12111894159084341],
    [0.7, 2, 0.7218034876835673],
    [2.0, 5, 0.9490302605850708],
    [-1.3, 10.5, 0.11070684280816807],
    [2.2, 30, 0.9821757800015821],
    [3.1, 1000, 0.9990053272344389],
    [1.9, 6459.3, 0.971261195044574],
    [4, 1e6, 0.9999683264829949],
  ])('F(%s; df %s) = %s', (t, df, want) => close(studentTCdf(t, df), want));

  it.each([
    [0.975, 1, 12.706204736174694],
    [0.975, 2, 4.302652729749462],
    [0.975, 5, 2.5705818356363146],
    [0.025, 10, -2.2281388519862753],
    [0.975, 30, 2.0422724563012378],
    [0.995, 100, 2.6258905214380173],
    [0.975, 6459.3, 1.9603313166438734],
    [0.975, 1e6, 1.959966356814107],
    [0.975, 40_000, 1.960023293084913],
    [0.999, 1e7, 3.0902331211809115],
    [0.9995, 3, 12.923978636687961],
  ])('quantile %s at df %s = %s', (p, df, want) => close(studentTQuantile(p, df), want));

  it.each([
    [0.975, 3],
    [0.975, 40_000],
    [0.0005, 250],
    [0.999, 1e7],
  ])('inverts its own CDF at p %s, df %s', (p, df) => close(studentTCdf(studentTQuantile(p, df), df), p, 1e-10));

  it('matches the printed tables to their three decimals', () => {
    expect(studentTQuantile(0.975, 1).toFixed(3)).toBe('12.706');
    expect(studentTQuantile(0.975, 10).toFixed(3)).toBe('2.228');
    expect(normalQuantile(0.975).toFixed(3)).toBe('1.960');
  });
});

describe('chi-square survival function', () => {
  it.each([
    [3.841458820694124, 1, 0.04999999999999989],
    [10.8, 1, 0.0010150009471130682],
    [5.991, 2, 0.05001161502657909],
    [0.5, 3, 0.9188914116546758],
    [30, 10, 0.000856641210775301],
    [150, 100, 0.0009039320423540184],
    [0.001, 1, 0.9747728793699604],
  ])('P(χ² > %s; k %s) = %s', (x, k, want) => close(chiSquareSf(x, k), want));

  it('is 1 at and below 0', () => {
    expect(chiSquareSf(0, 3)).toBe(1);
    expect(chiSquareSf(-1, 3)).toBe(1);
  });
});

describe('special functions', () => {
  it.each([
    [0.5, Math.log(Math.sqrt(Math.PI))],
    [1, 0],
    [5, Math.log(24)],
    [10.5, 13.940625219403763],
    [1000, 5905.220423209181],
  ])('ln Γ(%s) = %s', (x, want) => expect(logGamma(x)).toBeCloseTo(want, 10));

  // I_x(a, 1) = x^a and I_x(1, b) = 1 − (1 − x)^b have closed forms; Q(1, x) = e^(−x).
  it.each([
    [0.3, 2.5, 1, 0.3 ** 2.5],
    [0.8, 1, 4, 1 - 0.2 ** 4],
    [0.999, 7, 1, 0.999 ** 7],
  ])('I_%s(%s, %s) has its closed form', (x, a, b, want) => close(incompleteBeta(x, a, b), want, 1e-12));

  it.each([0.1, 1, 2.5, 40])('Q(1, %s) = e^-x', (x) => close(upperGamma(1, x), Math.exp(-x), 1e-12));
});
