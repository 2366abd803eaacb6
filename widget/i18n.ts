/** The widget's own words (marketer copy comes from the rules), in the order of each table below. */
const KEYS = ['dismiss', 'later', 'no', 'why', 'budget', 'timing', 'fit', 'other', 'send', 'ask', 'asked', 'unlocked', 'used', 'failed', 'of', 'trial', 'includes', 'close'] as const;
export type Strings = Record<(typeof KEYS)[number], string>;

// One `|`-separated line per language keeps the bundle small; `{0}`, `{1}`, `{2}` are filled by `fill`.
const TABLES: Record<string, string> = {
  en: 'Dismiss|Remind me later|Not interested|Why not?|Not enough budget|Not the right time|Doesn’t fit our use case|Other reason|Send|Ask your admin|Your admin has been asked.|{0} unlocked for {1} days|Your account has already tried {0}.|Something went wrong. Please try again.|{0} of {1} {2}|{0}-day free trial|Included in {0}|Close',
  de: 'Schließen|Später erinnern|Kein Interesse|Warum nicht?|Kein Budget|Nicht der richtige Zeitpunkt|Passt nicht zu unserem Einsatz|Anderer Grund|Senden|Admin fragen|Ihr Admin wurde gefragt.|{0} für {1} Tage freigeschaltet|Ihr Konto hat {0} bereits getestet.|Etwas ist schiefgelaufen. Bitte erneut versuchen.|{0} von {1} {2}|{0} Tage kostenlos testen|Enthalten in {0}|Schließen',
  fr: 'Fermer|Me le rappeler plus tard|Pas intéressé|Pourquoi pas ?|Pas de budget|Pas le bon moment|Ne correspond pas à notre usage|Autre raison|Envoyer|Demander à mon admin|Votre admin a été prévenu.|{0} débloqué pour {1} jours|Votre compte a déjà essayé {0}.|Une erreur est survenue. Veuillez réessayer.|{0} sur {1} {2}|Essai gratuit de {0} jours|Inclus dans {0}|Fermer',
};

/** Strings for a BCP 47 tag, by its language, falling back to English. */
export function stringsFor(locale: string | undefined): Strings {
  const lang = (locale ?? '').slice(0, 2).toLowerCase();
  const words = (TABLES[lang] ?? TABLES.en!).split('|');
  return Object.fromEntries(KEYS.map((k, i) => [k, words[i]!])) as Strings;
}

/** `fill('{0} of {1}', 8, 10)` → "8 of 10". */
export const fill = (text: string, ...values: (string | number)[]): string => text.replace(/\{(\d)\}/g, (_, i: string) => String(values[+i] ?? ''));
