import { decide } from '../../shared/engine/decide';
import { DAY } from '../../shared/engine/period';
import type { ReachCount, ReachResponse } from '../../shared/schemas/customer';
import type { Rule } from '../../shared/schemas/rule';
import { draftConfig, liveOrNull } from './draft-config';
import type { Store } from '../store/types';

/** Reach counts accounts seen within this many days. */
export const REACH_DAYS = 30;

/** Outcomes where the rule passed every check of its own: it would show but for what other rules or the budget took. */
const ELIGIBLE = new Set(['shown', 'arbitration.outranked', 'budget.exhausted']);

const counted = (m: Map<string, number>): ReachCount[] =>
  [...m].map(([id, accounts]) => ({ id, accounts })).sort((a, b) => b.accounts - a.accounts || (a.id < b.id ? -1 : 1));
const add = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);

/**
 * How many accounts seen in the last 30 days a draft rule (possibly unsaved, judged as if live)
 * would reach today, by the engine itself: each account's latest context and the history its
 * person was answered then (one read of the sightings, no per-account query), judged now against
 * the drafts with this rule in place. Eligible accounts are broken down by tier and variant; live
 * rules this one takes the place of (they are outranked by it) are counted per rule.
 */
export async function estimateReach(store: Store, environmentId: string, rule: Rule, now: number): Promise<ReachResponse> {
  const config = await draftConfig(store, environmentId, rule, now);
  const live = await liveOrNull(store, environmentId);
  const liveIds = new Set((live ?? config).rules.filter((r) => r.status === 'live' && r.id !== rule.id).map((r) => r.id));

  const out = { eligible: 0, shown: 0, outranked: 0, overBudget: 0, rule: 0, global: 0 };
  const tiers = new Map<string, number>();
  const variants = new Map<string, number>();
  const displaced = new Map<string, number>();
  const missed = new Map<string, number>();
  const accounts = await store.eachSeenSince(environmentId, now - REACH_DAYS * DAY, ({ context, state }) => {
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
  });
  return {
    accounts,
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
