import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { evaluate } from '../../shared/engine/evaluate';
import { ReasonCode } from '../../shared/engine/types';
import { Catalog } from '../../shared/schemas/catalog';
import { conditionDepthProblem, type Condition } from '../../shared/schemas/condition';
import { Config } from '../../shared/schemas/config';
import { Context } from '../../shared/schemas/context';
import { Rule } from '../../shared/schemas/rule';
import { State } from '../../shared/schemas/state';
import { COPY, LADDER, NOW, NO_STATE, context, ctx, demoCatalog, demoRule, eventRule, ladderOf, richCatalog, usageRule } from './fixtures';

type Path = (string | number)[];

/** The paths of every issue `schema` reports for `input`, or `null` when it accepts it. */
function issuePaths(schema: z.ZodType, input: unknown): Path[] | null {
  const result = schema.safeParse(input);
  return result.success ? null : result.error.issues.map((issue) => issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)));
}

/** A rule that uses every v2 field. */
function fullRule(): Rule {
  return eventRule('full', 'report_exported', 5, 7, {
    schedule: { start: '2026-03-01', end: '2026-04-01T00:00:00Z' },
    audience: { all: [{ attr: 'account.traits.employees', op: 'gte', value: 50 }, { not: { attr: 'user.role', op: 'eq', value: 'viewer' } }] },
    guards: { accountAgeDays: 30, minHealth: 50, openTickets: true, contraction: false, owned: true },
    frequency: { cap: { count: 2, per: 'week' }, cooldownDays: 14, snoozeDays: 2 },
    offer: { type: 'trial', feature: 'scheduled_reports', days: 14 },
    surface: 'inline',
    slot: 'sidebar',
    content: { ...COPY, locales: { de: { title: 'Hallo', body: 'Text', cta: 'Los' }, 'de-CH': { title: 'Grüezi', body: 'Text', cta: 'Los' } } },
    tone: 'inform',
    variants: [{ id: 'a', weight: 1, content: { title: 'A', body: 'a', cta: 'a' } }, { id: 'b', weight: 2 }],
    holdout: 10,
    seed: 'full-v1',
  });
}

/** A ladder with hysteresis and per-tier variant copy. */
function fullLadder(): Rule {
  return usageRule('ladder', { variants: [{ id: 'bold', weight: 1, tiers: { p95: { title: 'Now', body: 'b', cta: 'c' } } }] }, 'api_calls', [70, 85, 95], 10);
}

const changed = <T>(make: () => T, change: (value: T) => void): T => {
  const value = make();
  change(value);
  return value;
};

/** `n` levels of `not` around a leaf, built without recursion. */
function nested(n: number, wrap: (c: Condition) => Condition = (c) => ({ not: c })): Condition {
  let c: Condition = { attr: 'account.plan', op: 'eq', value: 'x' };
  for (let i = 1; i < n; i++) c = wrap(c);
  return c;
}

describe('Rule v2 accepts', () => {
  it.each([
    { name: 'a rule with every field', rule: fullRule },
    { name: 'a ladder with hysteresis and variant tier copy', rule: fullLadder },
    { name: 'each trigger type', rule: () => eventRule('e') },
    { name: 'a feature gate with a window', rule: () => ({ ...eventRule('f'), trigger: { type: 'feature' as const, feature: 'sso', withinMinutes: 1440 } }) },
    { name: 'a milestone on a negative value', rule: () => ({ ...eventRule('m'), trigger: { type: 'milestone' as const, attr: 'account.traits.nps', at: -10 } }) },
    { name: 'a forecast within a year', rule: () => ({ ...eventRule('fc'), trigger: { type: 'forecast' as const, metric: 'api_calls', withinDays: 365 } }) },
    { name: 'guards all off', rule: () => eventRule('g', 'e', 1, 1, { guards: { accountAgeDays: 0, minHealth: 0, openTickets: false, contraction: false, owned: false } }) },
    { name: 'an audience exactly 8 levels deep', rule: () => eventRule('d', 'e', 1, 1, { audience: nested(8) }) },
    { name: 'a schedule with only an end', rule: () => eventRule('s', 'e', 1, 1, { schedule: { end: '2026-12-31' } }) },
    { name: 'a contact-sales panel', rule: () => eventRule('p', 'e', 1, 1, { offer: { type: 'contact_sales' }, surface: 'panel' }) },
  ])('$name', ({ rule }) => {
    expect(issuePaths(Rule, rule())).toBeNull();
  });
});

