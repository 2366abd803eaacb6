/**
 * `record[key]` for own properties only. Ids and names come from hosts and marketers and may be
 * "constructor" or "toString"; reading them off a plain object would return inherited functions.
 * Anything that is not an object, and an absent key, read as undefined.
 */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string | undefined): T | undefined;
export function own(record: unknown, key: string | undefined): unknown;
export function own(record: unknown, key: string | undefined): unknown {
  return key !== undefined && typeof record === 'object' && record !== null && Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined;
}

/** A plain object (not null, not an array): what a record read back from JSON must be. */
export const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
