/** Values a template can reach: nested plain objects of strings and numbers. */
export interface TemplateVars {
  readonly [key: string]: string | number | TemplateVars | undefined;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)\s*\}\}/g;

/** A template split once into literal text and placeholder paths, e.g. `["Hi ", ["plan", "name"], "!"]`. */
type Compiled = (string | string[])[];
const compiled = new Map<string, Compiled>();

function compile(template: string): Compiled {
  let parts = compiled.get(template);
  if (!parts) {
    parts = template.split(PLACEHOLDER).map((part, i) => (i % 2 ? part.split('.') : part));
    if (compiled.size > 5000) compiled.clear();
    compiled.set(template, parts);
  }
  return parts;
}

/**
 * Fills `{{path.to.value}}` placeholders. Only own properties are read, so `{{constructor}}`
 * or `{{__proto__}}` resolve to nothing; unknown paths render as an empty string. The result is
 * plain text: it is never parsed as HTML or evaluated. Each template is parsed once and kept.
 */
export function renderTemplate(template: string, vars: TemplateVars, formatNumber: (n: number) => string): string {
  let out = '';
  for (const part of compile(template)) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    let value: TemplateVars[string] = vars;
    for (const segment of part) value = typeof value === 'object' && value !== null && Object.hasOwn(value, segment) ? value[segment] : undefined;
    out += typeof value === 'number' ? formatNumber(value) : typeof value === 'string' ? value : '';
  }
  return out;
}

/** Appends query parameters to a URL or path, before any `#fragment`. */
export function withParams(href: string, params: Readonly<Record<string, string | undefined>>): string {
  const hash = href.indexOf('#');
  const base = hash === -1 ? href : href.slice(0, hash);
  const fragment = hash === -1 ? '' : href.slice(hash);
  const query = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  if (!query) return href;
  const sep = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?';
  return `${base}${sep}${query}${fragment}`;
}