describe('Rule v2 rejects, at the exact path', () => {
  it.each<{ name: string; make?: () => Rule; change: (r: Rule & Record<string, unknown>) => void; path: Path }>([
    { name: 'a schedule that ends before it starts', change: (r) => void (r.schedule = { start: '2026-05-01', end: '2026-04-01' }), path: ['schedule', 'end'] },
    { name: 'a schedule start that is not a date', change: (r) => void (r.schedule = { start: 'next week' }), path: ['schedule', 'start'] },
    { name: 'an unknown schedule key', change: (r) => void (r.schedule = { start: '2026-05-01', until: '2026-06-01' } as never), path: ['schedule'] },
    { name: 'an audience value of the wrong type', change: (r) => void (r.audience = { all: [{ attr: 'usage.api_calls', op: 'gt', value: 'many' }] }), path: ['audience', 'all', 0, 'value'] },
    { name: 'an audience pattern with a lookaround', change: (r) => void (r.audience = { any: [{ attr: 'user.traits.title', op: 'matches', value: 'a(?=b)' }] }), path: ['audience', 'any', 0, 'value'] },
    { name: 'an audience 9 levels deep', change: (r) => void (r.audience = nested(9)), path: ['audience'] },
    { name: 'an unknown trigger type', change: (r) => void (r.trigger = { type: 'webhook' } as never), path: ['trigger', 'type'] },
    { name: 'a feature window of 0 minutes', change: (r) => void (r.trigger = { type: 'feature', feature: 'sso', withinMinutes: 0 }), path: ['trigger', 'withinMinutes'] },
    { name: 'a feature window over a day', change: (r) => void (r.trigger = { type: 'feature', feature: 'sso', withinMinutes: 1441 }), path: ['trigger', 'withinMinutes'] },
    { name: 'a feature id with a space', change: (r) => void (r.trigger = { type: 'feature', feature: 'single sign-on' }), path: ['trigger', 'feature'] },
    { name: 'an event count of 0', change: (r) => void (r.trigger = { type: 'event', event: 'e', count: 0, withinDays: 7 }), path: ['trigger', 'count'] },
    { name: 'an event window over 90 days', change: (r) => void (r.trigger = { type: 'event', event: 'e', count: 1, withinDays: 91 }), path: ['trigger', 'withinDays'] },
    { name: 'a fractional event count', change: (r) => void (r.trigger = { type: 'event', event: 'e', count: 1.5, withinDays: 7 }), path: ['trigger', 'count'] },
    { name: 'an event name with a space', change: (r) => void (r.trigger = { type: 'event', event: 'report exported', count: 1, withinDays: 7 }), path: ['trigger', 'event'] },
    { name: 'a milestone without an attribute', change: (r) => void (r.trigger = { type: 'milestone', attr: '', at: 1 }), path: ['trigger', 'attr'] },
    { name: 'a milestone at infinity', change: (r) => void (r.trigger = { type: 'milestone', attr: 'usage.seats', at: Number.POSITIVE_INFINITY }), path: ['trigger', 'at'] },
    { name: 'a forecast window of 0 days', change: (r) => void (r.trigger = { type: 'forecast', metric: 'api_calls', withinDays: 0 }), path: ['trigger', 'withinDays'] },
    { name: 'a forecast window over a year', change: (r) => void (r.trigger = { type: 'forecast', metric: 'api_calls', withinDays: 366 }), path: ['trigger', 'withinDays'] },
    { name: 'a hysteresis over 50%', make: fullLadder, change: (r) => void (ladderOf(r).hysteresis = 51), path: ['trigger', 'hysteresis'] },
    { name: 'a negative hysteresis', make: fullLadder, change: (r) => void (ladderOf(r).hysteresis = -1), path: ['trigger', 'hysteresis'] },
    { name: 'an unknown guard', change: (r) => void (r.guards = { noWeekends: true } as never), path: ['guards'] },
    { name: 'a negative account age', change: (r) => void (r.guards = { accountAgeDays: -1 }), path: ['guards', 'accountAgeDays'] },
    { name: 'a fractional account age', change: (r) => void (r.guards = { accountAgeDays: 1.5 }), path: ['guards', 'accountAgeDays'] },
    { name: 'an account age over ten years', change: (r) => void (r.guards = { accountAgeDays: 3651 }), path: ['guards', 'accountAgeDays'] },
    { name: 'a minimum health over 100', change: (r) => void (r.guards = { minHealth: 101 }), path: ['guards', 'minHealth'] },
    { name: 'an open-tickets guard that is not a flag', change: (r) => void (r.guards = { openTickets: 'yes' } as never), path: ['guards', 'openTickets'] },
    { name: 'a contraction guard that is not a flag', change: (r) => void (r.guards = { contraction: 1 } as never), path: ['guards', 'contraction'] },
    { name: 'an owned guard that is not a flag', change: (r) => void (r.guards = { owned: 'no' } as never), path: ['guards', 'owned'] },
    { name: 'a cap of 0', change: (r) => void (r.frequency = { cap: { count: 0, per: 'day' } }), path: ['frequency', 'cap', 'count'] },
    { name: 'a cap per month', change: (r) => void (r.frequency = { cap: { count: 1, per: 'month' as never } }), path: ['frequency', 'cap', 'per'] },
    { name: 'an unknown cap key', change: (r) => void (r.frequency = { cap: { count: 1, per: 'day', perUser: true } as never }), path: ['frequency', 'cap'] },
    { name: 'a negative cooldown', change: (r) => void (r.frequency = { cooldownDays: -1 }), path: ['frequency', 'cooldownDays'] },
    { name: 'a cooldown over a year', change: (r) => void (r.frequency = { cooldownDays: 366 }), path: ['frequency', 'cooldownDays'] },
    { name: 'a snooze over 90 days', change: (r) => void (r.frequency = { snoozeDays: 91 }), path: ['frequency', 'snoozeDays'] },
    { name: 'an unknown frequency key', change: (r) => void (r.frequency = { perSession: 1 } as never), path: ['frequency'] },
    { name: 'a trial of 0 days', change: (r) => void (r.offer = { type: 'trial', feature: 'sso', days: 0 }), path: ['offer', 'days'] },
    { name: 'a trial over 90 days', change: (r) => void (r.offer = { type: 'trial', feature: 'sso', days: 91 }), path: ['offer', 'days'] },
    { name: 'a trial without a feature', change: (r) => void (r.offer = { type: 'trial', days: 14 } as never), path: ['offer', 'feature'] },
    { name: 'an add-on offer without an add-on', change: (r) => void (r.offer = { type: 'addon' } as never), path: ['offer', 'addon'] },
    { name: 'a seat pack id with a space', change: (r) => void (r.offer = { type: 'seats', addon: 'seat pack' }), path: ['offer', 'addon'] },
    { name: 'an upgrade without a plan', change: (r) => void (r.offer = { type: 'upgrade' } as never), path: ['offer', 'plan'] },
    { name: 'an unknown offer type', change: (r) => void (r.offer = { type: 'discount' } as never), path: ['offer', 'type'] },
    { name: 'an unknown surface', change: (r) => void (r.surface = 'popup' as never), path: ['surface'] },
    { name: 'an inline rule without a slot', change: (r) => void delete r.slot, path: ['slot'] },
    { name: 'a slot name with a space', change: (r) => void (r.slot = 'side bar'), path: ['slot'] },
    { name: 'a rule without tiers and without content', change: (r) => void delete r.content, path: ['content'] },
    { name: 'a title over 120 characters', change: (r) => void (r.content = { ...COPY, title: 'x'.repeat(121) }), path: ['content', 'title'] },
    { name: 'a locale that is not a language tag', change: (r) => void (r.content = { ...COPY, locales: { english: COPY } }), path: ['content', 'locales', 'english'] },
    { name: 'a "__proto__" locale', change: (r) => void (r.content = { ...COPY, locales: JSON.parse(`{"__proto__": ${JSON.stringify(COPY)}}`) as never }), path: ['content', 'locales'] },
    { name: 'an unknown tone', change: (r) => void (r.tone = 'shout' as never), path: ['tone'] },
    { name: 'an empty variant list', change: (r) => void (r.variants = []), path: ['variants'] },
    { name: 'eleven variants', change: (r) => void (r.variants = Array.from({ length: 11 }, (_, i) => ({ id: `v${i}`, weight: 1 }))), path: ['variants'] },
    { name: 'a duplicate variant id', change: (r) => void (r.variants = [{ id: 'a', weight: 1 }, { id: 'a', weight: 1 }]), path: ['variants', 1, 'id'] },
    { name: 'a negative weight', change: (r) => void (r.variants = [{ id: 'a', weight: -1 }, { id: 'b', weight: 1 }]), path: ['variants', 0, 'weight'] },
    { name: 'a weight over 1000', change: (r) => void (r.variants = [{ id: 'a', weight: 1001 }]), path: ['variants', 0, 'weight'] },
    { name: 'no variant with any weight', change: (r) => void (r.variants = [{ id: 'a', weight: 0 }, { id: 'b', weight: 0 }]), path: ['variants'] },
    { name: 'variant tier copy on a rule without tiers', change: (r) => void (r.variants = [{ id: 'a', weight: 1, tiers: { p70: COPY } }]), path: ['variants', 0, 'tiers', 'p70'] },
    { name: 'variant copy for a tier the ladder lacks', make: fullLadder, change: (r) => void (r.variants = [{ id: 'a', weight: 1, tiers: { p50: COPY } }]), path: ['variants', 0, 'tiers', 'p50'] },
    { name: 'a variant title over 120 characters', change: (r) => void (r.variants = [{ id: 'a', weight: 1, content: { ...COPY, title: 'x'.repeat(121) } }]), path: ['variants', 0, 'content', 'title'] },
    { name: 'a holdout over 100%', change: (r) => void (r.holdout = 101), path: ['holdout'] },
    { name: 'a negative holdout', change: (r) => void (r.holdout = -1), path: ['holdout'] },
    { name: 'a seed with a space', change: (r) => void (r.seed = 'my seed'), path: ['seed'] },
    { name: 'a fractional priority', change: (r) => void (r.priority = 1.5), path: ['priority'] },
  ])('$name at $path', ({ make, change, path }) => {
    const rule = changed((make ?? fullRule) as () => Rule & Record<string, unknown>, change);

    expect(issuePaths(Rule, rule)).toContainEqual(path);
  });

  // zod reports a leaf that matches none of the condition shapes as one "Invalid input" on the
  // whole audience: the author is not told which comparison, or which key of it, is wrong.
  it.each([
    { name: 'an unknown operator', leaf: { attr: 'usage.api_calls', op: 'like', value: 1 }, path: ['audience', 'all', 1, 'op'] },
    { name: 'a comparison without an operator', leaf: { attr: 'usage.api_calls', value: 1 }, path: ['audience', 'all', 1, 'op'] },
  ])('names the exact place of $name deep in an audience', ({ leaf, path }) => {
    const rule = changed(fullRule, (r) => void (r.audience = { all: [{ attr: 'account.plan', op: 'eq', value: 'x' }, leaf as never] }));

    expect(issuePaths(Rule, rule)).toContainEqual(path);
  });
});

