import { explain } from '../../shared/engine/explain';
import type { Decision, Reason } from '../../shared/engine/types';
import type { Catalog } from '../../shared/schemas/catalog';
import type { Condition, Operator } from '../../shared/schemas/condition';
import { Config, type ConfigContent } from '../../shared/schemas/config';
import type { Context, MetricValues } from '../../shared/schemas/context';
import type { Copy, Rule, Tier, Trigger, UsageTrigger } from '../../shared/schemas/rule';
import type { Settings } from '../../shared/schemas/settings';
import type { State } from '../../shared/schemas/state';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const MINUTE = 60_000;

/** 2026-03-10T12:00Z: inside the calendar billing period [2026-03-01, 2026-04-01). */
export const NOW = Date.UTC(2026, 2, 10, 12);
/** Start of NOW's calendar billing period. */
export const MARCH_1 = Date.UTC(2026, 2, 1);

/** The demo's only rule, a 70 / 85 / 95 % ladder on API calls offering the next plan. */
export const LADDER = 'api-usage-ladder';

export const NO_STATE: State = { rules: {} };

// A copy of the demo host app's content (server/demo/seed.ts), kept here so these tests do not move
// when the demo is edited: Starter → Pro, with a 70 / 85 / 95 % API-call ladder.
const DEMO_CATALOG: Catalog = {
  metrics: [
    { id: 'api_calls', name: 'API calls' },
    { id: 'seats', name: 'seats' },
  ],
  features: [
    { id: 'dashboards', name: 'Dashboards' },
    { id: 'scheduled_reports', name: 'Scheduled reports', description: 'Email any dashboard as a PDF every morning.' },
    { id: 'anomaly_alerts', name: 'Anomaly alerts', description: 'Get told the moment a metric moves unusually.' },
  ],
  plans: [
    { id: 'starter', name: 'Starter', limits: { api_calls: 10_000, seats: 5 }, features: ['dashboards'], price: { amount: 49, currency: 'USD', interval: 'month' } },
    {
      id: 'pro',
      name: 'Pro',
      limits: { api_calls: 100_000, seats: 25 },
      features: ['dashboards', 'scheduled_reports', 'anomaly_alerts'],
      price: { amount: 199, currency: 'USD', interval: 'month' },
      checkoutUrl: '/demo/billing?plan=pro',
    },
  ],
  nextSteps: [{ from: 'starter', to: 'pro' }],
};

const DEMO_RULE: Rule = {
  id: LADDER,
  name: 'API calls approaching the plan limit',
  status: 'live',
  priority: 100,
  surface: 'banner',
  offer: { type: 'upgrade', plan: 'next' },
  trigger: {
    type: 'usage',
    metric: 'api_calls',
    tiers: [
      {
        id: 'p70',
        at: { percent: 70 },
        tone: 'inform',
        content: {
          title: 'Your team has used {{percent}}% of this month’s API calls',
          body: '{{usage}} of {{limit}} {{metric}} so far. You are growing fast; {{offer.plan.name}} gives you 10× the room when you need it.',
          cta: 'Compare plans',
        },
      },
      {
        id: 'p85',
        at: { percent: 85 },
        tone: 'recommend',
        content: {
          title: '{{percent}}% of your {{metric}} used',
          body: '{{usage}} of {{limit}} used: your team is close to outgrowing Starter. {{offer.plan.name}} raises the limit to 100,000 and adds scheduled reports.',
          cta: 'See {{offer.plan.name}}',
        },
      },
      {
        id: 'p95',
        at: { percent: 95 },
        tone: 'urgent',
        content: {
          title: 'You are about to run out of {{metric}}',
          body: 'Only {{remaining}} {{metric}} left this month. Upgrade to {{offer.plan.name}} now to avoid interruptions.',
          cta: 'Upgrade to {{offer.plan.name}}',
        },
      },
    ],
  },
};

/** A fresh copy of the demo catalog, safe to change. */
export function demoCatalog(): Catalog {
  return structuredClone(DEMO_CATALOG);
}

