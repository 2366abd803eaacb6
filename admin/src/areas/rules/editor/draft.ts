import type { Catalog } from '../../../../../shared/schemas/catalog';

/**
 * The editor's state: the rule's JSON value itself, as loaded or typed. Sections read and write
 * plain keys of it, so a rule that is opened and saved unchanged is the very same JSON.
 */
export type Draft = Record<string, unknown>;

/** Messages by dotted path (`trigger.tiers.1.at`), from the client checks or the server. */
export type Errors = Readonly<Record<string, string>>;

/** What every section of the form gets: the whole draft, a way to replace it, errors, the catalog. */
export interface SectionProps {
  rule: Draft;
  onChange: (next: Draft) => void;
  errors: Errors;
  catalog: Catalog | null;
}

/** A plain object (not null, not an array). */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `obj` with `key` set to `value` in place (its position kept), or removed when `value` is undefined. */
export function withKey<T extends Record<string, unknown>>(obj: T, key: string, value: unknown): T {
  if (value === undefined) {
    if (!(key in obj)) return obj;
    const { [key]: _gone, ...rest } = obj;
    return rest as T;
  }
  return { ...obj, [key]: value };
}

/** `obj` with several keys set or removed, in order. */
export const withKeys = <T extends Record<string, unknown>>(obj: T, changes: Record<string, unknown>): T =>
  Object.entries(changes).reduce<T>((o, [k, v]) => withKey(o, k, v), obj);

/** The object at `key` (a trigger, an offer), or an empty one. */
export const child = (obj: Record<string, unknown>, key: string): Record<string, unknown> => {
  const v = obj[key];
  return isRecord(v) ? v : {};
};

/** Sets `key` of the object at `parent`; an object left empty is removed when `dropEmpty`. */
export function withChildKey(rule: Draft, parent: string, key: string, value: unknown, dropEmpty = false): Draft {
  const next = withKey(child(rule, parent), key, value);
  return withKey(rule, parent, dropEmpty && !Object.keys(next).length ? undefined : next);
}

/** A list at `key`, or an empty one. */
export const listOf = (obj: Record<string, unknown>, key: string): unknown[] => {
  const v = obj[key];
  return Array.isArray(v) ? v : [];
};

/** Text for a field showing `v`: strings as they are, numbers in JS notation, anything else empty. */
export const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Optional text: an empty field removes the key. */
export const optionalText = (v: string): string | undefined => (v === '' ? undefined : v);

/** Choices of a catalog list as select options, keeping a value the catalog does not (yet) have. */
export function catalogOptions(items: readonly { id: string; name: string }[] | undefined, current: unknown, blank = 'Choose…'): { value: string; label: string }[] {
  const list = (items ?? []).map((i) => ({ value: i.id, label: `${i.name} (${i.id})` }));
  const value = text(current);
  const missing = value && !list.some((o) => o.value === value) ? [{ value, label: `${value} (not in the catalog)` }] : [];
  return [{ value: '', label: blank }, ...missing, ...list];
}
