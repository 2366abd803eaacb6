/**
 * `record[key]` for own properties only. Ids and names come from hosts and marketers and may be
 * "constructor" or "toString"; reading them off a plain object would return inherited functions.
 */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
