import { demoContent } from '../../server/demo/seed';
import type { ConfigContent } from '../../shared/schemas/config';
import type { Context } from '../../shared/schemas/context';
import type { Rule } from '../../shared/schemas/rule';
import type { State } from '../../shared/schemas/state';
import { DAY, iso, NOW, type Expectation, type Scenario } from './types';

// The usage ladder of the demo (70 / 85 / 95 % of API calls, offering the next step), its limits,
// dismissals across billing periods, offers and arbitration between ladders.

const ladder = structuredClone(demoContent.rules[0]!);

const rule = (over: Partial<Rule> & { id: string }): Rule => ({ ...structuredClone(ladder), name: over.id, ...over });
export const seatsLadder = (over: Partial<Rule> & { id: string }): Rule =>
  rule({
    trigger: {
      type: 'usage',
      metric: 'seats',
      tiers: [
        { id: 's4', at: { value: 4 }, tone: 'recommend', content: { title: '{{usage}} seats in use', body: 'Your team is growing.', cta: 'Add seats' } },
        { id: 's5', at: { value: 5 }, tone: 'urgent', content: { title: 'All {{limit}} seats taken', body: 'Invite more with {{offer.plan.name}}.', cta: 'Upgrade' } },
      ],
    },
    ...over,
  });

export const ladderConfigs = {
  /** The demo: a 70 / 85 / 95 % API-call ladder offering the next step. */
  demo: demoContent,
  /** Two rules on different metrics, and a lower-priority copy of the API ladder. */
  arbitration: {
    catalog: demoContent.catalog,
    rules: [rule({ id: 'api-high', priority: 200 }), rule({ id: 'api-low', priority: 100 }), seatsLadder({ id: 'seats', priority: 150 })],
  },
  /** Equal priorities: the lower rule id wins; plus a paused rule (drafts are never published). */
  ties: {
    catalog: demoContent.catalog,
    rules: [rule({ id: 'b-api', priority: 50 }), rule({ id: 'a-api', priority: 50 }), rule({ id: 'paused', status: 'paused', priority: 900 })],
  },
  /** Offers that name plans explicitly. */
  offers: {
    catalog: demoContent.catalog,
    rules: [rule({ id: 'offer-pro', offer: { type: 'upgrade', plan: 'pro' } })],
  },
} satisfies Record<string, ConfigContent>;

interface PersonOptions {
  plan?: string;
  limits?: Record<string, number>;
  seats?: number;
  periodStart?: string;
  locale?: string;
  /** Default: an account since January 2025, long past the 90-day guard. Null leaves it out. */
  createdAt?: string | null;
  health?: number;
  openTickets?: number;
}

/** A user of a healthy Starter account that signed up in January 2025 (so no guard holds it). */
const person = (apiCalls: number | undefined, over: PersonOptions = {}): Context => {
  const createdAt = over.createdAt === undefined ? '2025-01-15T00:00:00Z' : over.createdAt;
  return {
    user: { id: 'corpus-user', locale: over.locale ?? 'en' },
    account: {
      id: 'corpus-acct',
      plan: over.plan ?? 'starter',
      health: over.health ?? 72,
      ...(createdAt === null ? {} : { createdAt }),
      ...(over.periodStart ? { periodStart: over.periodStart } : {}),
      ...(over.openTickets === undefined ? {} : { openTickets: over.openTickets }),
    },
    usage: { ...(apiCalls === undefined ? {} : { api_calls: apiCalls }), ...(over.seats === undefined ? {} : { seats: over.seats }) },
    ...(over.limits ? { limits: over.limits } : {}),
  };
};
const none: State = { rules: {} };
const dismissed = (ruleId: string, tiers: Record<string, number>): State => ({ rules: { [ruleId]: { dismissed: tiers } } });
const L = 'api-usage-ladder';

const s = (name: string, config: keyof typeof ladderConfigs, context: Context, prompt: Expectation['prompt'], codes: Record<string, string>, state: State = none, now = NOW): Scenario => ({
  name,
  config,
  context,
  state,
  now,
  expect: { prompt, placed: [], codes },
});

