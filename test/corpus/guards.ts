import { demoContent } from '../../server/demo/seed';
import type { ConfigContent } from '../../shared/schemas/config';
import type { Context } from '../../shared/schemas/context';
import type { Rule } from '../../shared/schemas/rule';
import type { ForecastState, State } from '../../shared/schemas/state';
import { catalog, copy, member } from './catalog';
import { DAY, iso, NOW, type PromptSummary, type Scenario } from './types';

// The playbook's account guards (age, health, tickets, contraction) with per-rule overrides; the
// forecast trigger; offers of the segment's next step, a seat pack and a sales conversation.

const rules: Rule[] = [
  {
    id: 'forecast-sales',
    name: 'Large accounts about to hit the API limit: talk to sales',
    status: 'live',
    priority: 200,
    surface: 'modal',
    audience: { attr: 'account.traits.employees', op: 'gte', value: 100 },
    trigger: { type: 'forecast', metric: 'api_calls', withinDays: 21 },
    // Large accounts hear from sales after 30 days, and a support ticket is no reason to stay silent about a limit.
    guards: { accountAgeDays: 30, openTickets: false },
    offer: { type: 'contact_sales' },
    content: copy('At this pace you reach your API limit in about {{forecast.weeks}} weeks', 'Talk to us about a plan that grows with you.', 'Talk to sales'),
  },
  {
    id: 'seats-full',
    name: 'Every seat taken: offer a seat pack',
    status: 'live',
    priority: 150,
    surface: 'toast',
    trigger: {
      type: 'usage',
      metric: 'seats',
      tiers: [{ id: 'full', at: { percent: 100 }, tone: 'recommend', content: copy('All {{limit}} seats are taken', 'Add five more without changing plans.', 'Add seats') }],
    },
    // New teams fill their seats early; a seat pack is not a pitch, so it may come after two weeks.
    guards: { accountAgeDays: 14 },
    offer: { type: 'seats', addon: 'seat-pack' },
  },
  { ...structuredClone(demoContent.rules[0]!), id: 'api-ladder', name: 'API-call ladder' },
];

export const guardConfigs = { guards: { catalog, rules } } satisfies Record<string, ConfigContent>;

const QUIET = {
  'forecast-sales': 'audience.miss',
  'seats-full': 'usage.below_threshold',
  'api-ladder': 'usage.below_threshold',
};

/** A confident projection: the API-call limit in `days` days. */
const forecast = (days: number, confident = true): State => ({
  rules: {},
  forecast: { api_calls: { perDay: 250, days, low: Math.floor(days * 0.8), high: confident ? Math.ceil(days * 1.2) : null, confident, weeks: Math.max(1, Math.round(days / 7)) } satisfies ForecastState },
});
const none: State = { rules: {} };

const r = (name: string, context: Context, st: State, prompt: PromptSummary | null, codes: Partial<typeof QUIET>): Scenario => ({
  name,
  config: 'guards',
  context,
  state: st,
  now: NOW,
  expect: { prompt, placed: [], codes: { ...QUIET, ...codes } },
});

const P85 = { ruleId: 'api-ladder', tier: 'p85' };

export const guardScenarios: Scenario[] = [
  r('a healthy account at 90 % sees the ladder, offering Pro', member({ usage: { api_calls: 9000 } }), none, { ...P85, offer: 'upgrade:pro' }, { 'api-ladder': 'shown' }),
  // Age.
  r('a 30-day-old team with every seat taken: the seat pack waits 14 days, the ladder 90', member({ createdAt: iso(NOW - 30 * DAY), usage: { api_calls: 9000, seats: 5 } }), none,
    { ruleId: 'seats-full', tier: 'full', offer: 'seats:seat-pack', title: 'All 5 seats are taken' }, { 'seats-full': 'shown', 'api-ladder': 'guard.account_too_new' }),
  r('a 10-day-old team: even the seat pack waits', member({ createdAt: iso(NOW - 10 * DAY), usage: { api_calls: 9000, seats: 5 } }), none, null,
    { 'seats-full': 'guard.account_too_new', 'api-ladder': 'guard.account_too_new' }),
  // Health and tickets.
  r('health 35 holds every prompt, the sales conversation too', member({ health: 35, employees: 150, usage: { api_calls: 9000, seats: 5 } }), forecast(12), null,
    { 'forecast-sales': 'guard.unhealthy', 'seats-full': 'guard.unhealthy', 'api-ladder': 'guard.unhealthy' }),
  r('health exactly 40 is healthy enough', member({ health: 40, usage: { api_calls: 9000 } }), none, P85, { 'api-ladder': 'shown' }),
  r('an open ticket holds the ladder back, but not the sales conversation', member({ openTickets: 1, employees: 150, usage: { api_calls: 9000, seats: 5 } }), forecast(12),
    { ruleId: 'forecast-sales', offer: 'contact_sales', title: 'At this pace you reach your API limit in about 2 weeks' },
    { 'forecast-sales': 'shown', 'seats-full': 'guard.open_tickets', 'api-ladder': 'guard.open_tickets' }),
  // Contraction: usage fell by more than 5 % in each of the last two completed periods.
  r('usage that fell two periods running is contraction', member({ usage: { api_calls: 8700 } }), { rules: {}, periods: { api_calls: [9000, 8000, 7000] } }, null,
    { 'seats-full': 'guard.contracting', 'api-ladder': 'guard.contracting' }),
  r('one falling period is not contraction', member({ usage: { api_calls: 8700 } }), { rules: {}, periods: { api_calls: [9000, 8800, 7000] } }, P85, { 'api-ladder': 'shown' }),
  // Forecast.
  r('a confident forecast outranks the ladder', member({ employees: 150, usage: { api_calls: 9000 } }), forecast(12), { ruleId: 'forecast-sales' },
    { 'forecast-sales': 'shown', 'api-ladder': 'arbitration.outranked' }),
  r('a limit 40 days away is too far for the sales conversation', member({ employees: 150, usage: { api_calls: 9000 } }), forecast(40), P85,
    { 'forecast-sales': 'forecast.too_far', 'api-ladder': 'shown' }),
  r('an uncertain forecast says nothing', member({ employees: 150, usage: { api_calls: 9000 } }), forecast(12, false), P85, { 'forecast-sales': 'forecast.none', 'api-ladder': 'shown' }),
  r('no forecast yet', member({ employees: 150, usage: { api_calls: 5000 } }), none, null, { 'forecast-sales': 'forecast.none' }),
  // The next step by segment.
  r('a 250-person Starter account is offered Business, its segment’s next step', member({ employees: 250, usage: { api_calls: 9000 } }), none,
    { ...P85, offer: 'upgrade:business' }, { 'forecast-sales': 'forecast.none', 'api-ladder': 'shown' }),
  r('a Pro account’s next step is Business', member({ plan: 'pro', usage: { api_calls: 90_000 } }), none, { ...P85, offer: 'upgrade:business' }, { 'api-ladder': 'shown' }),
  r('Business has no next step', member({ plan: 'business', usage: { api_calls: 950_000 } }), none, null, { 'api-ladder': 'offer.no_next_step' }),
  // Seat packs raise the limit and can be bought again.
  r('with a seat pack, 5 of 10 seats is not full', member({ addons: ['seat-pack'], usage: { seats: 5 } }), none, null, {}),
  r('with the seat pack full too, another pack is offered', member({ addons: ['seat-pack'], usage: { seats: 10 } }), none,
    { ruleId: 'seats-full', tier: 'full', offer: 'seats:seat-pack', title: 'All 10 seats are taken' }, { 'seats-full': 'shown' }),
];
