/**
 * The widget's own words (marketer copy comes from the rules), per language. They reach the widget
 * inside `GET /v1/config` (`strings`), with the environment's overrides (`settings.strings`) applied,
 * rather than inside upshift.js: the script stays small, and an environment can reword a button or
 * add a language without a new release. `{0}`, `{1}`, `{2}` are filled in by the widget.
 */
export const WIDGET_STRINGS = {
  en: {
    dismiss: 'Dismiss',
    close: 'Close',
    later: 'Remind me later',
    no: 'Not interested',
    why: 'Why not?',
    budget: 'Not enough budget',
    timing: 'Not the right time',
    fit: 'Doesn’t fit our use case',
    other: 'Other reason',
    send: 'Send',
    ask: 'Ask your admin',
    asked: 'Your admin has been asked.',
    unlocked: '{0} unlocked for {1} days',
    used: 'Your account has already tried {0}.',
    failed: 'Something went wrong. Please try again.',
    of: '{0} of {1} {2}',
    trial: '{0}-day free trial',
    includes: 'Included in {0}',
  },
  de: {
    dismiss: 'Schließen',
    close: 'Schließen',
    later: 'Später erinnern',
    no: 'Kein Interesse',
    why: 'Warum nicht?',
    budget: 'Kein Budget',
    timing: 'Nicht der richtige Zeitpunkt',
    fit: 'Passt nicht zu unserem Einsatz',
    other: 'Anderer Grund',
    send: 'Senden',
    ask: 'Admin fragen',
    asked: 'Ihr Admin wurde gefragt.',
    unlocked: '{0} für {1} Tage freigeschaltet',
    used: 'Ihr Konto hat {0} bereits getestet.',
    failed: 'Etwas ist schiefgelaufen. Bitte erneut versuchen.',
    of: '{0} von {1} {2}',
    trial: '{0} Tage kostenlos testen',
    includes: 'Enthalten in {0}',
  },
  fr: {
    dismiss: 'Fermer',
    close: 'Fermer',
    later: 'Me le rappeler plus tard',
    no: 'Pas intéressé',
    why: 'Pourquoi pas ?',
    budget: 'Pas de budget',
    timing: 'Pas le bon moment',
    fit: 'Ne correspond pas à notre usage',
    other: 'Autre raison',
    send: 'Envoyer',
    ask: 'Demander à mon admin',
    asked: 'Votre admin a été prévenu.',
    unlocked: '{0} débloqué pour {1} jours',
    used: 'Votre compte a déjà essayé {0}.',
    failed: 'Une erreur est survenue. Veuillez réessayer.',
    of: '{0} sur {1} {2}',
    trial: 'Essai gratuit de {0} jours',
    includes: 'Inclus dans {0}',
  },
} as const;

export type StringKey = keyof (typeof WIDGET_STRINGS)['en'];
export type Strings = Record<StringKey, string>;
export const STRING_KEYS = Object.keys(WIDGET_STRINGS.en) as StringKey[];

/**
 * Every language the widget can speak: the built-in ones and any the environment adds, each
 * complete (English fills what a language or an override leaves out), overrides applied last.
 */
export function widgetStrings(overrides: Readonly<Record<string, { [K in StringKey]?: string | undefined }>> = {}): Record<string, Strings> {
  const builtIn: Readonly<Record<string, Partial<Strings>>> = WIDGET_STRINGS;
  const out: Record<string, Strings> = {};
  for (const lang of new Set([...Object.keys(WIDGET_STRINGS), ...Object.keys(overrides)])) {
    const own = Object.entries(overrides[lang] ?? {}).filter((e): e is [StringKey, string] => e[1] !== undefined);
    out[lang] = { ...WIDGET_STRINGS.en, ...(Object.hasOwn(builtIn, lang) ? builtIn[lang] : {}), ...Object.fromEntries(own) };
  }
  return out;
}
