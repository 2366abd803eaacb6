import { own } from './own';

/**
 * Values a template can reach: nested plain objects of strings and numbers. A path that reaches an
 * object shows the value `vars['']` holds under that path, if any: with
 * `{ usage: { seats: 3 }, '': { usage: 7200 } }`, `{{usage.seats}}` reads 3 and `{{usage}}` 7200.
 * (No path can name `''`, and the objects themselves are the host's and catalog's, used as they are.)
 */
export interface TemplateVars {
  readonly [key: string]: string | number | TemplateVars | undefined;
}

/**
 * `{{path.to.value}}`: segments of letters, digits, `_`, `:` and `-` (so any metric id without a
 * dot can be named), joined by single dots; then any `%` that follows, with or without a space.
 */
const PLACEHOLDER = /\{\{\s*([\w:-]+(?:\.[\w:-]+)*)\s*\}\}(\s*%|)/g;

/** A template split once into literal text and placeholder paths, e.g. `["Hi ", ["plan", "name"], "!"]`. */
type Compiled = (string | string[])[];
const compiled = new Map<string, Compiled>();

function compile(template: string): Compiled {
  let parts = compiled.get(template);
  if (!parts) {
    // Split into [text, path, sign, text, path, sign, …, text]; a sign after {{percent}} is dropped.
    parts = template.split(PLACEHOLDER).map((part, i, all) => (i % 3 === 1 ? part.split('.') : i % 3 && all[i - 1] === 'percent' ? '' : part));
    if (compiled.size > 5000) compiled.clear();
    compiled.set(template, parts);
  }
  return parts;
}

/**
 * Fills `{{path.to.value}}` placeholders; numbers go through `formatNumber`. Only own properties
 * are read, so `{{constructor}}` or `{{__proto__}}` resolve to nothing; unknown paths render as
 * an empty string. `{{percent}}` arrives formatted with its sign ("87%", "87 %"), so a `%` that
 * copy writes after it, as copy from before locale-aware percentages does, is dropped rather than
 * doubled. The result is plain text: it is never parsed as HTML or evaluated, and values are not
 * expanded again. Each template is parsed once and kept.
 */
export function renderTemplate(template: string, vars: TemplateVars, formatNumber: (n: number) => string): string {
  let out = '';
  for (const part of compile(template)) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    let value: unknown = vars;
    for (const key of part) value = own(value, key);
    if (typeof value === 'object') value = own(vars[''], part.join('.'));
    out += typeof value === 'number' ? formatNumber(value) : typeof value === 'string' ? value : '';
  }
  return out;
}

/** Appends query parameters to a URL or path, before any `#fragment`. */
export function withParams(href: string, params: Readonly<Record<string, string | undefined>>): string {
  let query = '';
  for (const [k, v] of Object.entries(params)) if (v !== undefined) query += `${query && '&'}${encodeURIComponent(k)}=${encodeURIComponent(v)}`;
  if (!query) return href;
  const hash = `${href}#`.indexOf('#');
  const base = href.slice(0, hash);
  return base + (base.includes('?') ? (/[?&]$/.test(base) ? '' : '&') : '?') + query + href.slice(hash);
}
