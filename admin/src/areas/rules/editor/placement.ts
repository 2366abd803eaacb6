import { issueLine, type Warning } from '../../../ui';
import type { Errors } from './draft';

/** The sections of the form, in order; lint warnings and errors are shown with the one they concern. */
export const SECTIONS = ['basics', 'trigger', 'audience', 'content', 'offer', 'surface', 'guards', 'frequency', 'schedule', 'experiment'] as const;
export type SectionId = (typeof SECTIONS)[number];

/** The section a path belongs to, or null for the rule as a whole. */
export function sectionOf(path: string): SectionId | null {
  const head = path.split('.')[0] ?? '';
  if (['id', 'name', 'priority', 'status'].includes(head)) return 'basics';
  if (head === 'trigger') return /^trigger\.tiers\.\d+\.content/.test(path) ? 'content' : 'trigger';
  if (['surface', 'slot', 'position', 'tone'].includes(head)) return 'surface';
  if (['variants', 'holdout', 'seed'].includes(head)) return /^variants\.\d+\.(content|tiers)/.test(path) ? 'content' : 'experiment';
  return (SECTIONS as readonly string[]).includes(head) ? (head as SectionId) : null;
}

/** The form field that shows a server path: a tier's `at.percent` is shown at its threshold field. */
export const fieldPath = (path: string): string => path.replace(/^(trigger\.tiers\.\d+\.at)\.(percent|value)$/, '$1');

// The paths the form's own fields show (after fieldPath); the embedded parts add theirs.
const PLACED = [
  /^(id|name|priority|status|surface|slot|position|tone|holdout|seed|variants|content)$/,
  /^trigger\.(type|metric|feature|withinMinutes|event|count|withinDays|attr|at|hysteresis|tiers)$/,
  /^trigger\.tiers\.\d+\.(id|at|tone)$/,
  /^guards\.(accountAgeDays|minHealth|openTickets|contraction|owned)$/,
  /^guards\.reasons\.[A-Za-z]+$/,
  /^frequency\.(cooldownDays|snoozeDays|cap\.count|cap\.per)$/,
  /^schedule\.(start|end)$/,
  /^variants\.\d+\.(id|weight)$/,
  /^offer\.(type|plan|addon|feature|days)$/,
  /^(content|trigger\.tiers\.\d+\.content)\.(title|body|cta)$/,
];

/** Which embedded parts are on the form (the audience builder, the content section). */
export interface Embedded {
  audience: boolean;
  content: boolean;
}

/** Whether some field of the form shows `path`. */
export function placed(path: string, embedded: Embedded): boolean {
  if (PLACED.some((re) => re.test(path))) return true;
  const section = sectionOf(path);
  return (section === 'audience' && embedded.audience) || (section === 'content' && embedded.content);
}

/** Server field errors keyed by the form field that shows them (the first message wins per field). */
export function toFieldErrors(server: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(server)) out[fieldPath(path)] ??= message;
  return out;
}

/** Lines for errors no field shows, for the list at the top of the form. */
export const unplaced = (errors: Errors, embedded: Embedded): string[] =>
  Object.entries(errors)
    .filter(([path]) => !placed(path, embedded))
    .map(([path, message]) => issueLine(path, message));

/** Errors under `prefix.` with the prefix taken off (`audience.all.0.attr` → `all.0.attr`), for an embedded part. */
export function relativeErrors(errors: Errors, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    if (path === prefix) out[''] = message;
    else if (path.startsWith(`${prefix}.`)) out[path.slice(prefix.length + 1)] = message;
  }
  return out;
}

/** Lint warnings as lines, grouped by the section they concern (`null`: the rule as a whole). */
export function warningsBySection(warnings: readonly Warning[]): Map<SectionId | null, string[]> {
  const out = new Map<SectionId | null, string[]>();
  for (const w of warnings) {
    const path = w.path.join('.');
    const section = sectionOf(path);
    out.set(section, [...(out.get(section) ?? []), issueLine(path, w.message)]);
  }
  return out;
}
