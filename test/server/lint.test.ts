import { describe, expect, it } from 'vitest';
import { indexConfig } from '../../shared/engine/config-index';
import { lintRule } from '../../server/services/lint';
import { demoContent } from '../../server/demo/seed';
import type { Catalog } from '../../shared/schemas/catalog';
import type { Condition } from '../../shared/schemas/condition';
import { Rule } from '../../shared/schemas/rule';

const NOW = Date.UTC(2026, 10, 22, 12);
const big: Condition = { attr: 'account.traits.employees', op: 'gte', value: 50 };
const admin: Condition = { attr: 'user.role', op: 'eq', value: 'admin' };

/** A live event-count toast; every rule here fires on `report_exported` in the same place. */
const rule = (id: string, priority: number, audience?: Condition): Rule =>
  Rule.parse({
    id,
    name: id,
    status: 'live',
    priority,
    trigger: { type: 'event', event: 'report_exported', count: 5, withinDays: 7 },
    offer: { type: 'upgrade', plan: 'next' },
    surface: 'toast',
    content: { title: 'You export a lot', body: '{{count}} exports this week', cta: 'See {{offer.plan.name}}' },
    ...(audience && { audience }),
  });
const shadowedBy = (r: Rule, others: Rule[]) =>
  lintRule(r, demoContent.catalog, others, NOW)
    .filter((w) => w.code === 'priority.shadowed')
    .map((w) => /live rule "([^"]+)"/.exec(w.message)![1]);
/** The rule the engine tries first among `rules`, as its own index orders them. */
const engineFirst = (rules: Rule[]) => indexConfig({ schemaVersion: 2, version: 1, publishedAt: new Date(NOW).toISOString(), catalog: demoContent.catalog, rules }).rules[0]!.id;

describe('lintRule: "priority.shadowed" follows the engine’s arbitration', () => {
  it.each<[string, Rule, Rule, string[], string[]]>([
    ['a higher priority with no audience shadows a narrower rule', rule('b', 50), rule('a', 10, big), [], ['b']],
    ['a higher priority does not shadow a rule its narrower audience leaves out', rule('b', 50, big), rule('a', 10), [], []],
    ['at equal priority, the lower id wins between identical audiences', rule('a', 10, big), rule('b', 10, big), [], ['a']],
    ['at equal priority, the lower id wins between rules without an audience', rule('a', 10), rule('b', 10), [], ['a']],
    // "b" goes first by specificity, and its audience is narrower than "a"'s, so neither is shadowed.
    ['at equal priority, more audience comparisons win over the lower id', rule('b', 10, big), rule('a', 10), [], []],
    ['more comparisons do not beat a higher priority', rule('z', 20), rule('a', 10, { all: [big, admin] }), [], ['z']],
  ])('%s', (_name, first, second, firstShadowedBy, secondShadowedBy) => {
    expect(engineFirst([first, second])).toBe(first.id);
    expect(shadowedBy(first, [first, second])).toEqual(firstShadowedBy);
    expect(shadowedBy(second, [first, second])).toEqual(secondShadowedBy);
  });
});

describe('lintRule: plan limits are read as own properties', () => {
  const catalog = (limits: Record<string, number>): Catalog => ({
    ...structuredClone(demoContent.catalog),
    metrics: [...demoContent.catalog.metrics, { id: 'constructor', name: 'builds' }, { id: 'toString', name: 'strings' }],
    plans: demoContent.catalog.plans.map((p) => ({ ...p, limits: { ...limits } })),
  });
  const ladder = (metric: string): Rule => ({ ...structuredClone(demoContent.rules[0]!), trigger: { ...structuredClone(demoContent.rules[0]!.trigger), metric } as Rule['trigger'] });
  const never = (metric: string, limits: Record<string, number>) => lintRule(ladder(metric), catalog(limits), [], NOW).some((w) => w.code === 'rule.never' && w.path.join('.') === 'trigger.tiers');

  it.each<[string, Record<string, number>, boolean]>([
    ['constructor', {}, true],
    ['toString', {}, true],
    ['constructor', { constructor: 10 }, false],
    ['api_calls', {}, true],
    ['api_calls', { api_calls: 10_000 }, false],
  ])('a percentage ladder on "%s" with plan limits %j: warned that it can never fire: %s', (metric, limits, warned) => {
    expect(never(metric, limits)).toBe(warned);
  });

  it.each<[string, Record<string, number> | undefined, boolean]>([
    ['a seat pack that raises the metric', { api_calls: 5_000 }, false],
    ['an add-on that raises another metric', { seats: 5 }, true],
    ['an add-on without limits', undefined, true],
    ['an add-on whose limits name "constructor" only', { constructor: 5 }, true],
  ])('no plan limits api_calls, but %s: warned that it can never fire: %s', (_name, addonLimits, warned) => {
    const c = catalog({});
    c.addons = [{ id: 'pack', name: 'Pack', features: [], ...(addonLimits && { limits: addonLimits }) }];
    expect(lintRule(ladder('api_calls'), c, [], NOW).some((w) => w.code === 'rule.never' && w.path.join('.') === 'trigger.tiers')).toBe(warned);
  });
});
