/**
 * Placeholder rewriting, so SQL ported from the SQLite store keeps its shape: `@name` parameters
 * (each name bound once, however often it appears) and positional `?` become PostgreSQL's `$n`.
 * Neither character appears in this store's SQL otherwise (no `?` jsonb operators, no `@>`).
 */

/** `@name` → `$n` with the values in order; a name used twice binds one parameter. `@name::type` keeps its cast. */
export function named(text: string, values: Readonly<Record<string, unknown>>): { text: string; params: unknown[] } {
  const index = new Map<string, number>();
  const params: unknown[] = [];
  const out = text.replace(/@([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
    let n = index.get(name);
    if (n === undefined) {
      if (!(name in values)) throw new Error(`no value for @${name}`);
      params.push(values[name]);
      index.set(name, (n = params.length));
    }
    return `$${n}`;
  });
  return { text: out, params };
}

/** Each `?` in order → `$1`, `$2`, … */
export function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}
