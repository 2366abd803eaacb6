import { own } from '../../shared/engine/own';
import type { Picked } from '../../shared/engine/types';
import type { Context } from '../../shared/schemas/context';
import type { RuleState, State } from '../../shared/schemas/state';
import type { LocalState } from '../local-state';

/** What a person did with a prompt; `snooze` is "remind me later" (a decline is recorded as a dismissal). */
export type PromptAction = 'dismiss' | 'impression' | 'click' | 'snooze';

/** Records one action on a prompt in a rule's state. */
function note(rs: RuleState, p: Picked, action: PromptAction, now: number): RuleState {
  const tier = p.tier;
  if (action === 'impression') return { ...rs, impressions: [now, ...(rs.impressions ?? [])].slice(0, 500), ...(tier && { reached: { ...rs.reached, [tier]: now } }) };
  if (action === 'click') return { ...rs, clickedAt: now };
  if (action === 'snooze') return { ...rs, snoozedAt: now };
  return { ...rs, dismissedAt: now, ...(tier && { dismissed: { ...rs.dismissed, [tier]: now } }) };
}

/**
 * Records an action on `prompt` in the person's history, saves it in this browser, and returns the
 * state the engine should now see: with the action, except an impression, which only the next page
 * counts, so that a prompt never hides itself (by a cap, or the budget) by being shown.
 */
export function record(saved: LocalState, ctx: Context, state: State, prompt: Picked, action: PromptAction, now: number): State {
  const next: State = { ...state, rules: { ...state.rules, [prompt.ruleId]: note(own(state.rules, prompt.ruleId) ?? {}, prompt, action, now) } };
  saved.save(ctx, next);
  return action === 'impression' ? state : next;
}
