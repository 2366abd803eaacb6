import type { Condition } from '../../shared/schemas/condition';
import type { ConfigContent } from '../../shared/schemas/config';
import type { Context } from '../../shared/schemas/context';
import type { Rule } from '../../shared/schemas/rule';
import type { State } from '../../shared/schemas/state';
import { catalog, copy, member, type MemberOptions } from './catalog';
import { DAY, HOUR, NOW, type Scenario } from './types';

// Audiences with every kind of comparison, each rule in its own inline slot so that all of them
// decide independently; two rules share a slot to show specificity; a scheduled banner.

const viewed = { type: 'event', event: 'dashboard_viewed', count: 1, withinDays: 30 } as const;
const slotRule = (id: string, slot: string, audience: Condition | undefined): Rule => ({
  id,
  name: id,
  status: 'live',
  priority: 100,
  surface: 'inline',
  slot,
  ...(audience && { audience }),
  trigger: viewed,
  offer: { type: 'upgrade', plan: 'next' },
  content: copy(`For ${id}`, '{{offer.plan.name}} fits you.', 'See {{offer.plan.name}}'),
});

const rules: Rule[] = [
  slotRule('for-admins', 'home-hero', { attr: 'user.role', op: 'in', value: ['admin', 'owner'] }),
  slotRule('for-everyone', 'home-hero', undefined),
  slotRule('for-mid-market', 'sidebar', {
    all: [
      { attr: 'account.traits.employees', op: 'gte', value: 50 },
      { attr: 'account.traits.employees', op: 'lt', value: 200 },
      { not: { attr: 'account.traits.industry', op: 'in', value: ['government', 'education'] } },
    ],
  }),
  slotRule('for-new-app', 'footer', { attr: 'user.traits.appVersion', op: 'semverGte', value: '2.4.0' }),
  slotRule('for-company-email', 'settings', {
    any: [
      { attr: 'user.traits.email', op: 'matches', value: '@(acme|globex)\\.com$' },
      { attr: 'account.traits.domainVerified', op: 'eq', value: true },
    ],
  }),
  slotRule('for-first-year-eu', 'billing', {
    all: [
      { attr: 'account.createdAt', op: 'after', value: '-365d' },
      { attr: 'account.traits.region', op: 'startsWith', value: 'eu-' },
    ],
  }),
  slotRule('for-heavy-users', 'usage', {
    any: [
      { attr: 'ratio.api_calls', op: 'gte', value: 80 },
      { attr: 'usage.seats', op: 'gte', value: 5 },
    ],
  }),
  slotRule('for-ready', 'upsell', {
    all: [
      { attr: 'readiness', op: 'gte', value: 70 },
      { attr: 'trial.anomaly_alerts', op: 'neq', value: 'active' },
    ],
  }),
  {
    id: 'black-friday',
    name: 'Black Friday week',
    status: 'live',
    priority: 100,
    surface: 'banner',
    schedule: { start: '2026-11-20T00:00:00Z', end: '2026-11-30T00:00:00Z' },
    trigger: viewed,
    offer: { type: 'upgrade', plan: 'next' },
    content: copy('Black Friday: {{offer.plan.name}} for less', 'This week only.', 'See {{offer.plan.name}}'),
  },
];

export const audienceConfigs = { audiences: { catalog, rules } } satisfies Record<string, ConfigContent>;

/**
 * An admin with a company address and a current app, at a 120-person retailer in the EU that
 * signed up in March 2026 (266 days before NOW), who looked at a dashboard an hour ago.
 */
const admin = (o: MemberOptions = {}): Context =>
  member({
    createdAt: '2026-03-01T00:00:00Z',
    employees: 120,
    userTraits: { email: 'dana@acme.com', appVersion: '2.5.1' },
    ...o,
    traits: { region: 'eu-west', ...o.traits },
  });
const seen = (now: number, extra: Partial<State> = {}): State => ({ rules: {}, counts: { dashboard_viewed: [now - HOUR] }, readiness: 75, ...extra });