describe('hostile nesting is refused without overflowing the stack', () => {
  it.each([
    { name: '5,000 nested "not"', condition: () => nested(5_000) },
    { name: '5,000 nested "all"', condition: () => nested(5_000, (c) => ({ all: [c] })) },
    { name: '5,000 nested "any" lists', condition: () => nested(5_000, (c) => ({ any: [{ attr: 'user.id', op: 'exists' }, c] })) },
  ])('$name', ({ condition }) => {
    const deep = condition();

    expect(() => conditionDepthProblem(deep)).not.toThrow();
    expect(conditionDepthProblem(deep)).toBe('conditions nest at most 8 levels deep');
    const rule = { ...eventRule('deep'), audience: deep };
    const parsed = Rule.safeParse(rule);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path, i.message])).toEqual([[['audience'], 'conditions nest at most 8 levels deep']]);
  });

  it('refuses a deep next-step segment in the catalog the same way', () => {
    const catalog = richCatalog();
    catalog.nextSteps[0]!.segment = nested(5_000);

    expect(issuePaths(Catalog, catalog)).toEqual([['nextSteps', 0, 'segment']]);
  });

  it.each([
    { depth: 8, problem: null },
    { depth: 9, problem: 'conditions nest at most 8 levels deep' },
  ])('depth $depth: $problem', ({ depth, problem }) => {
    expect(conditionDepthProblem(nested(depth))).toBe(problem);
  });

  it('refuses a condition with thousands of comparisons quickly', () => {
    const wide: Condition = { any: Array.from({ length: 5_000 }, () => ({ attr: 'account.plan', op: 'eq' as const, value: 'x' })) };

    expect(conditionDepthProblem(wide)).toBe('a condition has at most 100 comparisons');
  });
});

