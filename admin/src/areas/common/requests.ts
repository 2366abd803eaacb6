import { signal, type Signal } from '@preact/signals';
import { ApiFailure } from '../../api';
import { resource, type Resource } from '../../model/resource';

/** The message to show for a failure: the server's own words (a 403 says which role is needed). */
export const messageOf = (error: unknown): string =>
  error instanceof ApiFailure ? error.message : error instanceof Error ? error.message : 'Something went wrong. Try again.';

export type Outcome<R> = { ok: true; value: R } | { ok: false };

export interface Action<A extends unknown[], R> {
  busy: Signal<boolean>;
  /** The server's message for the last failure, cleared when the action runs again. */
  error: Signal<string | null>;
  /** The last failure's field errors by zod path (`allowedOrigins.1`), for the fields to show. */
  fieldErrors: Signal<Record<string, string>>;
  run(...args: A): Promise<Outcome<R>>;
  /** Forgets the last failure (when a form is cancelled or reset). */
  clear(): void;
}

/** A mutation with its busy flag and the server's answer to show when it fails; it never throws. */
export function action<A extends unknown[], R>(perform: (...args: A) => Promise<R>): Action<A, R> {
  const busy = signal(false);
  const error = signal<string | null>(null);
  const fieldErrors = signal<Record<string, string>>({});
  const clear = () => {
    error.value = null;
    fieldErrors.value = {};
  };
  return {
    busy,
    error,
    fieldErrors,
    clear,
    async run(...args) {
      busy.value = true;
      clear();
      try {
        return { ok: true, value: await perform(...args) };
      } catch (e) {
        error.value = messageOf(e);
        if (e instanceof ApiFailure) fieldErrors.value = e.fieldErrors;
        return { ok: false };
      } finally {
        busy.value = false;
      }
    },
  };
}

/**
 * The frame's resource, loading at once from `fetch`. `onLoad` sees each answer as it arrives, to
 * fill a form from what the server holds.
 */
export function fetched<T>(fetch: () => Promise<T>, onLoad?: (data: T) => void): Resource<T> {
  const r = resource<T>();
  void r.load(async () => {
    const data = await fetch();
    onLoad?.(data);
    return data;
  });
  return r;
}
