import type { Context } from 'hono';
import type { Config } from '../../shared/schemas/config';
import type { Rule } from '../../shared/schemas/rule';
import type { FunnelAction } from './analytics/funnel-rows';
import { ApiError, invalidInput } from '../http/errors';
import { actionIdentity, assertSamePerson } from './identity';
import { liveConfig } from './live-config';
import type { Store } from '../store/types';

/**
 * The live config's rule `ruleId` when a one-click action may act on it now: 404 `rule_not_found`
 * when the config has no such live rule, 409 `rule_not_running` outside its schedule.
 */
export function runningRule(config: Config, ruleId: string, now: number): Rule {
  const rule = config.rules.find((r) => r.id === ruleId);
  if (!rule || rule.status !== 'live') throw new ApiError(404, 'rule_not_found', `The published config has no live rule "${ruleId}"`);
  const { start, end } = rule.schedule ?? {};
  if ((start && now < Date.parse(start)) || (end && now >= Date.parse(end))) {
    throw new ApiError(409, 'rule_not_running', `Rule "${ruleId}" is outside its schedule`);
  }
  return rule;
}

/** What a one-click action's body says: who, which rule, and the prompt it came from (`ActionOrigin`). */
interface ActionBody {
  userId: string;
  accountId: string;
  ruleId: string;
  variant?: string | undefined;
  tier?: string | undefined;
  surface?: string | undefined;
  locale?: string | undefined;
}

/**
 * The rule a one-click action of a person (a trial, a request to the admins) acts on: the person is
 * checked against an identity token first (needed unless the environment opted out, see
 * `actionIdentity`), then the live config must have the rule running now, and the variant named
 * must be one of the rule's.
 */
export async function ruleForAction(c: Context, store: Store, environmentId: string, now: number, body: ActionBody, what: string): Promise<Rule> {
  assertSamePerson(await actionIdentity(c, store, environmentId, now), body.userId, body.accountId, what);
  const rule = runningRule(await liveConfig(store, environmentId), body.ruleId, now);
  if (body.variant !== undefined && rule.variants && !rule.variants.some((v) => v.id === body.variant)) {
    throw invalidInput([{ path: ['variant'], message: `rule "${body.ruleId}" has no variant "${body.variant}"` }], what);
  }
  return rule;
}

/** The action as the funnel counts it: on the rule's trigger type, under the prompt's arm, tier, surface and locale. */
export const funnelAction = (rule: Rule, body: ActionBody, at: number): FunnelAction => ({
  ruleId: rule.id,
  variant: body.variant ?? null,
  tier: body.tier ?? null,
  surface: body.surface ?? null,
  locale: body.locale ?? null,
  trigger: rule.trigger.type,
  at,
});
