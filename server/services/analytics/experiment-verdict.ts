import type { Comparison } from '../../../shared/schemas/analytics';

// The plain-language verdict: what a marketer reads before the numbers. Honest about what the
// data cannot say yet ("not enough data yet", "no detectable difference").

const MINUS = '\u2212';
const signed = (text: string, x: number): string => (x > 0 ? `+${text}` : x < 0 ? `${MINUS}${text}` : text);

/** Percentage points of a rate difference given as a fraction: 0.031 → "+3.1 pp". */
export const pp = (x: number): string => `${signed(Math.abs(x * 100).toFixed(1), x)} pp`;
const ppBound = (x: number | null, side: -1 | 1): string => (x === null ? (side < 0 ? `${MINUS}\u221e` : '\u221e') : signed(Math.abs(x * 100).toFixed(1), x).replace(/^\+/, ''));

/** Money from minor units in `currency` ("+$4.20"); without a single currency, a plain number of major units. */
export function money(minor: number, currency: string | null, withSign = true): string {
  let text: string;
  if (currency) {
    const { format, digits } = currencyFormat(currency);
    text = format.format(Math.abs(minor) / 10 ** digits);
  } else {
    text = (Math.abs(minor) / 100).toFixed(2);
  }
  return withSign ? signed(text, minor) : minor < 0 ? `${MINUS}${text}` : text;
}
const moneyBound = (x: number | null, side: -1 | 1, currency: string | null): string => (x === null ? (side < 0 ? `${MINUS}\u221e` : '\u221e') : money(x, currency, false));

// Minor units per major unit differ (JPY has none, KWD three): read from Intl once per currency.
const formats = new Map<string, { format: Intl.NumberFormat; digits: number }>();
function currencyFormat(currency: string): { format: Intl.NumberFormat; digits: number } {
  let f = formats.get(currency);
  if (!f) {
    const format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    f = { format, digits: format.resolvedOptions().maximumFractionDigits ?? 2 };
    formats.set(currency, f);
  }
  return f;
}

/** How an arm is named in sentences: the unnamed arm is "The prompt". */
export const armName = (variant: string): string => (variant === '' ? 'The prompt' : `Variant ${variant}`);

/** One variant's sentence from its conversion and MRR comparisons against the holdout. */
export function variantSentence(conversion: Comparison, mrr: Comparison, currency: string | null): string {
  const name = armName(conversion.variant);
  const c = conversion.absolute;
  const ci = `95 % CI ${ppBound(c.low, -1)} to ${ppBound(c.high, 1)}`;
  const first =
    conversion.pValue === null
      ? `${name}: no interval yet (${pp(c.estimate)} in conversion; an arm has no variation to measure)`
      : conversion.significant
        ? `${name} converts ${pp(c.estimate)} (${ci}) over holdout`
        : `${name}: no detectable difference in conversion from holdout (${pp(c.estimate)}, ${ci})`;
  const m = mrr.absolute;
  const mrrText = `MRR per exposed account ${money(m.estimate, currency)}`;
  const second = mrr.pValue === null || mrr.significant ? mrrText : `${mrrText} (95 % CI ${moneyBound(m.low, -1, currency)} to ${moneyBound(m.high, 1, currency)}, not significant)`;
  return `${first}; ${second}`;
}
