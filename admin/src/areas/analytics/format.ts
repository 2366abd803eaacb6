// Numbers as people read them, in the reader's locale. Money arrives in integer minor units of the
// answer's currency; Intl knows how many digits that currency has (JPY none, USD two).

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const percent1 = new Intl.NumberFormat(undefined, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const decimal1 = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export const count = (n: number): string => integer.format(n);

/** 0.1234 → "12.3 %" (as the locale writes it); "–" when there is no ratio. */
export const pct = (ratio: number | null): string => (ratio === null || !Number.isFinite(ratio) ? '–' : percent1.format(ratio));

/** A difference of proportions in percentage points, signed: 0.031 → "+3.1 pp". */
export const pp = (fraction: number | null): string => (fraction === null ? '–' : `${fraction > 0 ? '+' : ''}${decimal1.format(fraction * 100)} pp`);

/** A part of a whole, as a step of the funnel converts: null when there was nothing to convert. */
export const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

const moneyFormats = new Map<string, Intl.NumberFormat>();
function moneyFormat(currency: string): Intl.NumberFormat {
  let f = moneyFormats.get(currency);
  if (!f) {
    f = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    moneyFormats.set(currency, f);
  }
  return f;
}

/** How many minor units a currency's major unit has: 100 for USD, 1 for JPY. */
export const minorPerMajor = (currency: string | null): number => (currency ? 10 ** (moneyFormat(currency).resolvedOptions().maximumFractionDigits ?? 2) : 100);

/** Minor units as money in `currency` ("$1,234.50"); without a currency, the plain amount in minor units. */
export function money(minor: number | null, currency: string | null, signed = false): string {
  if (minor === null || !Number.isFinite(minor)) return '–';
  const sign = signed && minor > 0 ? '+' : '';
  if (!currency) return `${sign}${decimal1.format(minor)}`;
  return sign + moneyFormat(currency).format(minor / minorPerMajor(currency));
}

const compactMoney = new Map<string, Intl.NumberFormat>();
/** Major units, short, for an axis: "$1.2K", "-$200". */
export function moneyAxis(major: number, currency: string | null): string {
  if (!currency) return decimal1.format(major);
  let f = compactMoney.get(currency);
  if (!f) {
    f = new Intl.NumberFormat(undefined, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 });
    compactMoney.set(currency, f);
  }
  return f.format(major);
}

/** Hours as the largest unit that keeps them readable: "36 min", "5.5 h", "3.2 days". */
export function hours(h: number | null): string {
  if (h === null) return '–';
  if (h < 1) return `${integer.format(h * 60)} min`;
  if (h < 48) return `${decimal1.format(h)} h`;
  return `${decimal1.format(h / 24)} days`;
}

export const days = (d: number | null): string => (d === null ? '–' : `${decimal1.format(d)} days`);

/** `2026-12-07` as a short date in the reader's locale (UTC: the figures are by UTC day). */
const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
export const shortDay = (day: string): string => dayFormat.format(new Date(`${day}T00:00:00Z`));
const monthFormat = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
export const shortMonth = (month: string): string => monthFormat.format(new Date(`${month}-01T00:00:00Z`));
