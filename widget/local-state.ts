import { mergeState } from '../shared/engine/merge-state';
import { own } from '../shared/engine/own';
import type { Context } from '../shared/schemas/context';
import type { State } from '../shared/schemas/state';
import { isObject } from './guards';
import { readJson, writeJson, type KeyValue } from './storage';

// Versioned key: when the state's shape changes, a new key starts clean instead of misreading the old one.
const stateKey = (key: string, ctx: Context) => `upshift:${key}:state:v1:${ctx.account.id}:${ctx.user.id}`;

export const isState = (x: unknown): x is State => isObject(x) && isObject(x.rules);

/**
 * One person's prompt history in this browser, per publishable key, account and user: what they
 * did with prompts and when they tracked events, until the server's copy (which sees every device)
 * is merged in. The widget's in-memory state is the source of truth for the engine; what is saved
 * is merged into what the browser already holds, so the impressions the prompt UI writes for this
 * page (which the engine counts from the next page on, so that a prompt never hides itself by being
 * shown) survive later saves, and so do other tabs' records.
 */
export function localState(storage: KeyValue, key: string) {
  /** Saves `state` merged into what is stored; returns `state` itself, which the engine sees. */
  const save = (ctx: Context, state: State): State => {
    const k = stateKey(key, ctx);
    writeJson(storage, k, mergeState(readJson(storage, k, isState) ?? { rules: {} }, state));
    return state;
  };
  return {
    /** A person's saved history. */
    load: (ctx: Context): State => readJson(storage, stateKey(key, ctx), isState) ?? { rules: {} },
    save,
    /** Records a tracked event (or a locked-feature attempt) for event-count triggers. */
    count(ctx: Context, state: State, name: string, now: number): State {
      const counts = state.counts ?? {};
      return save(ctx, { ...state, counts: { ...counts, [name]: [now, ...(own(counts, name) ?? [])].slice(0, 2000) } });
    },
    sameHistory: (a: Context, b: Context) => stateKey(key, a) === stateKey(key, b),
  };
}

export type LocalState = ReturnType<typeof localState>;