export const ladderScenarios: Scenario[] = [
  // The ladder, step by step (limit 10,000 on Starter).
  s('no usage yet', 'demo', person(0), null, { [L]: 'usage.below_threshold' }),
  s('69 %', 'demo', person(6900), null, { [L]: 'usage.below_threshold' }),
  s('69.99 %', 'demo', person(6999), null, { [L]: 'usage.below_threshold' }),
  s('exactly 70 %', 'demo', person(7000), { ruleId: L, tier: 'p70' }, { [L]: 'shown' }),
  s('72 %', 'demo', person(7200), { ruleId: L, tier: 'p70' }, { [L]: 'shown' }),
  s('84.99 %', 'demo', person(8499), { ruleId: L, tier: 'p70' }, { [L]: 'shown' }),
  s('exactly 85 %', 'demo', person(8500), { ruleId: L, tier: 'p85' }, { [L]: 'shown' }),
  s('90 %', 'demo', person(9000), { ruleId: L, tier: 'p85' }, { [L]: 'shown' }),
  s('94.99 %', 'demo', person(9499), { ruleId: L, tier: 'p85' }, { [L]: 'shown' }),
  s('exactly 95 %', 'demo', person(9500), { ruleId: L, tier: 'p95' }, { [L]: 'shown' }),
  s('97 %', 'demo', person(9700), { ruleId: L, tier: 'p95' }, { [L]: 'shown' }),
  s('120 %, over the limit', 'demo', person(12000), { ruleId: L, tier: 'p95' }, { [L]: 'shown' }),
  s('German locale decides the same', 'demo', person(9000, { locale: 'de' }), { ruleId: L, tier: 'p85' }, { [L]: 'shown' }),
  // Limits and readings.
  s('a negotiated limit of 20,000 puts 9,000 at 45 %', 'demo', person(9000, { limits: { api_calls: 20000 } }), null, { [L]: 'usage.below_threshold' }),
  s('a negotiated limit of 9,000 puts 8,600 over 95 %', 'demo', person(8600, { limits: { api_calls: 9000 } }), { ruleId: L, tier: 'p95' }, { [L]: 'shown' }),
  s('no API-call reading', 'demo', person(undefined, { seats: 3 }), null, { [L]: 'usage.no_reading' }),
  s('a limit of 0 means unlimited', 'demo', person(5000, { limits: { api_calls: 0 } }), null, { [L]: 'usage.no_limit' }),
  s('a plan not in the catalog, with a context limit, has no next step', 'demo', person(9000, { plan: 'legacy', limits: { api_calls: 10000 } }), null, { [L]: 'offer.no_next_step' }),
  // The playbook's guards, on by default (every account above is old enough and healthy).
  s('a 30-day-old account at 97 % is too new for the ladder', 'demo', person(9700, { createdAt: iso(NOW - 30 * DAY) }), null, { [L]: 'guard.account_too_new' }),
  s('an account exactly 90 days old at 97 % sees it', 'demo', person(9700, { createdAt: iso(NOW - 90 * DAY) }), { ruleId: L, tier: 'p95' }, { [L]: 'shown' }),
  s('an account of unknown age is not held back', 'demo', person(9700, { createdAt: null }), { ruleId: L, tier: 'p95' }, { [L]: 'shown' }),
  s('an unhappy account (health 35) at 97 % is left alone', 'demo', person(9700, { health: 35 }), null, { [L]: 'guard.unhealthy' }),
  s('an account with an open support ticket at 97 % is left alone', 'demo', person(9700, { openTickets: 1 }), null, { [L]: 'guard.open_tickets' }),
  // Offers.
  s('the top plan has no next step', 'demo', person(95000, { plan: 'pro' }), null, { [L]: 'offer.no_next_step' }),
  s('an explicit Pro offer to a Starter account', 'offers', person(9700), { ruleId: 'offer-pro', tier: 'p95' }, { 'offer-pro': 'shown' }),
  s('an explicit Pro offer to a Pro account', 'offers', person(95000, { plan: 'pro' }), null, { 'offer-pro': 'offer.current_plan' }),
  s('an explicit Pro offer to an unknown plan without limits', 'offers', person(9000, { plan: 'legacy' }), null, { 'offer-pro': 'usage.no_limit' }),
  s('an explicit Pro offer to an unknown plan with a limit', 'offers', person(9000, { plan: 'legacy', limits: { api_calls: 10000 } }), { ruleId: 'offer-pro', tier: 'p85' }, { 'offer-pro': 'shown' }),
  // Dismissals within and across billing periods.
  s('p70 dismissed this month, at 72 %', 'demo', person(7200), null, { [L]: 'tier.dismissed' }, dismissed(L, { p70: NOW - 2 * DAY })),
  s('p70 dismissed this month, at 90 % the next tier shows', 'demo', person(9000), { ruleId: L, tier: 'p85' }, { [L]: 'shown' }, dismissed(L, { p70: NOW - 2 * DAY })),
  s('p85 dismissed, at 97 % the urgent tier shows', 'demo', person(9700), { ruleId: L, tier: 'p95' }, { [L]: 'shown' }, dismissed(L, { p85: NOW - DAY })),
  s('p95 dismissed, usage back at 90 %', 'demo', person(9000), null, { [L]: 'tier.dismissed' }, dismissed(L, { p95: NOW - DAY })),
  s('p95 dismissed, usage back at 72 %', 'demo', person(7200), null, { [L]: 'tier.dismissed' }, dismissed(L, { p95: NOW - DAY })),
  s('p95 dismissed last month', 'demo', person(9700), { ruleId: L, tier: 'p95' }, { [L]: 'shown' }, dismissed(L, { p95: Date.UTC(2026, 9, 30) })),
  s('p95 dismissed on the first instant of this month', 'demo', person(9700), null, { [L]: 'tier.dismissed' }, dismissed(L, { p95: Date.UTC(2026, 10, 1) })),
  s('p95 dismissed a millisecond before this month', 'demo', person(9700), { ruleId: L, tier: 'p95' }, { [L]: 'shown' }, dismissed(L, { p95: Date.UTC(2026, 10, 1) - 1 })),
  s('anchored on the 15th: a dismissal on the 14th was last period', 'demo', person(9700, { periodStart: '2026-01-15' }), { ruleId: L, tier: 'p95' }, { [L]: 'shown' }, dismissed(L, { p95: Date.UTC(2026, 10, 14) })),
  s('anchored on the 15th: a dismissal on the 16th holds', 'demo', person(9700, { periodStart: '2026-01-15' }), null, { [L]: 'tier.dismissed' }, dismissed(L, { p95: Date.UTC(2026, 10, 16) })),
  s('anchored on the 31st: November renews on the 30th', 'demo', person(9700, { periodStart: '2026-01-31' }), { ruleId: L, tier: 'p95' }, { [L]: 'shown' }, dismissed(L, { p95: Date.UTC(2026, 9, 31) }), Date.UTC(2026, 10, 30, 1)),
  s('anchored on the 31st: the 29th is still October’s period', 'demo', person(9700, { periodStart: '2026-01-31' }), null, { [L]: 'tier.dismissed' }, dismissed(L, { p95: Date.UTC(2026, 9, 31) }), Date.UTC(2026, 10, 29, 23)),
  s('a dismissal of another rule changes nothing', 'demo', person(9700), { ruleId: L, tier: 'p95' }, { [L]: 'shown' }, dismissed('other-rule', { p95: NOW - DAY })),
  s('a dismissal of an unknown tier changes nothing', 'demo', person(9700), { ruleId: L, tier: 'p95' }, { [L]: 'shown' }, dismissed(L, { p99: NOW - DAY })),
  // Arbitration.
  s('both API rules match: the higher priority shows', 'arbitration', person(9000), { ruleId: 'api-high', tier: 'p85' }, { 'api-high': 'shown', 'api-low': 'arbitration.outranked', seats: 'usage.no_reading' }),
  s('seats outrank the lower API rule', 'arbitration', person(9000, { seats: 5 }), { ruleId: 'api-high', tier: 'p85' }, { 'api-high': 'shown', seats: 'arbitration.outranked', 'api-low': 'arbitration.outranked' }),
  s('only seats match', 'arbitration', person(1000, { seats: 4 }), { ruleId: 'seats', tier: 's4' }, { seats: 'shown', 'api-high': 'usage.below_threshold', 'api-low': 'usage.below_threshold' }),
  s('seats at the limit, API low', 'arbitration', person(1000, { seats: 5 }), { ruleId: 'seats', tier: 's5' }, { seats: 'shown', 'api-high': 'usage.below_threshold', 'api-low': 'usage.below_threshold' }),
  s('the winner dismissed: the next rule shows', 'arbitration', person(9000), { ruleId: 'api-low', tier: 'p85' }, { 'api-high': 'tier.dismissed', 'api-low': 'shown', seats: 'usage.no_reading' }, dismissed('api-high', { p85: NOW - DAY })),
  s('nothing matches', 'arbitration', person(100, { seats: 1 }), null, { 'api-high': 'usage.below_threshold', 'api-low': 'usage.below_threshold', seats: 'usage.below_threshold' }),
  s('seats on Pro: no next step for any rule', 'arbitration', person(99000, { plan: 'pro', seats: 25 }), null, { 'api-high': 'offer.no_next_step', 'api-low': 'offer.no_next_step', seats: 'offer.no_next_step' }),
  s('equal priorities: the lower id wins', 'ties', person(9000), { ruleId: 'a-api', tier: 'p85' }, { 'a-api': 'shown', 'b-api': 'arbitration.outranked', paused: 'rule.inactive' }),
  s('a paused rule never shows, even first in priority', 'ties', person(100), null, { 'a-api': 'usage.below_threshold', 'b-api': 'usage.below_threshold', paused: 'rule.inactive' }),
  s('equal priorities, the first dismissed: the second shows', 'ties', person(9700), { ruleId: 'b-api', tier: 'p95' }, { 'a-api': 'tier.dismissed', 'b-api': 'shown', paused: 'rule.inactive' }, dismissed('a-api', { p95: NOW - DAY })),
  s('equal priorities, both dismissed', 'ties', person(9700), null, { 'a-api': 'tier.dismissed', 'b-api': 'tier.dismissed', paused: 'rule.inactive' }, {
    rules: { 'a-api': { dismissed: { p95: NOW - DAY } }, 'b-api': { dismissed: { p95: NOW - DAY } } },
  }),
  // Time.
  s('a dismissal dated in the future (clock skew) still holds', 'demo', person(9700), null, { [L]: 'tier.dismissed' }, dismissed(L, { p95: NOW + DAY })),
  s('on the first instant of a new month the old dismissal lapses', 'demo', person(9700), { ruleId: L, tier: 'p95' }, { [L]: 'shown' }, dismissed(L, { p95: Date.UTC(2026, 10, 30) }), Date.UTC(2026, 11, 1)),
  // The period renewed, but this person dismissed the tier themselves a day ago: their 7-day cooldown still holds it.
  s('in a new month my own dismissal from yesterday still cools down', 'demo', person(9700), null, { [L]: 'frequency.cooldown' },
    { rules: { [L]: { dismissed: { p95: Date.UTC(2026, 10, 30) }, dismissedAt: Date.UTC(2026, 10, 30) } } }, Date.UTC(2026, 11, 1)),
  s('a year later', 'demo', person(7500), { ruleId: L, tier: 'p70' }, { [L]: 'shown' }, dismissed(L, { p70: NOW }), NOW + 365 * DAY),
  s('fractional readings', 'demo', person(8499.9), { ruleId: L, tier: 'p70' }, { [L]: 'shown' }),
  s('a fractional limit', 'demo', person(70, { limits: { api_calls: 100.5 } }), null, { [L]: 'usage.below_threshold' }),
];
