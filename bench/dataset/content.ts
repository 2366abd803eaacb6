import type { ConfigContent } from '../../shared/schemas/config';
import type { Rule } from '../../shared/schemas/rule';
import { demoContent } from '../../server/demo/seed';

// The config the analytics dataset publishes: the demo catalog grown by a third plan, and two rules
// of each trigger type, most of them running an experiment (variants, a rule holdout or both), under
// a 5 % global holdout. The generator decides who is eligible; the config decides the arms.

const copy = (title: string) => ({ title, body: `${title}: see what the next plan adds.`, cta: 'See plans' });

const base = { status: 'live', priority: 100, content: copy('Grow with us') } as const;

export const DATASET_RULES: Rule[] = [
  {
    ...base,
    id: 'api-ladder',
    name: 'API calls near the limit',
    surface: 'banner',
    offer: { type: 'upgrade', plan: 'next' },
    trigger: {
      type: 'usage',
      metric: 'api_calls',
      tiers: [
        { id: 'p70', at: { percent: 70 }, tone: 'inform', content: copy('70 % used') },
        { id: 'p85', at: { percent: 85 }, tone: 'recommend', content: copy('85 % used') },
        { id: 'p95', at: { percent: 95 }, tone: 'urgent', content: copy('95 % used') },
      ],
    },
    variants: [
      { id: 'plain', weight: 50 },
      { id: 'numbers', weight: 50 },
    ],
    holdout: 10,
  },
  {
    ...base,
    id: 'seats-ladder',
    name: 'Seats near the limit',
    surface: 'toast',
    offer: { type: 'seats', addon: 'seat_pack' },
    trigger: { type: 'usage', metric: 'seats', tiers: [{ id: 'p80', at: { percent: 80 }, tone: 'recommend', content: copy('Seats filling up') }, { id: 'p100', at: { percent: 100 }, tone: 'urgent', content: copy('No seats left') }] },
    holdout: 20,
  },
  { ...base, id: 'reports-gate', name: 'Scheduled reports locked', surface: 'panel', offer: { type: 'trial', feature: 'scheduled_reports', days: 14 }, trigger: { type: 'feature', feature: 'scheduled_reports' }, variants: [{ id: 'control', weight: 1 }, { id: 'quote', weight: 1 }], holdout: 10 },
  { ...base, id: 'alerts-gate', name: 'Anomaly alerts locked', surface: 'panel', offer: { type: 'upgrade', plan: 'next' }, trigger: { type: 'feature', feature: 'anomaly_alerts' } },
  { ...base, id: 'export-nudge', name: 'After five exports', surface: 'modal', offer: { type: 'trial', feature: 'scheduled_reports', days: 14 }, trigger: { type: 'event', event: 'report.exported', count: 5, withinDays: 7 }, variants: [{ id: 'short', weight: 1 }, { id: 'long', weight: 1 }], holdout: 15 },
  { ...base, id: 'invite-seats', name: 'Invites pile up', surface: 'inline', slot: 'team', offer: { type: 'seats', addon: 'seat_pack' }, trigger: { type: 'event', event: 'seat.invited', count: 3, withinDays: 30 }, holdout: 10 },
  { ...base, id: 'ten-seats', name: 'Ten people on board', surface: 'banner', offer: { type: 'upgrade', plan: 'next' }, trigger: { type: 'milestone', attr: 'usage.seats', at: 10 } },
  { ...base, id: 'anniversary', name: 'One year together', surface: 'modal', offer: { type: 'contact_sales' }, trigger: { type: 'milestone', attr: 'account.ageDays', at: 365 }, variants: [{ id: 'a', weight: 1 }, { id: 'b', weight: 1 }, { id: 'c', weight: 1 }] },
  { ...base, id: 'api-forecast', name: 'Limit within three weeks', surface: 'banner', offer: { type: 'upgrade', plan: 'next' }, trigger: { type: 'forecast', metric: 'api_calls', withinDays: 21 }, variants: [{ id: 'calm', weight: 1 }, { id: 'urgent', weight: 1 }], holdout: 10 },
  { ...base, id: 'seats-forecast', name: 'Seats within a month', surface: 'toast', offer: { type: 'seats', addon: 'seat_pack' }, trigger: { type: 'forecast', metric: 'seats', withinDays: 30 } },
];

const catalog = structuredClone(demoContent.catalog);
catalog.plans.push({
  id: 'business',
  name: 'Business',
  limits: { api_calls: 1_000_000, seats: 100 },
  features: ['dashboards', 'scheduled_reports', 'anomaly_alerts'],
  price: { amount: 499, currency: 'USD', interval: 'month' },
});
catalog.nextSteps = [
  { from: 'starter', to: 'pro' },
  { from: 'pro', to: 'business' },
];

/** Percent of accounts in the environment's global holdout. */
export const GLOBAL_HOLDOUT = 5;

export const datasetContent: ConfigContent = {
  catalog,
  rules: DATASET_RULES,
  settings: {
    holdout: GLOBAL_HOLDOUT,
    budget: { day: 5, week: 20 },
    readiness: { teamSizeTrait: 'headcount', upgradeEvents: ['billing.viewed'] },
  },
};

export const PLANS = ['starter', 'pro', 'business'] as const;
export type PlanId = (typeof PLANS)[number];
/** Monthly price in cents, and limits, as in the catalog. */
export const PLAN_PRICE: Record<PlanId, number> = { starter: 4900, pro: 19900, business: 49900 };
export const PLAN_LIMITS: Record<PlanId, { api_calls: number; seats: number }> = {
  starter: { api_calls: 10_000, seats: 5 },
  pro: { api_calls: 100_000, seats: 25 },
  business: { api_calls: 1_000_000, seats: 100 },
};
export const SEAT_PACK = { price: 4000, seats: 5 } as const;
/** Features each plan lacks: what a locked-feature attempt can be about. */
export const LOCKED: Record<PlanId, string[]> = { starter: ['scheduled_reports', 'anomaly_alerts'], pro: [], business: [] };
