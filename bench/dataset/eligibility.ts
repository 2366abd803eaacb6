import type { Rule } from '../../shared/schemas/rule';
import { seatLimit, type Person, type SimAccount } from './accounts';
import { DATASET_RULES } from './content';

const DAY = 86_400_000;

/** A rule one person qualifies for now, with the ladder tier reached. */
export interface Eligible {
  rule: Rule;
  tier?: string;
}

const tierOf = (ratio: number, tiers: readonly [number, string][]): string => tiers.find(([at]) => ratio >= at)![1];

/**
 * The dataset's stand-in for the engine: whether each rule's trigger holds for `person` at `at`,
 * given the month's `usage` so far (a fraction of the limit) and the feature they just tried. The
 * playbook's guards (low health, open tickets, the first 90 days) hold back all but locked-feature
 * prompts, which people ask for.
 */
function holds(rule: Rule, a: SimAccount, person: Person, at: number, usage: number, gate: string | null): Eligible | null {
  const seats = a.people.length / seatLimit(a);
  const ageDays = (at - a.createdAt) / DAY;
  switch (rule.id) {
    case 'api-ladder':
      return usage >= 0.7 ? { rule, tier: tierOf(usage, [[0.95, 'p95'], [0.85, 'p85'], [0, 'p70']]) } : null;
    case 'seats-ladder':
      return seats >= 0.8 ? { rule, tier: tierOf(seats, [[1, 'p100'], [0, 'p80']]) } : null;
    case 'export-nudge':
      return person.exports.filter((x) => x > at - 7 * DAY).length >= 5 ? { rule } : null;
    case 'invite-seats':
      return a.invites.filter((x) => x > at - 30 * DAY).length >= 3 ? { rule } : null;
    case 'ten-seats':
      return a.people.length >= 10 ? { rule } : null;
    case 'anniversary':
      return ageDays >= 365 && ageDays < 395 ? { rule } : null;
    case 'api-forecast':
      return usage >= 0.5 && usage < 0.95 && a.usage * (1 + a.growth) >= 1 ? { rule } : null;
    case 'seats-forecast':
      return seats >= 0.6 && a.people.length < a.teamTarget ? { rule } : null;
    default:
      return rule.trigger.type === 'feature' && gate === rule.trigger.feature ? { rule } : null;
  }
}

export function eligibleRules(a: SimAccount, person: Person, at: number, usage: number, gate: string | null): Eligible[] {
  const guarded = a.health < 40 || a.openTickets || at - a.createdAt < 90 * DAY;
  const out: Eligible[] = [];
  for (const rule of DATASET_RULES) {
    if (guarded && rule.trigger.type !== 'feature') continue;
    const e = holds(rule, a, person, at, usage, gate);
    if (e) out.push(e);
  }
  return out;
}
