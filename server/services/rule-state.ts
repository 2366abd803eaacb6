import type { Rule } from '../../shared/schemas/rule';
import type { RuleState } from '../../shared/schemas/rule-overview';

/**
 * Where a rule stands for customers at `now`, read from its live version (the published config
 * holds live and paused rules only): a live rule is `scheduled` before its start and `ended` from
 * its end on, the same bounds the engine and one-click actions use. A rule with no live version
 * is a `draft`, or `ended` when its draft was archived.
 */
export function ruleState(live: Rule | undefined, draft: Rule | undefined, now: number): RuleState {
  if (live?.status === 'paused') return 'paused';
  if (live?.status === 'live') {
    const { start, end } = live.schedule ?? {};
    if (end && now >= Date.parse(end)) return 'ended';
    if (start && now < Date.parse(start)) return 'scheduled';
    return 'live';
  }
  return draft?.status === 'archived' ? 'ended' : 'draft';
}
