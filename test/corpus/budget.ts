import { demoContent } from '../../server/demo/seed';
import type { ConfigContent } from '../../shared/schemas/config';
import type { Context } from '../../shared/schemas/context';
import type { Rule } from '../../shared/schemas/rule';
import type { RuleState } from '../../shared/schemas/state';
import { catalog, copy, member } from './catalog';
import { seatsLadder } from './ladder';
import { DAY, HOUR, NOW, type Expectation, type PromptSummary, type Scenario } from './types';

// The environment's prompt budget (here at most 1 interruptive prompt a day and 2 a week), the
// specificity tie-break between rules of equal priority, and an inline slot beside them.

const invite = { type: 'event', event: 'member_invited', count: 3, withinDays: 30 } as const;

const rules: Rule[] = [
  { ...structuredClone(demoContent.rules[0]!), id: 'api-ladder', name: 'API-call ladder' },
  seatsLadder({ id: 'seats-toast', name: 'Seats filling up', surface: 'toast' }),
  {
    id: 'enterprise-invite',
    name: 'Admins of large companies inviting their team: Business',
    status: 'live',
    priority: 90,
    surface: 'modal',
    audience: {
      all: [
        { attr: 'account.traits.employees', op: 'gte', value: 200 },
        { attr: 'user.role', op: 'eq', value: 'admin' },
      ],
    },
    trigger: invite,
    offer: { type: 'upgrade', plan: 'business' },
    content: copy('Invite your whole company with {{offer.name}}', 'Single sign-on and an audit log for teams your size.', 'See {{offer.name}}'),
  },
  {
    id: 'team-invite',
    name: 'Anyone inviting their team: the next step',
    status: 'live',
    priority: 90,
    surface: 'banner',
    trigger: invite,
    offer: { type: 'upgrade', plan: 'next' },
    content: copy('Your team is growing', '{{offer.plan.name}} has room for all of you.', 'See {{offer.plan.name}}'),
  },
  {
    id: 'usage-meter',
    name: 'Usage meter on the billing page',
    status: 'live',
    priority: 50,
    surface: 'inline',
    slot: 'billing-usage',
    trigger: {
      type: 'usage',
      metric: 'api_calls',
      tiers: [{ id: 'half', at: { percent: 50 }, tone: 'inform', content: copy('{{percent}}% of your {{metric}} used', '{{usage}} of {{limit}} this month.', 'Compare plans') }],
    },
    offer: { type: 'upgrade', plan: 'next' },
  },
];

export const budgetConfigs = { budget: { catalog, rules, settings: { budget: { day: 1, week: 2 } } } } satisfies Record<string, ConfigContent>;

const QUIET = {
  'api-ladder': 'usage.below_threshold',
  'seats-toast': 'usage.below_threshold',
  'enterprise-invite': 'audience.miss',
  'team-invite': 'event.below_count',
  'usage-meter': 'usage.below_threshold',
};

const THREE_INVITES = { member_invited: [NOW - HOUR, NOW - 2 * DAY, NOW - 9 * DAY] };
const METER: PromptSummary = { ruleId: 'usage-meter', tier: 'half', slot: 'billing-usage' };
const AT_90 = member({ usage: { api_calls: 9000 } });

const b = (name: string, context: Context, ruleStates: Record<string, RuleState>, prompt: PromptSummary | null, codes: Partial<typeof QUIET>, placed: Expectation['placed'] = [], counts: Record<string, number[]> = {}): Scenario => ({
  name,
  config: 'budget',
  context,
  state: { rules: ruleStates, counts },
  now: NOW,
  expect: { prompt, placed, codes: { ...QUIET, ...codes } },
});

export const budgetScenarios: Scenario[] = [
  // Specificity breaks the tie between rules of equal priority.
  b('the more specific audience wins at equal priority', member({ employees: 250 }), {}, { ruleId: 'enterprise-invite', offer: 'upgrade:business' },
    { 'enterprise-invite': 'shown', 'team-invite': 'arbitration.outranked' }, [], THREE_INVITES),
  b('when the narrow audience misses, the general rule offers the segment’s next step', member({ employees: 250, role: 'member' }), {}, { ruleId: 'team-invite', offer: 'upgrade:business' },
    { 'team-invite': 'shown' }, [], THREE_INVITES),
  // The budget.
  b('a toast earlier today spent the day’s budget of one', AT_90, { 'seats-toast': { impressions: [NOW - 3 * HOUR] } }, null,
    { 'api-ladder': 'budget.exhausted', 'usage-meter': 'shown' }, [METER]),
  b('the prompt already shown today is already paid for', AT_90, { 'api-ladder': { impressions: [NOW - 3 * HOUR], reached: { p85: NOW - 3 * HOUR } } }, { ruleId: 'api-ladder', tier: 'p85' },
    { 'api-ladder': 'shown', 'usage-meter': 'shown' }, [METER]),
  b('two prompts this week exhaust a weekly budget of two', AT_90, { 'seats-toast': { impressions: [NOW - 2 * DAY] }, 'team-invite': { impressions: [NOW - 4 * DAY] } }, null,
    { 'api-ladder': 'budget.exhausted', 'usage-meter': 'shown' }, [METER]),
  b('prompts more than a week ago no longer count', AT_90, { 'seats-toast': { impressions: [NOW - 8 * DAY] }, 'team-invite': { impressions: [NOW - 9 * DAY] } }, { ruleId: 'api-ladder', tier: 'p85' },
    { 'api-ladder': 'shown', 'usage-meter': 'shown' }, [METER]),
  b('inline prompts do not spend the budget', AT_90, { 'usage-meter': { impressions: [NOW - HOUR] } }, { ruleId: 'api-ladder', tier: 'p85' },
    { 'api-ladder': 'shown', 'usage-meter': 'shown' }, [METER]),
];
