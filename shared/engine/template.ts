/** Values a template can reach: nested plain objects of strings and numbers. */
export interface TemplateVars {
  readonly [key: string]: string | number | TemplateVars | undefined;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)\s*\}\}/g;

/**
 * Fills `{{path.to.value}}` placeholders. Only own properties are read, so `{{constructor}}`
 * or `{{__proto__}}` resolve to nothing; unknown paths render as an empty string. The result is
 * plain text: it is never parsed as HTML or evaluated.
 */
export function renderTemplate(template: string, vars: TemplateVars, formatNumber: (n: number) => string): string {
  return template.replace(PLACEHOLDER, (_match, path: string) => {
    let value: TemplateVars[string] = vars;
    for (const segment of path.split('.')) {
      if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment)) return '';
      value = value[segment];
    }
    if (typeof value === 'number') return formatNumber(value);
    return typeof value === 'string' ? value : '';
  });
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
