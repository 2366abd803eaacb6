/** The slice of `localStorage` the widget uses. `get` and `set` may throw: use readJson and writeJson. */
export interface KeyValue {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

/** A map-backed store for when `localStorage` is unavailable (blocked, sandboxed, full). */
export function memoryStore(): KeyValue {
  const map = new Map<string, string>();
  return {
    get: (k) => map.get(k) ?? null,
    set: (k, v) => void map.set(k, v),
    remove: (k) => void map.delete(k),
  };
}

/** Reads JSON, treating missing, unreadable or rejected values as absent. */
export function readJson<T>(store: KeyValue, key: string, accept: (x: unknown) => x is T): T | null {
  try {
    const raw = store.get(key);
    if (raw === null) return null;
    const value: unknown = JSON.parse(raw);
    return accept(value) ? value : null;
  } catch {
    return null;
  }
}

/** Writes JSON; a full or blocked store loses the write rather than throwing. */
export function writeJson(store: KeyValue, key: string, value: unknown): void {
  try {
    store.set(key, JSON.stringify(value));
  } catch {
    // Quota exceeded or storage disabled: the widget keeps working from memory.
  }
}
