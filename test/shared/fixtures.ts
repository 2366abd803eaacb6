import { demoContent } from '../../server/seed';
import { Config, type ConfigContent } from '../../shared/schemas/config';
import type { Catalog } from '../../shared/schemas/catalog';
import type { Context, MetricValues } from '../../shared/schemas/context';
import type { Rule, Tier } from '../../shared/schemas/rule';
import type { State } from '../../shared/schemas/state';

export const DAY = 86_400_000;

/** 2026-03-10T12:00Z: inside the calendar billing period [2026-03-01, 2026-04-01). */
export const NOW = Date.UTC(2026, 2, 10, 12);

/** The demo's only rule, a 70 / 85 / 95 % ladder on API calls offering the next plan. */
export const LADDER = 'api-usage-ladder';

export const NO_STATE: State = { rules: {} };

/** A fresh copy of the demo catalog, safe to change. */
export function demoCatalog(): Catalog {
  return structuredClone(demoContent.catalog);
}

/** A fresh copy of the demo's API-call ladder rule, with `patch` applied. */
export function demoRule(patch: Partial<Rule> = {}): Rule {
  const rule = structuredClone(demoContent.rules.find((r) => r.id === LADDER));
  if (!rule) throw new Error(`the demo content has no rule "${LADDER}"`);
  return { ...rule, ...patch };
}

/** A published config as the widget receives it. */
export function config(content: Partial<ConfigContent> = {}, version = 1): Config {
  return Config.parse({
    schemaVersion: 1,
    version,
    publishedAt: '2026-03-01T00:00:00Z',
    catalog: content.catalog ?? demoCatalog(),
    rules: content.rules ?? [demoRule()],
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
  return { ...rule, trigger: { ...rule.trigger, tiers: rule.trigger.tiers.map((t) => ({ ...t, content: ALL_PLACEHOLDERS })) } };
}

/** Freezes `value` and everything reachable from it, so any write throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}
