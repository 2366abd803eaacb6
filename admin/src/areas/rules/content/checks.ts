import { allPlaces, copyAt, FIELD_LABELS, FIELDS, fieldPath, isObject, LIMITS, localesOf, placeName, type Field, type Json, type Place } from './places';

/** `German (de)`, or the tag itself where the browser has no name for it. */
export function languageName(locale: string): string {
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(locale);
    return name && name !== locale ? `${name} (${locale})` : locale;
  } catch {
    return locale;
  }
}

/**
 * For each language some copy of the rule is translated into, the places whose own copy lacks it
 * (their readers in that language would get the English copy): `German (de) is missing for variant b, tier t95`.
 */
export function missingTranslations(rule: Json): string[] {
  const out: string[] = [];
  for (const locale of localesOf(rule)) {
    const missing = allPlaces(rule)
      .filter((place) => {
        const copy = copyAt(rule, place);
        return copy && !(isObject(copy.locales) && isObject(copy.locales[locale]));
      })
      .map((place) => placeName(rule, place));
    if (missing.length) out.push(`${languageName(locale)} is missing for ${missing.join('; ')}: readers in that language see the English copy there.`);
  }
  return out;
}

/** The field's problem found before any server sees it: empty default-language copy, a half translation, over the limit. */
export function fieldProblem(copy: Json | undefined, locale: string, field: Field): string | undefined {
  const tr = locale ? (isObject(copy?.locales) ? copy.locales[locale] : undefined) : copy;
  const value = isObject(tr) && typeof tr[field] === 'string' ? tr[field] : '';
  const label = FIELD_LABELS[field];
  if (value.length > LIMITS[field]) return `${label} is too long: ${value.length} of ${LIMITS[field]} characters.`;
  if (value) return undefined;
  if (!locale) return copy ? `${label} is required in English: readers without a translation see it.` : undefined;
  return isObject(tr) ? `${label} is empty: translate it too, or clear this translation.` : undefined;
}

/**
 * Every problem `fieldProblem` finds in the rule's copy, by the dotted path the server would use:
 * the editor can refuse to save while there is one, as the server would.
 */
export function contentErrors(rule: Json): Record<string, string> {
  const out: Record<string, string> = {};
  const locales = ['', ...localesOf(rule)];
  for (const place of allPlaces(rule)) {
    const copy = copyAt(rule, place);
    for (const locale of locales) {
      for (const field of FIELDS) {
        const problem = fieldProblem(copy, locale, field);
        if (problem) out[fieldPath(rule, place, locale, field)] = problem;
      }
    }
  }
  return out;
}

/** `{{…}}` placeholders in a text, as written (trimmed inside the braces). */
export const placeholders = (text: string): string[] => [...text.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)].map((m) => m[1]!);

/** Placeholders in the copy at `place` and `locale` that name no variable this rule can fill. */
export function unknownVariables(copy: Json | undefined, locale: string, known: (name: string) => boolean): string[] {
  const tr = locale ? (isObject(copy?.locales) ? copy.locales[locale] : undefined) : copy;
  if (!isObject(tr)) return [];
  const names = FIELDS.flatMap((f) => (typeof tr[f] === 'string' ? placeholders(tr[f]) : []));
  return [...new Set(names.filter((n) => !known(n)))];
}

/** The server's errors under copy paths that no field on screen shows, named by place: `variant b, tier t95 · German (de) · Title: …`. */
export function errorsElsewhere(rule: Json, errors: Readonly<Record<string, string>>, shown: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const locales = ['', ...localesOf(rule)];
  for (const place of allPlaces(rule)) {
    for (const locale of locales) {
      for (const field of FIELDS) {
        const path = fieldPath(rule, place, locale, field);
        const message = errors[path];
        if (message && !shown.has(path)) out.push(`${placeName(rule, place)} · ${locale ? languageName(locale) : 'English'} · ${FIELD_LABELS[field]}: ${message}`);
      }
    }
  }
  return out;
}

export type { Place };
