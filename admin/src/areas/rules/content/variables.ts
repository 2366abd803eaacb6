import { numberFormat } from '../../../../../shared/engine/format';
import { renderTemplate, type TemplateVars } from '../../../../../shared/engine/template';
import type { Catalog } from '../../../../../shared/schemas/catalog';

export interface Variable {
  /** As written in copy: `{{usage.seats}}`. */
  token: string;
  name: string;
  /** What the widget would write for the previewed account ('' when it has no value). */
  value: string;
}

/** Subtrees that are data, not copy: a feature's translations. */
const SKIP = new Set(['locales']);

/**
 * The template variables a prompt's copy can name, read from the very values the widget's
 * renderer fills copy with (shared/engine/render.ts `wordParts`), so the list cannot drift from
 * the engine: every leaf that is text or a number, plus paths that stand for a value themselves
 * (`{{usage}}`, the rule's own metric). Each with its value rendered by the engine's templating.
 */
export function listVariables(vars: TemplateVars, locale: string | undefined): Variable[] {
  const names: string[] = [];
  const walk = (v: unknown, path: string[]) => {
    if (typeof v === 'string' || typeof v === 'number') names.push(path.join('.'));
    else if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const self = path.length ? (vars[''] as Record<string, unknown> | undefined)?.[path.join('.')] : undefined;
      if (self !== undefined) names.push(path.join('.'));
      for (const [k, child] of Object.entries(v)) if (k && !SKIP.has(k)) walk(child, [...path, k]);
    }
  };
  walk(vars, []);
  const format = numberFormat(locale).format;
  return [...new Set(names)].sort().map((name) => ({ name, token: `{{${name}}}`, value: renderTemplate(`{{${name}}}`, vars, format) }));
}

/**
 * Whether a placeholder names something the copy can read: a listed variable, or any catalog
 * metric's `usage.<id>` / `limits.<id>` (the account previewed may not report that metric).
 */
export function knownVariable(variables: readonly Variable[], catalog: Catalog | null): (name: string) => boolean {
  const names = new Set(variables.map((v) => v.name));
  for (const m of catalog?.metrics ?? []) names.add(`usage.${m.id}`).add(`limits.${m.id}`);
  return (name) => names.has(name);
}