describe('Catalog v2', () => {
  it('accepts add-ons, segmented next steps with a fallback, an add-on as a next step and a sales link', () => {
    expect(issuePaths(Catalog, richCatalog())).toBeNull();
  });

  it.each<{ name: string; change: (c: Catalog) => void; path: Path }>([
    { name: 'an add-on with a plan\'s id', change: (c) => void c.addons!.push({ id: 'pro', name: 'Pro add-on', features: [] }), path: ['addons', 2, 'id'] },
    { name: 'a duplicate add-on id', change: (c) => void c.addons!.push({ id: 'audit', name: 'Again', features: [] }), path: ['addons', 2, 'id'] },
    { name: 'an add-on limit on an unknown metric', change: (c) => void (c.addons![0]!.limits = { emails: 5 }), path: ['addons', 0, 'limits', 'emails'] },
    { name: 'an add-on with an unknown feature', change: (c) => void (c.addons![1]!.features = ['teleport']), path: ['addons', 1, 'features', 0] },
    { name: 'a next step to nothing in the catalog', change: (c) => void (c.nextSteps[2]!.to = 'enterprise'), path: ['nextSteps', 2, 'to'] },
    { name: 'a second next step without a segment', change: (c) => void c.nextSteps.push({ from: 'starter', to: 'business' }), path: ['nextSteps', 4, 'from'] },
    { name: 'a segment with a bad value', change: (c) => void (c.nextSteps[0]!.segment = { attr: 'account.traits.employees', op: 'gte', value: 'many' } as never), path: ['nextSteps', 0, 'segment', 'value'] },
    { name: 'a javascript: sales link', change: (c) => void (c.salesUrl = 'javascript:alert(1)'), path: ['salesUrl'] },
    { name: 'an add-on checkout link off the host', change: (c) => void (c.addons![0]!.checkoutUrl = '//evil.test/buy'), path: ['addons', 0, 'checkoutUrl'] },
  ])('rejects $name at $path', ({ change, path }) => {
    expect(issuePaths(Catalog, changed(richCatalog, change))).toContainEqual(path);
  });
});

