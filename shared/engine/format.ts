const OPTIONS: Intl.NumberFormatOptions = { maximumFractionDigits: 1 };

/** An `Intl.NumberFormat` for `locale`, falling back to English for tags `Intl` rejects. Built per prompt shown, so not cached. */
export function numberFormat(locale: string | undefined): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(locale ?? 'en', OPTIONS);
  } catch {
    return new Intl.NumberFormat('en', OPTIONS);
  }
}