/** The admin above matches every audience but the heavy-usage one. */
const ADMIN_CODES = {
  'for-admins': 'shown',
  'for-everyone': 'arbitration.outranked',
  'for-mid-market': 'shown',
  'for-new-app': 'shown',
  'for-company-email': 'shown',
  'for-first-year-eu': 'shown',
  'for-heavy-users': 'audience.miss',
  'for-ready': 'shown',
  'black-friday': 'shown',
};
const placed = (...ids: string[]) => ids.map((ruleId) => ({ ruleId, slot: rules.find((r) => r.id === ruleId)!.slot! }));
const ADMIN_PLACED = placed('for-admins', 'for-mid-market', 'for-new-app', 'for-company-email', 'for-first-year-eu', 'for-ready');
const SALE = { ruleId: 'black-friday' };

const a = (name: string, context: Context, state: State, prompt: Scenario['expect']['prompt'], codes: Partial<typeof ADMIN_CODES>, place: Scenario['expect']['placed'], now = NOW): Scenario => ({
  name,
  config: 'audiences',
  context,
  state,
  now,
  expect: { prompt, placed: place, codes: { ...ADMIN_CODES, ...codes } },
});

const without = (ids: string[], from = ADMIN_PLACED) => from.filter((p) => !ids.includes(p.ruleId));

export const audienceScenarios: Scenario[] = [
  a('an EU admin at a mid-market retailer, in their first year, ready to expand', admin(), seen(NOW), SALE, {}, ADMIN_PLACED),
  a('a viewer at a 20-person US agency with an old app and a personal address', admin({
    role: 'viewer',
    employees: 20,
    createdAt: '2025-01-10T00:00:00Z',
    traits: { industry: 'government', region: 'us-east' },
    userTraits: { email: 'sam@gmail.com', appVersion: '2.3.9' },
    usage: { api_calls: 8500 },
  }), seen(NOW, { readiness: 40 }), SALE, {
    'for-admins': 'audience.miss',
    'for-everyone': 'shown',
    'for-mid-market': 'audience.miss',
    'for-new-app': 'audience.miss',
    'for-company-email': 'audience.miss',
    'for-first-year-eu': 'audience.miss',
    'for-heavy-users': 'shown',
    'for-ready': 'audience.miss',
  }, placed('for-everyone', 'for-heavy-users')),
  a('a missing app version and readiness score match no comparison on them', admin({ userTraits: { email: 'dana@acme.com' } }), { rules: {}, counts: { dashboard_viewed: [NOW - HOUR] } }, SALE,
    { 'for-new-app': 'audience.miss', 'for-ready': 'audience.miss' }, without(['for-new-app', 'for-ready'])),
  a('a running alerts trial fails the readiness audience', admin(), seen(NOW, { trials: { anomaly_alerts: { startedAt: NOW - 2 * DAY, endsAt: NOW + 12 * DAY } } }), SALE,
    { 'for-ready': 'audience.miss' }, without(['for-ready'])),
  a('a school is excluded from mid-market by the not', admin({ traits: { industry: 'education' } }), seen(NOW), SALE, { 'for-mid-market': 'audience.miss' }, without(['for-mid-market'])),
  a('a company domain verified by the host counts as a company address', admin({ userTraits: { email: 'kim@example.org', appVersion: '2.5.1' }, traits: { domainVerified: true } }), seen(NOW), SALE,
    {}, ADMIN_PLACED),
  a('at 200 people a company is no longer mid-market, and its next step is Business', admin({ employees: 200, usage: { seats: 5 } }), seen(NOW), { ruleId: 'black-friday', offer: 'upgrade:business' },
    { 'for-mid-market': 'audience.miss', 'for-heavy-users': 'shown' },
    [...without(['for-mid-market']), { ...placed('for-heavy-users')[0]!, offer: 'upgrade:business' }]),
  a('three days before the sale starts', admin(), seen(Date.UTC(2026, 10, 17, 12)), null, { 'black-friday': 'schedule.not_started' }, ADMIN_PLACED, Date.UTC(2026, 10, 17, 12)),
  a('the sale ended at midnight on the 30th', admin(), seen(Date.UTC(2026, 10, 30)), null, { 'black-friday': 'schedule.ended' }, ADMIN_PLACED, Date.UTC(2026, 10, 30)),
];
