import type { Change } from './schemas/admin';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every leaf that differs between two JSON values, at dotted paths (`rules.ladder.trigger.tiers.0.at.percent`),
 * in a stable order: objects by key, arrays by index. A value present on one side only has no
 * `before` or no `after`. Whole arrays of scalars that differ are one change, which reads better
 * than an index-by-index list (`allowedOrigins`).
 */
export function diffJson(before: unknown, after: unknown, path = ''): Change[] {
  if (Object.is(before, after)) return [];
  const at = (key: string | number) => (path ? `${path}.${key}` : String(key));
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffJson(before[k], after[k], at(k)));
  }
  if (Array.isArray(before) && Array.isArray(after) && (before.some((v) => typeof v === 'object') || after.some((v) => typeof v === 'object'))) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => diffJson(before[i], after[i], at(i))).flat();
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const change: Change = { path };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  return [change];
}
