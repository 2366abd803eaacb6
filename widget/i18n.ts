export interface Strings {
  dismiss: string;
}

/** The widget's own words (marketer copy comes from the rules). */
const STRINGS: Record<'en' | 'de' | 'fr', Strings> = {
  en: { dismiss: 'Dismiss' },
  de: { dismiss: 'Schließen' },
  fr: { dismiss: 'Fermer' },
};

/** Strings for a BCP 47 tag, by its language, falling back to English. */
export function stringsFor(locale: string | undefined): Strings {
  const lang = (locale ?? 'en').slice(0, 2).toLowerCase();
  return lang in STRINGS ? STRINGS[lang as keyof typeof STRINGS] : STRINGS.en;
}
