import { own } from '../../shared/engine/own';
import type { Strings } from '../../shared/strings';

export type { Strings };

/**
 * The widget's own words for a BCP 47 tag (`de-CH`, else `de`, else English), from the config's
 * `strings`: they travel with the config rather than in upshift.js (see shared/strings.ts).
 */
export function stringsFor(table: Readonly<Record<string, Strings>>, locale = ''): Strings {
  return own(table, locale) ?? own(table, locale.split('-')[0]!.toLowerCase()) ?? table.en!;
}

/** `fill('{0} of {1}', 8, 10)` → "8 of 10". */
export const fill = (text: string, ...values: (string | number)[]): string => text.replace(/\{(\d)\}/g, (_, i: string) => String(values[+i] ?? ''));