/** A fresh copy of the demo's API-call ladder rule, with `patch` applied. */
export function demoRule(patch: Partial<Rule> = {}): Rule {
  return { ...structuredClone(DEMO_RULE), ...patch };
}

/** The usage trigger of a rule known to be a ladder. */
export function ladderOf(rule: Rule): UsageTrigger {
  if (rule.trigger.type !== 'usage') throw new Error(`rule "${rule.id}" is not a usage ladder`);
  return rule.trigger;
}

/** A published config as the widget receives it (schema version 1: usage ladders on the demo catalog). */
export function config(content: Partial<ConfigContent> = {}, version = 1): Config {
  return Config.parse({
    schemaVersion: 1,
    version,
    publishedAt: '2026-03-01T00:00:00Z',
    catalog: content.catalog ?? demoCatalog(),
    rules: content.rules ?? [demoRule()],
    ...(content.settings && { settings: content.settings }),
  });
}

export interface ContextOptions {
  plan?: string;
  locale?: string;
  periodStart?: string;
  limits?: MetricValues;
  /** Extra readings besides `api_calls`. */
  usage?: MetricValues;
}

/** A user on a Starter account (API-call limit 10,000) who has made `apiCalls` calls this period. */
export function context(apiCalls: number | undefined, options: ContextOptions = {}): Context {
  const usage: MetricValues = { ...options.usage, ...(apiCalls === undefined ? {} : { api_calls: apiCalls }) };
  return {
    user: { id: 'user-1', ...(options.locale === undefined ? {} : { locale: options.locale }) },
    account: {
      id: 'acct-1',
      plan: options.plan ?? 'starter',
      ...(options.periodStart === undefined ? {} : { periodStart: options.periodStart }),
    },
    usage,
    ...(options.limits === undefined ? {} : { limits: options.limits }),
  };
}

/** State in which `ruleId`'s tiers were dismissed at the given instants. */
export function dismissed(tiers: Readonly<Record<string, number>>, ruleId = LADDER): State {
  return { rules: { [ruleId]: { dismissed: { ...tiers } } } };
}

/** A usage ladder on `metric` with the given tiers; copy names every placeholder the engine fills. */
export function ladderRule(id: string, metric: string, tiers: readonly Pick<Tier, 'id' | 'at'>[], patch: Partial<Rule> = {}): Rule {
  return {
    id,
    name: `Ladder ${id}`,
    status: 'live',
    priority: 100,
    surface: 'banner',
    offer: { type: 'upgrade', plan: 'next' },
    trigger: {
      type: 'usage',
      metric,
      tiers: tiers.map((t) => ({ ...t, tone: 'inform' as const, content: ALL_PLACEHOLDERS })),
    },
    ...patch,
  };
}

/** Copy that uses every variable the engine provides, so rendering can be checked field by field. */
export const ALL_PLACEHOLDERS = {
  title: '{{percent}}% of your {{metric}}',
  body: '{{usage}} of {{limit}} used, {{remaining}} left on {{plan.name}} ({{plan.id}} to {{offer.plan.id}})',
  cta: 'Get {{offer.plan.name}}',
} as const;

/** The demo ladder with every tier's copy replaced by `ALL_PLACEHOLDERS`. */
export function demoRuleWithAllPlaceholders(): Rule {
  const rule = demoRule();
  const trigger = ladderOf(rule);
  return { ...rule, trigger: { ...trigger, tiers: trigger.tiers.map((t) => ({ ...t, content: ALL_PLACEHOLDERS })) } };
}

/** Freezes `value` and everything reachable from it, so any write throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Version 2 fixtures: a richer catalog (add-ons, segments, a sales link) and builders for every
// trigger type. Contexts start out passing every guard, so a test only sets what it is about.
// ---------------------------------------------------------------------------------------------

/**
 * Starter (10,000 calls, 5 seats) → Pro (100,000, 25) → Business (1,000,000, 100, SSO), plus a
 * 5-seat pack and an audit-log add-on. Starter accounts with 200+ employees are sent to Business.
 */
