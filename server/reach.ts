import { decide } from '../shared/engine/decide';
import { DAY } from '../shared/engine/period';
import type { ReachCount, ReachResponse } from '../shared/schemas/customer';
import type { Rule } from '../shared/schemas/rule';
import { personOf } from './customer-preview';
import { draftConfig, liveOrNull } from './draft-config';
import { historySince, stateFrom } from './person-state';
import type { Store } from './store/types';

/** Reach counts accounts seen within this many days. */
export const REACH_DAYS = 30;

/** Outcomes where the rule passed every check of its own: it would show but for what other rules or the budget took. */
const ELIGIBLE = new Set(['shown', 'arbitration.outranked', 'budget.exhausted']);

const counted = (m: Map<string, number>): ReachCount[] =>
  [...m].map(([id, accounts]) => ({ id, accounts })).sort((a, b) => b.accounts - a.accounts || (a.id < b.id ? -1 : 1));
const add = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);

/**
 * How many accounts seen in the last 30 days a draft rule (possibly unsaved, judged as if live)
 * would reach today, by the engine itself: each account's stored context and its person's history
 * (read for every account at once, see `recentHistories`) against the drafts with this rule in
 * place. Eligible accounts are broken down by tier and variant; live rules this one takes the
 * place of (they are outranked by it) are counted per rule.
 */
export async function estimateReach(store: Store, environmentId: string, rule: Rule, now: number): Promise<ReachResponse> {
  const config = await draftConfig(store, environmentId, rule, now);
  const live = await liveOrNull(store, environmentId);
  const liveIds = new Set((live ?? config).rules.filter((r) => r.status === 'live' && r.id !== rule.id).map((r) => r.id));
  const seen = await store.recentHistories(environmentId, now - REACH_DAYS * DAY, historySince(now));

  const out = { eligible: 0, shown: 0, outranked: 0, overBudget: 0, rule: 0, global: 0 };
  const tiers = new Map<string, number>();
  const variants = new Map<string, number>();
  const displaced = new Map<string, number>();
  const missed = new Map<string, number>();
  for (const { sighting, history } of seen) {
    const { context } = sighting;
    const state = stateFrom(history, personOf(context, sighting.userId), config, now);
    const { reasons } = decide(config, context, state, now);
    const mine = reasons.find((r) => r.ruleId === rule.id)!;
    if (ELIGIBLE.has(mine.code)) {
      out.eligible++;
      if (mine.code === 'shown') out.shown++;
      else if (mine.code === 'arbitration.outranked') out.outranked++;
      else out.overBudget++;
      if (mine.tier) add(tiers, mine.tier);
      if (mine.variant) add(variants, mine.variant);
    } else if (mine.code === 'experiment.holdout') out.rule++;
    else if (mine.code === 'experiment.global_holdout') out.global++;
    else add(missed, mine.code);
    for (const r of reasons) if (r.code === 'arbitration.outranked' && r.params?.['by'] === rule.id && liveIds.has(r.ruleId)) add(displaced, r.ruleId);
  }
  return {
    accounts: seen.length,
    eligible: out.eligible,
    shown: out.shown,
    outranked: out.outranked,
    overBudget: out.overBudget,
    heldOut: { rule: out.rule, global: out.global },
    tiers: counted(tiers),
    variants: counted(variants),
    displaced: counted(displaced),
    missed: counted(missed),
  };
}
