const formats = new Map<string, Intl.NumberFormat>();

/** A cached `Intl.NumberFormat` for `locale`, falling back to English for tags `Intl` rejects. */
export function numberFormat(locale = 'en'): Intl.NumberFormat {
  let format = formats.get(locale);
  if (!format) {
    try {
      format = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    } catch {
      format = numberFormat();
    }
    formats.set(locale, format);
  }
  return format;
}
