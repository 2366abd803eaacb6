import type { Settings, Theme } from '../../../../../shared/schemas/settings';
import { COLOUR_HINT, isColour, isFont, isRadius } from './theme-rules';

// The prompt settings as a form edits them: every field is the text in its input, blank meaning
// "the default". Converting back keeps what the form does not edit (`strings`) untouched.

export const THEME_COLOURS = ['accent', 'background', 'text', 'darkAccent', 'darkBackground', 'darkText'] as const;
export type ThemeColour = (typeof THEME_COLOURS)[number];

export interface PromptForm {
  budgetDay: string;
  budgetWeek: string;
  holdout: string;
  windowDays: string;
  fallback: '' | 'impression' | 'none';
  buyerRoles: string;
  theme: Record<ThemeColour | 'radius' | 'font' | 'zIndex', string>;
}
export type FormField = Exclude<keyof PromptForm, 'theme'> | `theme.${keyof PromptForm['theme']}`;

const text = (v: number | string | undefined): string => (v === undefined ? '' : String(v));

export function toForm(s: Settings): PromptForm {
  const t: Theme = s.theme ?? {};
  return {
    budgetDay: text(s.budget?.day),
    budgetWeek: text(s.budget?.week),
    holdout: text(s.holdout),
    windowDays: text(s.attribution?.windowDays),
    fallback: s.attribution?.fallback ?? '',
    buyerRoles: (s.buyerRoles ?? []).join(', '),
    theme: {
      accent: text(t.accent), background: text(t.background), text: text(t.text),
      darkAccent: text(t.darkAccent), darkBackground: text(t.darkBackground), darkText: text(t.darkText),
      radius: text(t.radius), font: text(t.font), zIndex: text(t.zIndex),
    },
  };
}

/** Drops the keys whose value is undefined, so a blank field is absent, not `undefined`. */
function compact<T extends object>(o: T): T | undefined {
  const kept = Object.entries(o).filter(([, v]) => v !== undefined);
  return kept.length ? (Object.fromEntries(kept) as T) : undefined;
}

// `formProblems` holds back a save while a number field holds anything else.
const num = (v: string): number | undefined => (v.trim() === '' ? undefined : Number(v));
const str = (v: string): string | undefined => (v.trim() === '' ? undefined : v.trim());

/** The settings to PUT: `base` (the draft as loaded) with the form's fields laid over it. */
export function fromForm(f: PromptForm, base: Settings): Settings {
  const { budget: _b, holdout: _h, attribution: _a, buyerRoles: _r, theme: _t, ...rest } = base;
  const roles = f.buyerRoles.split(',').map((r) => r.trim()).filter(Boolean);
  const t = f.theme;
  return compact({
    ...rest,
    budget: compact({ day: num(f.budgetDay), week: num(f.budgetWeek) }),
    holdout: num(f.holdout),
    attribution: compact({ windowDays: num(f.windowDays), fallback: f.fallback || undefined }),
    buyerRoles: roles.length ? roles : undefined,
    theme: compact({
      accent: str(t.accent), background: str(t.background), text: str(t.text),
      darkAccent: str(t.darkAccent), darkBackground: str(t.darkBackground), darkText: str(t.darkText),
      radius: str(t.radius), font: str(t.font), zIndex: num(t.zIndex),
    }),
  } as Settings) ?? {};
}

const whole = (v: string, min: number, max: number): string | null =>
  v.trim() === '' || (Number.isInteger(Number(v)) && Number(v) >= min && Number(v) <= max) ? null : `Enter a whole number from ${min} to ${max}, or leave it blank for the default`;

/** What is wrong with each field as typed (the server checks the same and answers at the same paths). */
export function formProblems(f: PromptForm): Partial<Record<FormField, string>> {
  const out: Partial<Record<FormField, string>> = {};
  const put = (field: FormField, problem: string | null) => {
    if (problem) out[field] = problem;
  };
  put('budgetDay', whole(f.budgetDay, 0, 100));
  put('budgetWeek', whole(f.budgetWeek, 0, 500));
  put('holdout', f.holdout.trim() === '' || (Number(f.holdout) >= 0 && Number(f.holdout) <= 100) ? null : 'Enter a percentage from 0 to 100');
  put('windowDays', whole(f.windowDays, 1, 90));
  put('theme.zIndex', whole(f.theme.zIndex, 0, 2147483647));
  for (const key of THEME_COLOURS) put(`theme.${key}`, f.theme[key].trim() === '' || isColour(f.theme[key].trim()) ? null : `Enter a colour: ${COLOUR_HINT}`);
  put('theme.radius', f.theme.radius.trim() === '' || isRadius(f.theme.radius.trim()) ? null : 'Enter a length from 0 to 48 in px or rem, such as 12px or 0.75rem');
  put('theme.font', f.theme.font.trim() === '' || isFont(f.theme.font.trim()) ? null : 'Enter a font-family list: letters, digits, spaces, hyphens, commas and quoted names');
  return out;
}
