import { signal, type Signal } from '@preact/signals';
import { ApiFailure } from '../../api';

/** What a section shows while its data is on the way, once it is there, or when it failed. */
export type Loadable<T> = { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; message: string };

export interface Resource<T> {
  state: Signal<Loadable<T>>;
  /** Fetches again; the state stays `ready` with the old data until the answer arrives. */
  reload(): Promise<void>;
  /** Replaces the data with what a mutation answered, without another request. */
  set(data: T): void;
}

/** The message to show for a failed call: the server's own words (a 403 says which role is needed). */
export const messageOf = (error: unknown): string =>
  error instanceof ApiFailure ? error.message : error instanceof Error ? error.message : 'Something went wrong. Try again.';

/** A value loaded from the API into a signal; loading starts at once. `onLoad` sees each fresh answer (to fill a form from it). */
export function resource<T>(load: () => Promise<T>, onLoad?: (data: T) => void): Resource<T> {
  const state = signal<Loadable<T>>({ status: 'loading' });
  // Only the latest request may write: a slow answer to an earlier reload must not overwrite a newer one.
  let latest = 0;
  const reload = async () => {
    const mine = ++latest;
    if (state.value.status === 'error') state.value = { status: 'loading' };
    try {
      const data = await load();
      if (mine !== latest) return;
      state.value = { status: 'ready', data };
      onLoad?.(data);
    } catch (error) {
      if (mine === latest) state.value = { status: 'error', message: messageOf(error) };
    }
  };
  void reload();
  return {
    state,
    reload,
    set(data) {
      latest++;
      state.value = { status: 'ready', data };
    },
  };
}
