import { own } from '../shared/engine/own';
import type { Prompt } from '../shared/engine/types';
import type { Context } from '../shared/schemas/context';
import type { RuleState, State } from '../shared/schemas/state';
import { readJson, writeJson, type KeyValue } from './storage';

// Versioned key: when the state's shape changes, a new key starts clean instead of misreading the old one.
const stateKey = (key: string, ctx: Context) => `upshift:${key}:state:v1:${ctx.account.id}:${ctx.user.id}`;

export const isState = (x: unknown): x is State =>
  typeof x === 'object' && x !== null && typeof (x as State).rules === 'object' && (x as State).rules !== null && !Array.isArray((x as State).rules);

export type PromptAction = 'dismiss' | 'impression' | 'click' | 'snooze';

/** Records one action on a prompt in a rule's state. */
function note(rs: RuleState, p: Prompt, action: PromptAction, now: number): RuleState {
  const tier = p.tier;
  if (action === 'impression') return { ...rs, impressions: [now, ...(rs.impressions ?? [])].slice(0, 500), ...(tier && { reached: { ...rs.reached, [tier]: now } }) };
  if (action === 'click') return { ...rs, clickedAt: now };
  if (action === 'snooze') return { ...rs, snoozedAt: now };
  return { ...rs, dismissedAt: now, ...(tier && { dismissed: { ...rs.dismissed, [tier]: now } }) };
}

/**
 * One person's prompt history in this browser, per publishable key, account and user: what they
 * did with prompts and when they tracked events, until the server's copy (which sees every device)
 * is merged in.
 */
export function localState(storage: KeyValue, key: string) {
  const save = (ctx: Context, state: State) => writeJson(storage, stateKey(key, ctx), state);
  const load = (ctx: Context): State => readJson(storage, stateKey(key, ctx), isState) ?? { rules: {} };
  return {
    load,
    save,
    /**
     * Records an action on `prompt`, saves it, and returns the new state. Works on the saved copy,
     * which also holds this page's impressions: the engine sees those from the next evaluation of a
     * new page on, so a prompt never hides itself by being shown.
     */
    record(ctx: Context, prompt: Prompt, action: PromptAction, now: number): State {
      const state = load(ctx);
      const next: State = { ...state, rules: { ...state.rules, [prompt.ruleId]: note(own(state.rules, prompt.ruleId) ?? {}, prompt, action, now) } };
      save(ctx, next);
      return next;
    },
    /** Records a tracked event (or a locked-feature attempt) for event-count triggers. */
    count(ctx: Context, name: string, now: number): State {
      const state = load(ctx);
      const counts = state.counts ?? {};
      const next: State = { ...state, counts: { ...counts, [name]: [now, ...(own(counts, name) ?? [])].slice(0, 2000) } };
      save(ctx, next);
      return next;
    },
    sameHistory: (a: Context, b: Context) => stateKey(key, a) === stateKey(key, b),
  };
}
