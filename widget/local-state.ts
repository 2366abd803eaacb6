import { own } from '../shared/engine/own';
import type { Prompt } from '../shared/engine/types';
import type { Context } from '../shared/schemas/context';
import type { RuleState, State } from '../shared/schemas/state';
import { isObject } from './guards';
import { readJson, writeJson, type KeyValue } from './storage';

// Versioned key: when the state's shape changes, a new key starts clean instead of misreading the old one.
const stateKey = (key: string, ctx: Context) => `upshift:${key}:state:v1:${ctx.account.id}:${ctx.user.id}`;

export const isState = (x: unknown): x is State => isObject(x) && isObject(x.rules);

/** What a person did with a prompt; `snooze` is "remind me later" (a decline is recorded as a dismissal). */
export type PromptAction = 'dismiss' | 'impression' | 'click' | 'snooze';

/** Records one action on a prompt in a rule's state. */
function note(rs: RuleState, p: Prompt, action: PromptAction, now: number): RuleState {
  const tier = p.tier;
  if (action === 'impression') return { ...rs, impressions: [now, ...(rs.impressions ?? [])].slice(0, 500), ...(tier && { reached: { ...rs.reached, [tier]: now } }) };
  if (action === 'click') return { ...rs, clickedAt: now };
  if (action === 'snooze') return { ...rs, snoozedAt: now };
  return { ...rs, dismissedAt: now, ...(tier && { dismissed: { ...rs.dismissed, [tier]: now } }) };
}

/** `state` with one action on `prompt` recorded. */
const apply = (state: State, prompt: Prompt, action: PromptAction, now: number): State => ({
  ...state,
  rules: { ...state.rules, [prompt.ruleId]: note(own(state.rules, prompt.ruleId) ?? {}, prompt, action, now) },
});

/**
 * One person's prompt history in this browser, per publishable key, account and user: what they
 * did with prompts and when they tracked events, until the server's copy (which sees every device)
 * is merged in. The widget's in-memory state is the source of truth; this page's impressions are
 * only written to storage, so the engine counts them from the next page on and a prompt never hides
 * itself by being shown.
 */
export function localState(storage: KeyValue, key: string) {
  /** This page's impressions, added to whatever is saved. */
  let shown: [Prompt, number][] = [];
  /** Saves `state` with this page's impressions added; returns `state` itself, which the engine sees. */
  const save = (ctx: Context, state: State): State => {
    writeJson(storage, stateKey(key, ctx), shown.reduce((s, [p, at]) => apply(s, p, 'impression', at), state));
    return state;
  };
  return {
    /** The saved history of a new person (this page's impressions belong to the previous one). */
    load(ctx: Context): State {
      shown = [];
      return readJson(storage, stateKey(key, ctx), isState) ?? { rules: {} };
    },
    save,
    /** Records an action on `prompt`, saves it, and returns the state the engine should now see. */
    record(ctx: Context, state: State, prompt: Prompt, action: PromptAction, now: number): State {
      if (action !== 'impression') return save(ctx, apply(state, prompt, action, now));
      shown.push([prompt, now]);
      return save(ctx, state);
    },
    /** Records a tracked event (or a locked-feature attempt) for event-count triggers. */
    count(ctx: Context, state: State, name: string, now: number): State {
      const counts = state.counts ?? {};
      return save(ctx, { ...state, counts: { ...counts, [name]: [now, ...(own(counts, name) ?? [])].slice(0, 2000) } });
    },
    sameHistory: (a: Context, b: Context) => stateKey(key, a) === stateKey(key, b),
  };
}

export type LocalState = ReturnType<typeof localState>;
