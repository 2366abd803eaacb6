/** The `Intl` formatters copy needs for one locale. */
export interface Formats {
  /** Numbers, to at most one decimal: `12,345.7`, `12.345,7`. */
  number: Intl.NumberFormat;
  /** Whole percentages of a ratio: 0.87 is `87%` in English, `87 %` in German and French. */
  percent: Intl.NumberFormat;
  /** Dates, `dateStyle: 'medium'`: `Mar 31, 2026`, `31.03.2026`, `31 mars 2026`. */
  date: Intl.DateTimeFormat;
}

const cache = new Map<string, Formats>();

/** Cached formatters for `locale`, falling back to English for tags `Intl` rejects. */
export function formatsFor(locale = 'en'): Formats {
  let f = cache.get(locale);
  if (!f) {
    try {
      f = {
        number: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }),
        percent: new Intl.NumberFormat(locale, { style: 'percent' }),
        date: new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }),
      };
    } catch {
      f = formatsFor();
    }
    cache.set(locale, f);
  }
  return f;
}

/** A cached `Intl.NumberFormat` for `locale`, falling back to English for tags `Intl` rejects. */
export const numberFormat = (locale?: string): Intl.NumberFormat => formatsFor(locale).number;