export function richCatalog(): Catalog {
  return {
    metrics: [
      { id: 'api_calls', name: 'API calls' },
      { id: 'seats', name: 'seats' },
      { id: 'projects', name: 'projects' },
    ],
    features: [
      { id: 'dashboards', name: 'Dashboards' },
      { id: 'scheduled_reports', name: 'Scheduled reports', description: 'Email any dashboard as a PDF every morning.' },
      { id: 'anomaly_alerts', name: 'Anomaly alerts' },
      { id: 'sso', name: 'Single sign-on' },
      { id: 'audit_log', name: 'Audit log' },
    ],
    plans: [
      { id: 'starter', name: 'Starter', limits: { api_calls: 10_000, seats: 5, projects: 3 }, features: ['dashboards'], checkoutUrl: '/billing?plan=starter' },
      {
        id: 'pro',
        name: 'Pro',
        limits: { api_calls: 100_000, seats: 25, projects: 50 },
        features: ['dashboards', 'scheduled_reports', 'anomaly_alerts'],
        checkoutUrl: '/billing?plan=pro',
      },
      {
        id: 'business',
        name: 'Business',
        limits: { api_calls: 1_000_000, seats: 100, projects: 500 },
        features: ['dashboards', 'scheduled_reports', 'anomaly_alerts', 'sso'],
        checkoutUrl: 'https://shop.test/checkout/business',
      },
    ],
    addons: [
      { id: 'seat_pack', name: '5-seat pack', features: [], limits: { seats: 5 }, checkoutUrl: '/billing/seats' },
      { id: 'audit', name: 'Audit add-on', features: ['audit_log'], checkoutUrl: '/billing/audit#buy' },
    ],
    nextSteps: [
      { from: 'starter', to: 'business', segment: { attr: 'account.traits.employees', op: 'gte', value: 200 } },
      { from: 'starter', to: 'pro' },
      { from: 'pro', to: 'business' },
      { from: 'business', to: 'audit' },
    ],
    salesUrl: 'https://sales.test/contact?src=app',
  };
}

/** Generic copy for triggers without tiers; it names the values such rules can use. */
export const COPY: Copy = {
  title: 'Try {{offer.name}}',
  body: 'You are on {{plan.name}}.',
  cta: 'Go',
};

export interface Ctx {
  plan?: string;
  accountId?: string;
  userId?: string;
  role?: string;
  locale?: string;
  usage?: MetricValues;
  limits?: MetricValues;
  /** Account age in days at `now` (default 200); null means the context has no `createdAt`. */
  ageDays?: number | null;
  createdAt?: string;
  periodStart?: string;
  health?: number;
  openTickets?: number;
  addons?: string[];
  traits?: Record<string, string | number | boolean | null>;
  userTraits?: Record<string, string | number | boolean | null>;
}

/** A v2 context: a Starter account, 200 days old, healthy, with no tickets, reading nothing unless told. */
export function ctx(o: Ctx = {}, now = NOW): Context {
  const createdAt = o.createdAt ?? (o.ageDays === null ? undefined : new Date(now - (o.ageDays ?? 200) * DAY).toISOString());
  return {
    user: {
      id: o.userId ?? 'user-1',
      ...(o.role !== undefined && { role: o.role }),
      ...(o.locale !== undefined && { locale: o.locale }),
      ...(o.userTraits && { traits: o.userTraits }),
    },
    account: {
      id: o.accountId ?? 'acct-1',
      plan: o.plan ?? 'starter',
      ...(createdAt !== undefined && { createdAt }),
      ...(o.periodStart !== undefined && { periodStart: o.periodStart }),
      ...(o.health !== undefined && { health: o.health }),
      ...(o.openTickets !== undefined && { openTickets: o.openTickets }),
      ...(o.addons && { addons: o.addons }),
      ...(o.traits && { traits: o.traits }),
    },
    ...(o.usage && { usage: o.usage }),
    ...(o.limits && { limits: o.limits }),
  };
}

