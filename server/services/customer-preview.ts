import { decide } from '../../shared/engine/decide';
import { explainAll } from '../../shared/engine/explain';
import { render, wordParts } from '../../shared/engine/render';
import type { Picked, Prompt } from '../../shared/engine/types';
import { wording } from '../../shared/engine/wording';
import type { Config } from '../../shared/schemas/config';
import type { Context } from '../../shared/schemas/context';
import type { PreviewDecision, PreviewRequest, PreviewResponse, TemplateVariable } from '../../shared/schemas/customer';
import type { State } from '../../shared/schemas/state';
import { draftConfig, liveOrNull } from './draft-config';
import { ApiError } from '../http/errors';
import { personState, type PersonQuery } from './person-state';
import type { Store } from '../store/types';
import { accountVariables, variablesOf } from './template-variables';

/** The person a context speaks for, as `/v1/decide` reads their history. */
export const personOf = (context: Context, user = context.user.id): PersonQuery => ({
  user,
  account: context.account.id,
  plan: context.account.plan,
  periodStart: context.account.periodStart,
  limits: context.limits,
  addons: context.account.addons,
});

/**
 * `evaluate()` spelled out (decide, then render each prompt), so the template values the edited
 * rule's copy is filled from (`wordParts`, as render uses them) can be read back.
 */
function judge(config: Config, context: Context, state: State, now: number, ruleId: string | undefined) {
  const d = decide(config, context, state, now);
  const word = (p: Picked) => render(p, wording.get(p));
  const mine = [d.prompt, ...d.placed].find((p) => p && p.ruleId === ruleId);
  const decision: PreviewDecision = {
    configVersion: config.version || null,
    prompt: d.prompt && word(d.prompt),
    placed: d.placed.map(word).filter((p): p is Prompt => p !== null),
    reasons: explainAll(d.reasons),
  };
  const w = mine && wording.get(mine);
  return { decision, vars: mine && w ? wordParts(mine, w).vars : undefined };
}

/**
 * Preview as a customer: the decision for a recent account (its stored context, and its person's
 * history read as `/v1/decide` reads it) or a context filled in by hand (no history), with the
 * drafts and with the live version, by the engine the widget runs.
 */
export async function previewCustomer(store: Store, environmentId: string, request: PreviewRequest, now: number): Promise<PreviewResponse> {
  let context: Context;
  let user: string | undefined;
  if (request.accountId !== undefined) {
    const seen = await store.accountSighting(environmentId, request.accountId);
    if (!seen) throw new ApiError(404, 'not_found', `No account "${request.accountId}" has been seen in this environment`, { issues: [{ path: 'accountId', message: 'no such account has been seen' }] });
    context = seen.context;
    user = seen.userId;
  } else {
    context = request.context!;
  }
  const stateFor = async (config: Config): Promise<State> => (user === undefined ? { rules: {} } : personState(store, environmentId, personOf(context, user), config, now));
  const drafts = await draftConfig(store, environmentId, request.rule, now);
  const live = await liveOrNull(store, environmentId);
  const draftState = await stateFor(drafts);
  const mine = judge(drafts, context, draftState, now, request.rule?.id);
  const variables: TemplateVariable[] = mine.vars ? variablesOf(mine.vars, context.user.locale) : accountVariables(drafts, context, draftState, now);
  return {
    context,
    drafts: mine.decision,
    live: live && judge(live, context, await stateFor(live), now, undefined).decision,
    variables,
  };
}
