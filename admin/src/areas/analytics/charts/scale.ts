// Axis arithmetic for the console's SVG charts: round tick values a reader can take in at a glance.

/** The 1-, 2- or 5-times-a-power-of-ten step that cuts `span` into about `count` parts. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0)) return 1;
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

/**
 * Ticks from a round value at or below `min` to one at or above `max`; an empty span still gets an
 * axis. `integer` keeps steps whole, for counts (no "1.5 conversions").
 */
export function niceTicks(min: number, max: number, count = 5, integer = false): number[] {
  let lo = Math.min(min, max);
  let hi = Math.max(min, max);
  if (lo === hi) {
    hi = lo === 0 ? 1 : lo + Math.abs(lo);
    if (lo > 0) lo = 0;
  }
  const step = integer ? Math.max(1, niceStep(hi - lo, count)) : niceStep(hi - lo, count);
  const start = Math.floor(lo / step) * step;
  const ticks: number[] = [];
  // Rounded to the step's precision, so 0.1 + 0.2 prints as 0.3.
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let v = start; v < hi + step / 2; v += step) ticks.push(Number(v.toFixed(digits)));
  if (ticks[ticks.length - 1]! < hi) ticks.push(Number((start + ticks.length * step).toFixed(digits)));
  return ticks;
}

/** A linear map from the domain `[d0, d1]` onto the range `[r0, r1]`. */
export const linear =
  (d0: number, d1: number, r0: number, r1: number) =>
  (v: number): number =>
    d1 === d0 ? (r0 + r1) / 2 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);

/** At most `max` evenly spaced indexes of `n` labels, first and last included: x labels that do not overlap. */
export function labelIndexes(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const step = Math.ceil((n - 1) / (max - 1));
  const out: number[] = [];
  for (let i = 0; i < n - 1; i += step) out.push(i);
  out.push(n - 1);
  return out;
}