/** A v2 rule around `trigger`; the defaults pass every check, so a test only sets what it is about. */
export function rule(id: string, trigger: Trigger, patch: Partial<Rule> = {}): Rule {
  return {
    id,
    name: `Rule ${id}`,
    status: 'live',
    priority: 100,
    surface: 'banner',
    offer: { type: 'upgrade', plan: 'next' },
    trigger,
    ...(trigger.type === 'usage' ? {} : { content: COPY }),
    ...patch,
  };
}

/** Tier copy that says which tier speaks, so a test can see it. */
const tierCopy = (id: string): Copy => ({ title: `tier ${id} at {{percent}}%`, body: '{{usage}} of {{limit}} {{metric}}', cta: 'Upgrade to {{offer.name}}' });

/** A 70 / 85 / 95 % ladder on `metric` (or the given thresholds). */
export function usageRule(id: string, patch: Partial<Rule> = {}, metric = 'api_calls', at: readonly (number | { value: number })[] = [70, 85, 95], hysteresis?: number): Rule {
  const tiers = at.map((a) => {
    const tid = typeof a === 'number' ? `p${a}` : `v${a.value}`;
    return { id: tid, at: typeof a === 'number' ? { percent: a } : { value: a.value }, tone: 'inform' as const, content: tierCopy(tid) };
  });
  return rule(id, { type: 'usage', metric, tiers, ...(hysteresis !== undefined && { hysteresis }) }, patch);
}

/** A feature-gate rule for `feature` (a Pro feature by default). */
export function featureRule(id: string, feature = 'scheduled_reports', patch: Partial<Rule> = {}, withinMinutes?: number): Rule {
  return rule(id, { type: 'feature', feature, ...(withinMinutes !== undefined && { withinMinutes }) }, patch);
}

export function eventRule(id: string, event = 'report_exported', count = 5, withinDays = 7, patch: Partial<Rule> = {}): Rule {
  return rule(id, { type: 'event', event, count, withinDays }, patch);
}

export function milestoneRule(id: string, attr = 'usage.seats', at = 10, patch: Partial<Rule> = {}): Rule {
  return rule(id, { type: 'milestone', attr, at }, patch);
}

export function forecastRule(id: string, metric = 'api_calls', withinDays = 30, patch: Partial<Rule> = {}): Rule {
  return rule(id, { type: 'forecast', metric, withinDays }, patch);
}

/** A v2 config over the rich catalog, validated by the same schema the server publishes with. */
export function cfg(rules: Rule[], o: { catalog?: Catalog; settings?: Settings; version?: number } = {}): Config {
  return Config.parse({
    schemaVersion: 2,
    version: o.version ?? 7,
    publishedAt: '2026-03-01T00:00:00Z',
    catalog: o.catalog ?? richCatalog(),
    rules,
    ...(o.settings && { settings: o.settings }),
  });
}

/** A leaf condition, for audiences and segments. */
export const leaf = (attr: string, op: Operator, value?: unknown): Condition =>
  (value === undefined ? { attr, op } : { attr, op, value }) as Condition;

/** The reason given for `ruleId`. */
export function reasonFor(decision: Decision, ruleId: string): Reason {
  const r = decision.reasons.find((x) => x.ruleId === ruleId);
  if (!r) throw new Error(`no reason for rule "${ruleId}" in ${JSON.stringify(decision.reasons)}`);
  return r;
}

/** Codes per rule id, in arbitration order: the shape most assertions read best in. */
export const codes = (decision: Decision): [string, string][] => decision.reasons.map((r) => [r.ruleId, r.code]);

/** The sentence a person reads for a reason. */
export const say = (r: Reason | undefined): string => (r ? explain(r) : '');

/** Gate attempts, as the widget records them under `counts`. */
export const gateKey = (feature: string): string => `upshift:gate:${feature}`;