describe('Settings, Context and State v2', () => {
  const config = (settings: unknown) => ({ schemaVersion: 2, version: 1, publishedAt: '2026-03-01T00:00:00Z', catalog: richCatalog(), rules: [fullRule()], settings });

  it.each([
    { settings: {}, path: null },
    { settings: { budget: { day: 0, week: 500 }, holdout: 100 }, path: null },
    { settings: { budget: { day: -1 } }, path: ['settings', 'budget', 'day'] },
    { settings: { budget: { day: 1.5 } }, path: ['settings', 'budget', 'day'] },
    { settings: { budget: { week: 501 } }, path: ['settings', 'budget', 'week'] },
    { settings: { budget: { month: 10 } }, path: ['settings', 'budget'] },
    { settings: { holdout: 101 }, path: ['settings', 'holdout'] },
    { settings: { quietHours: true }, path: ['settings'] },
  ])('settings $settings -> $path', ({ settings, path }) => {
    const paths = issuePaths(Config, config(settings));

    if (path === null) expect(paths).toBeNull();
    else expect(paths).toContainEqual(path);
  });

  it.each([
    { name: 'health, tickets and add-ons', input: ctx({ health: 55, openTickets: 2, addons: ['audit'] }), path: null },
    { name: 'negative open tickets', input: ctx({ openTickets: -1 }), path: ['account', 'openTickets'] },
    { name: 'fractional open tickets', input: ctx({ openTickets: 1.5 }), path: ['account', 'openTickets'] },
    { name: 'an add-on id with a space', input: ctx({ addons: ['seat pack'] }), path: ['account', 'addons', 0] },
    { name: 'a negative health score', input: ctx({ health: -1 }), path: ['account', 'health'] },
    { name: 'a createdAt that is not a date', input: ctx({ createdAt: 'yesterday' }), path: ['account', 'createdAt'] },
  ])('Context: $name -> $path', ({ input, path }) => {
    const paths = issuePaths(Context, input);

    if (path === null) expect(paths).toBeNull();
    else expect(paths).toContainEqual(path);
  });

  const forecast = { perDay: 10, days: 20, low: 18, high: null, confident: true, weeks: 3 };
  it.each<{ name: string; state: unknown; path: Path | null }>([
    {
      name: 'every v2 field',
      state: {
        rules: { r: { dismissed: { p70: 1 }, reached: { p70: 1 }, impressions: [3, 2], dismissedAt: 1, snoozedAt: 1, clickedAt: 1 } },
        counts: { 'upshift:gate:sso': [1], report_exported: [2] },
        forecast: { api_calls: forecast },
        periods: { api_calls: [1, 2, 3] },
        trials: { sso: { startedAt: 1, endsAt: 2 } },
        readiness: 70,
      },
      path: null,
    },
    { name: 'a forecast without weeks', state: { rules: {}, forecast: { api_calls: { ...forecast, weeks: undefined } } }, path: ['forecast', 'api_calls', 'weeks'] },
    { name: 'thirteen periods', state: { rules: {}, periods: { api_calls: Array.from({ length: 13 }, () => 1) } }, path: ['periods', 'api_calls'] },
    { name: 'a negative period peak', state: { rules: {}, periods: { api_calls: [-1] } }, path: ['periods', 'api_calls', 0] },
    { name: 'a trial without an end', state: { rules: {}, trials: { sso: { startedAt: 1 } } }, path: ['trials', 'sso', 'endsAt'] },
    { name: 'readiness over 100', state: { rules: {}, readiness: 101 }, path: ['readiness'] },
    { name: '501 impressions', state: { rules: { r: { impressions: Array.from({ length: 501 }, (_, i) => i) } } }, path: ['rules', 'r', 'impressions'] },
    { name: 'a "__proto__" rule id', state: { rules: JSON.parse('{"__proto__": {}}') as unknown }, path: ['rules'] },
    { name: 'an empty count name', state: { rules: {}, counts: { '': [1] } }, path: ['counts', ''] },
  ])('State: $name -> $path', ({ state, path }) => {
    const paths = issuePaths(State, state);

    if (path === null) expect(paths).toBeNull();
    else expect(paths).toContainEqual(path);
  });
});

