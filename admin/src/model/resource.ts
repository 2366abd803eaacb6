import { signal, type Signal } from '@preact/signals';
import { ApiFailure } from '../api';

/** One thing the console loads from the API: its data, its failure, and whether a load is under way. */
export interface Resource<T> {
  data: Signal<T | null>;
  error: Signal<ApiFailure | null>;
  loading: Signal<boolean>;
  /**
   * Runs `fetch` (the last one given, when omitted) and stores its answer or failure. A `key`
   * other than the last one's (another environment) drops the old data first, so it never shows
   * under the new environment's name.
   */
  load(fetch?: () => Promise<T>, key?: string): Promise<void>;
}

const asFailure = (e: unknown): ApiFailure => (e instanceof ApiFailure ? e : new ApiFailure(0, 'client_error', e instanceof Error ? e.message : String(e)));

/**
 * A resource in signals. Only the latest load may write: switching environments while the old one
 * is still answering must not show the old environment's data.
 */
export function resource<T>(): Resource<T> {
  const data = signal<T | null>(null);
  const error = signal<ApiFailure | null>(null);
  const loading = signal(false);
  let last: (() => Promise<T>) | null = null;
  let lastKey: string | undefined;
  let generation = 0;
  return {
    data,
    error,
    loading,
    async load(fetch, key) {
      if (fetch) last = fetch;
      if (key !== undefined && key !== lastKey) {
        lastKey = key;
        data.value = null;
      }
      if (!last) return;
      const mine = ++generation;
      loading.value = true;
      error.value = null;
      try {
        const value = await last();
        if (mine === generation) data.value = value;
      } catch (e) {
        if (mine === generation) error.value = asFailure(e);
      } finally {
        if (mine === generation) loading.value = false;
      }
    },
  };
}
