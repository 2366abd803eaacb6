const numberFormats = new Map<string, Intl.NumberFormat>();

/** A cached `Intl.NumberFormat` for `locale`, falling back to English for tags `Intl` rejects. */
export function numberFormat(locale: string | undefined): Intl.NumberFormat {
  const tag = locale ?? 'en';
  let format = numberFormats.get(tag);
  if (!format) {
    try {
      format = new Intl.NumberFormat(tag, { maximumFractionDigits: 1 });
    } catch {
      format = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
    }
    numberFormats.set(tag, format);
  }
  return format;
}