describe('configs written before v2', () => {
  /** A stored version 1 document: usage ladders only, no add-ons, segments, sales link or settings. */
  const v1 = () => JSON.parse(JSON.stringify({ schemaVersion: 1, version: 3, publishedAt: '2026-01-01T00:00:00Z', catalog: demoCatalog(), rules: [demoRule()] })) as unknown;

  it('still parses', () => {
    expect(issuePaths(Config, v1())).toBeNull();
  });

  it('still decides as it did', () => {
    const decision = evaluate(Config.parse(v1()), context(9_700), NO_STATE, NOW);

    expect(decision.prompt).toMatchObject({ ruleId: LADDER, tier: 'p95', tone: 'urgent', configVersion: 3, offer: { type: 'upgrade', plan: { id: 'pro' } } });
    expect(decision.reasons.map((r) => r.code)).toEqual([ReasonCode.shown]);
  });

  it.each([
    { name: 'schema version 2 with every new field', doc: () => ({ schemaVersion: 2, version: 1, publishedAt: '2026-03-01T00:00:00Z', catalog: richCatalog(), rules: [fullRule(), fullLadder()], settings: { budget: { day: 2 } } }), path: null },
    { name: 'schema version 3', doc: () => ({ ...(v1() as object), schemaVersion: 3 }), path: ['schemaVersion'] },
  ])('$name -> $path', ({ doc, path }) => {
    const paths = issuePaths(Config, doc());

    if (path === null) expect(paths).toBeNull();
    else expect(paths).toContainEqual(path);
  });
});
