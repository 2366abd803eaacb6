import type { Prompt } from '../shared/engine/types';
import type { Context } from '../shared/schemas/context';
import type { State } from '../shared/schemas/state';
import { readJson, writeJson, type KeyValue } from './storage';

// Versioned key: when the state's shape changes, a new key starts clean instead of misreading the old one.
const stateKey = (key: string, ctx: Context) => `upshift:${key}:state:v1:${ctx.account.id}:${ctx.user.id}`;

export const isState = (x: unknown): x is State =>
  typeof x === 'object' && x !== null && typeof (x as State).rules === 'object' && (x as State).rules !== null && !Array.isArray((x as State).rules);

/** One person's prompt history in this browser (dismissals), per publishable key, account and user. */
export function localState(storage: KeyValue, key: string) {
  return {
    load: (ctx: Context): State => readJson(storage, stateKey(key, ctx), isState) ?? { rules: {} },
    /** Records that `prompt`'s tier was dismissed at `now`, saves it, and returns the new state. */
    dismiss(ctx: Context, state: State, prompt: Prompt, now: number): State {
      const rule = state.rules[prompt.ruleId] ?? {};
      const next: State = { rules: { ...state.rules, [prompt.ruleId]: { ...rule, dismissed: { ...rule.dismissed, [prompt.tier]: now } } } };
      writeJson(storage, stateKey(key, ctx), next);
      return next;
    },
    /** Saves a state as it is, e.g. after merging what the server knows. */
    save: (ctx: Context, state: State) => writeJson(storage, stateKey(key, ctx), state),
    sameHistory: (a: Context, b: Context) => stateKey(key, a) === stateKey(key, b),
  };
}
