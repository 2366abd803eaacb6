import { DECLINE_REASONS } from '../../../shared/constants';
import type { DeclinesAnswer } from '../../../shared/schemas/analytics';
import { iso } from '../../infra/iso';
import type { Store } from '../../store/types';
import type { DayRange } from './range';

/** Notes answered per rule, newest first. */
export const MAX_NOTES_PER_RULE = 100;

type DeclineRule = DeclinesAnswer['rules'][number];
const REASONS: ReadonlySet<string> = new Set(DECLINE_REASONS);

/**
 * Declines per rule in the range: counts per reason from the daily roll-up, and the newest notes
 * read from the rule's own decline events (an index range: declines are few, and kept a year).
 */
export async function declines(store: Store, environmentId: string, range: DayRange, ruleId: string | undefined): Promise<DeclinesAnswer> {
  const counts = await store.declineCounts(environmentId, { from: range.from, to: range.to, ruleId });
  const rules = new Map<string, DeclineRule>();
  for (const { ruleId: id, reason, count } of counts) {
    // A reason this server no longer knows (the list may change) still counts toward the total.
    let rule = rules.get(id);
    if (!rule) rules.set(id, (rule = { ruleId: id, total: 0, reasons: { budget: 0, timing: 0, fit: 0, other: 0 }, notes: [] }));
    rule.total += count;
    if (REASONS.has(reason)) rule.reasons[reason as keyof DeclineRule['reasons']] += count;
  }
  for (const rule of rules.values()) {
    const notes = await store.declineNotes(environmentId, rule.ruleId, range.fromMs, range.toMs, MAX_NOTES_PER_RULE);
    rule.notes = notes
      .filter((n) => REASONS.has(n.reason))
      .map((n) => ({ at: iso(n.at), reason: n.reason as keyof DeclineRule['reasons'], note: n.note, accountId: n.accountId, tier: n.tier, variant: n.variant }));
  }
  return { from: range.from, to: range.to, rules: [...rules.values()] };
}
