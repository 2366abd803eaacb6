/** The slice of `Storage` the widget uses, so `localStorage` itself is one. Its methods may throw: use readJson and writeJson. */
export type KeyValue = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

/** A map-backed store for when `localStorage` is unavailable (blocked, sandboxed). */
export function memoryStore(): KeyValue {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => map.set(k, v),
    removeItem: (k) => map.delete(k),
    key: (i) => [...map.keys()][i] ?? null,
    get length() {
      return map.size;
    },
  };
}

/** Reads JSON, treating missing, unreadable or rejected values as absent. */
export function readJson<T>(store: KeyValue, key: string, accept: (x: unknown) => x is T): T | null {
  try {
    // A missing key reads as null, and JSON.parse(null) is null: no accept() takes it.
    const value: unknown = JSON.parse(store.getItem(key)!);
    return accept(value) ? value : null;
  } catch {
    return null;
  }
}

/** Writes JSON, or removes the key when `value` is undefined; a full or blocked store loses the write rather than throwing. */
export function writeJson(store: KeyValue, key: string, value: unknown): void {
  try {
    if (value === undefined) store.removeItem(key);
    else store.setItem(key, JSON.stringify(value));
  } catch {
    // Quota exceeded or storage disabled: the widget keeps working from memory.
  }
}
