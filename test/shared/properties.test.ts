import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../shared/engine/evaluate';
import { explain } from '../../shared/engine/explain';
import { ReasonCode, type Decision } from '../../shared/engine/types';
import type { Condition, Leaf } from '../../shared/schemas/condition';
import { Config } from '../../shared/schemas/config';
import { Context } from '../../shared/schemas/context';
import type { Copy, Rule, Tier, Trigger, Variant } from '../../shared/schemas/rule';
import type { Settings } from '../../shared/schemas/settings';
import { State, type RuleState } from '../../shared/schemas/state';
import { DAY, NOW, gateKey, richCatalog } from './fixtures';

const CODES = new Set<string>(Object.values(ReasonCode));
const INTERRUPTIVE = new Set(['banner', 'toast', 'modal']);

// ----- copy -------------------------------------------------------------------------------------

/** Words and placeholders, known and unknown, including names that reach Object.prototype. */
const token = fc.constantFrom(
  'Hello', 'your team', '%', '—', 'Grüezi',
  '{{percent}}', '{{usage}}', '{{ limit }}', '{{remaining}}', '{{metric}}', '{{plan.name}}', '{{plan.id}}',
  '{{offer.name}}', '{{offer.plan.name}}', '{{offer.days}}', '{{feature.name}}', '{{feature.description}}',
  '{{count}}', '{{value}}', '{{days}}', '{{forecast.weeks}}', '{{forecast.days}}',
  '{{nope}}', '{{offer}}', '{{constructor}}', '{{__proto__}}', '{{toString}}', '{{plan.constructor.name}}',
);
const text = (maxTokens: number, maxLength: number) => fc.array(token, { minLength: 1, maxLength: maxTokens }).map((t) => t.join(' ')).filter((t) => t.length <= maxLength);
const content = fc.record({ title: text(4, 120), body: text(8, 500), cta: text(2, 40) });
const copy: fc.Arbitrary<Copy> = fc
  .tuple(content, fc.option(fc.dictionary(fc.constantFrom('de', 'de-CH', 'fr', 'pt-BR'), content, { maxKeys: 3 }), { nil: undefined }))
  .map(([c, locales]) => (locales ? { ...c, locales } : c));

// ----- conditions -------------------------------------------------------------------------------

const ATTRS = [
  'account.plan', 'account.id', 'user.id', 'user.role', 'user.locale', 'account.traits.employees', 'account.traits.industry',
  'user.traits.appVersion', 'account.createdAt', 'account.ageDays', 'account.health', 'usage.api_calls', 'usage.seats',
  'limits.seats', 'ratio.api_calls', 'forecast.api_calls.days', 'trial.sso', 'readiness', 'account.traits.constructor', 'nothing.here',
];
const scalar = fc.oneof(fc.constantFrom('starter', 'pro', 'admin', 'fintech', 'de-CH', '2.4.1', 'active', 'none', ''), fc.integer({ min: -10, max: 20_000 }), fc.boolean(), fc.constant(null));
const leaf: fc.Arbitrary<Leaf> = fc.oneof(
  fc.record({ attr: fc.constantFrom(...ATTRS), op: fc.constantFrom('eq', 'neq'), value: scalar }),
  fc.record({ attr: fc.constantFrom(...ATTRS), op: fc.constantFrom('in', 'nin'), value: fc.array(scalar, { maxLength: 4 }) }),
  fc.record({ attr: fc.constantFrom(...ATTRS), op: fc.constantFrom('gt', 'gte', 'lt', 'lte'), value: fc.integer({ min: -10, max: 20_000 }) }),
  fc.record({ attr: fc.constantFrom(...ATTRS), op: fc.constant('exists'), value: fc.boolean() }, { requiredKeys: ['attr', 'op'] }),
  fc.record({ attr: fc.constantFrom(...ATTRS), op: fc.constantFrom('contains', 'startsWith'), value: fc.constantFrom('de', 'pro', 'x', '') }),
  fc.record({ attr: fc.constantFrom(...ATTRS), op: fc.constant('matches'), value: fc.constantFrom('^(Head|VP) of', '^[a-z]+$', 'a(b|c)d', '\\d{3}') }),
  fc.record({ attr: fc.constantFrom(...ATTRS), op: fc.constantFrom('semverEq', 'semverGt', 'semverGte', 'semverLt', 'semverLte'), value: fc.constantFrom('2.4.1', 'v3', '1.0.0-beta.2') }),
  fc.record({ attr: fc.constantFrom(...ATTRS), op: fc.constantFrom('before', 'after'), value: fc.constantFrom('-90d', '+2w', '-12h', '2026-01-01', '2026-03-10T12:00:00Z') }),
) as fc.Arbitrary<Leaf>;
const condition: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ all: fc.array(tie('c'), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('c'), { maxLength: 3 }) }),
    fc.record({ not: tie('c') }),
  ),
})).c.filter((c) => JSON.stringify(c).split('"attr"').length <= 60 && depth(c) <= 8);

function depth(c: Condition): number {
  if ('all' in c) return 1 + Math.max(0, ...c.all.map(depth));
  if ('any' in c) return 1 + Math.max(0, ...c.any.map(depth));
  return 'not' in c ? 1 + depth(c.not) : 1;
}

// ----- rules ------------------------------------------------------------------------------------

const tiers = (metric: fc.Arbitrary<string>) =>
  fc
    .record({
      metric,
      absolute: fc.boolean(),
      start: fc.integer({ min: 1, max: 120 }),
      steps: fc.array(fc.record({ step: fc.integer({ min: 1, max: 40 }), tone: fc.constantFrom('inform', 'recommend', 'urgent'), content: copy }), { minLength: 1, maxLength: 4 }),
      hysteresis: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }),
    })
    .map(({ metric: m, absolute, start, steps, hysteresis }): Trigger => {
      let at = start;
      const list: Tier[] = steps.map((s, i) => ({ id: `t${i}`, at: absolute ? { value: (at += s.step) * 50 } : { percent: (at += s.step) }, tone: s.tone, content: s.content }));
      return { type: 'usage', metric: m, tiers: list, ...(hysteresis !== undefined && { hysteresis }) };
    });

const trigger: fc.Arbitrary<Trigger> = fc.oneof(
  { arbitrary: tiers(fc.constantFrom('api_calls', 'api_calls', 'seats', 'projects', 'ghost')), weight: 3 },
  fc.record({ type: fc.constant('feature' as const), feature: fc.constantFrom('scheduled_reports', 'sso', 'audit_log', 'dashboards', 'teleport'), withinMinutes: fc.integer({ min: 1, max: 1440 }) }, { requiredKeys: ['type', 'feature'] }),
  fc.record({ type: fc.constant('event' as const), event: fc.constantFrom('report_exported', 'member_invited'), count: fc.integer({ min: 1, max: 3 }), withinDays: fc.integer({ min: 1, max: 90 }) }),
  fc.record({ type: fc.constant('milestone' as const), attr: fc.constantFrom('usage.seats', 'account.ageDays', 'account.traits.employees', 'readiness', 'user.role'), at: fc.integer({ min: -5, max: 500 }) }),
  fc.record({ type: fc.constant('forecast' as const), metric: fc.constantFrom('api_calls', 'seats', 'ghost'), withinDays: fc.integer({ min: 1, max: 365 }) }),
);

const offer = fc.oneof(
  { arbitrary: fc.constant({ type: 'upgrade' as const, plan: 'next' }), weight: 4 },
  fc.record({ type: fc.constant('upgrade' as const), plan: fc.constantFrom('next', 'starter', 'pro', 'business', 'enterprise') }),
  fc.record({ type: fc.constantFrom('addon' as const, 'seats' as const), addon: fc.constantFrom('audit', 'seat_pack', 'gold') }),
  fc.record({ type: fc.constant('trial' as const), feature: fc.constantFrom('scheduled_reports', 'sso', 'audit_log', 'dashboards', 'teleport'), days: fc.integer({ min: 1, max: 90 }) }),
  fc.constant({ type: 'contact_sales' as const }),
);

const when = fc.integer({ min: NOW - 60 * DAY, max: NOW + 60 * DAY });
const iso = when.map((t) => new Date(t).toISOString());
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
/** Absent `absent` times out of `absent + 1`: fields that usually stop a rule stay rare, so rules often fire. */
const rarely = <T>(arb: fc.Arbitrary<T>, absent = 3): fc.Arbitrary<T | undefined> => fc.oneof({ arbitrary: fc.constant(undefined), weight: absent }, { arbitrary: arb, weight: 1 });
const weighted = <T>(common: T, ...others: T[]) => fc.oneof({ arbitrary: fc.constant(common), weight: 4 * others.length }, ...others.map((o) => ({ arbitrary: fc.constant(o), weight: 1 })));

const ruleSpec = fc.record({
  status: weighted<Rule['status']>('live', 'paused', 'draft', 'archived'),
  priority: fc.integer({ min: 0, max: 1000 }),
  schedule: rarely(fc.tuple(maybe(when), maybe(when)).map(([a, b]) => ({ ...(a !== undefined && { start: new Date(Math.min(a, b ?? a)).toISOString() }), ...(b !== undefined && { end: new Date(Math.max(b, (a ?? b) + 1)).toISOString() }) }))),
  audience: rarely(condition, 4),
  trigger,
  guards: rarely(fc.record({ accountAgeDays: fc.integer({ min: 0, max: 400 }), minHealth: fc.integer({ min: 0, max: 100 }), openTickets: fc.boolean(), contraction: fc.boolean(), owned: fc.boolean() }, { requiredKeys: [] })),
  frequency: rarely(fc.record({ cap: fc.record({ count: fc.integer({ min: 1, max: 5 }), per: fc.constantFrom('day', 'week', 'period') }), cooldownDays: fc.integer({ min: 0, max: 30 }), snoozeDays: fc.integer({ min: 0, max: 10 }) }, { requiredKeys: [] })),
  offer,
  surface: fc.constantFrom('banner', 'toast', 'modal', 'inline', 'panel'),
  slot: fc.constantFrom('sidebar', 'header'),
  content: copy,
  tone: maybe(fc.constantFrom('inform', 'recommend', 'urgent')),
  variants: maybe(fc.array(fc.record({ weight: fc.integer({ min: 0, max: 5 }), content: maybe(copy), tierCopy: maybe(copy) }), { minLength: 1, maxLength: 3 })),
  holdout: maybe(fc.integer({ min: 0, max: 100 })),
  seed: maybe(fc.constantFrom('s1', 's2')),
});

interface RuleSpec {
  status: Rule['status'];
  priority: number;
  schedule?: Rule['schedule'] | undefined;
  audience?: Condition | undefined;
  trigger: Trigger;
  guards?: Rule['guards'] | undefined;
  frequency?: Rule['frequency'] | undefined;
  offer: Rule['offer'];
  surface: Rule['surface'];
  slot: string;
  content: Copy;
  tone?: Rule['tone'] | undefined;
  variants?: { weight: number; content?: Copy | undefined; tierCopy?: Copy | undefined }[] | undefined;
  holdout?: number | undefined;
  seed?: string | undefined;
}

function toRule(s: RuleSpec, i: number): Rule {
  const usage = s.trigger.type === 'usage';
  const variants: Variant[] | undefined = s.variants?.map((v, j) => ({
    id: `v${j}`,
    weight: j === 0 ? Math.max(1, v.weight) : v.weight,
    ...(v.content && { content: v.content }),
    ...(usage && v.tierCopy && { tiers: { t0: v.tierCopy } }),
  }));
  return {
    id: `rule-${i}`,
    name: `Rule ${i}`,
    status: s.status,
    priority: s.priority,
    trigger: s.trigger,
    offer: s.offer,
    surface: s.surface,
    ...(s.surface === 'inline' && { slot: s.slot }),
    ...(!usage && { content: s.content }),
    ...(s.schedule && { schedule: s.schedule }),
    ...(s.audience && { audience: s.audience }),
    ...(s.guards && { guards: s.guards }),
    ...(s.frequency && { frequency: s.frequency }),
    ...(s.tone && { tone: s.tone }),
    ...(variants && { variants }),
    ...(s.holdout !== undefined && { holdout: s.holdout }),
    ...(s.seed && { seed: s.seed }),
  };
}

const settings: fc.Arbitrary<Settings | undefined> = maybe(
  fc.record({ budget: fc.record({ day: fc.integer({ min: 0, max: 3 }), week: fc.integer({ min: 0, max: 6 }) }, { requiredKeys: [] }), holdout: fc.constantFrom(0, 10, 50, 100) }, { requiredKeys: [] }),
);

/** Valid v2 configs: the rich catalog and 1-10 rules of every trigger, audience, guard, frequency, surface and experiment. */
const validConfig: fc.Arbitrary<Config> = fc.tuple(fc.array(ruleSpec, { minLength: 1, maxLength: 12 }), settings).map(([specs, s]) =>
  Config.parse({ schemaVersion: 2, version: 1, publishedAt: '2026-03-01T00:00:00Z', catalog: richCatalog(), rules: specs.map((spec, i) => toRule(spec as RuleSpec, i)), ...(s && { settings: s }) }),
);

// ----- contexts and state -----------------------------------------------------------------------

const printable = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s));
const reading = fc.double({ min: 0, max: 2e6, noNaN: true, noDefaultInfinity: true });

/** Arbitrary contexts the schema accepts: any plan, locale, dates, health, tickets, add-ons, traits, readings and limits. */
const anyContext: fc.Arbitrary<Context> = fc
  .record(
    {
      user: fc.record(
        { id: printable, role: fc.constantFrom('admin', 'member', 'viewer'), locale: fc.constantFrom('en', 'de', 'de-CH', 'fr-CA', 'ja', 'xx-invalid-ZZ'), traits: fc.dictionary(fc.constantFrom('appVersion', 'title', 'beta'), scalar, { maxKeys: 3 }) },
        { requiredKeys: ['id'] },
      ),
      account: fc.record(
        {
          id: fc.oneof(fc.constantFrom('acct-1', 'acct-2', 'acct-3'), printable),
          plan: weighted('starter', 'pro', 'business', 'enterprise', 'legacy'),
          createdAt: fc.oneof({ arbitrary: fc.integer({ min: NOW - 400 * DAY, max: NOW - 95 * DAY }), weight: 6 }, fc.integer({ min: NOW - 100 * DAY, max: NOW + DAY })).map((t) => new Date(t).toISOString()),
          periodStart: iso,
          traits: fc.dictionary(fc.constantFrom('employees', 'industry', 'toString', 'valueOf'), scalar, { maxKeys: 3 }),
          health: fc.oneof({ arbitrary: fc.integer({ min: 40, max: 100 }), weight: 8 }, fc.integer({ min: 0, max: 100 })),
          openTickets: fc.oneof({ arbitrary: fc.constant(0), weight: 8 }, fc.integer({ min: 0, max: 3 })),
          addons: fc.subarray(['audit', 'seat_pack', 'gold']),
        },
        { requiredKeys: ['id', 'plan'] },
      ),
      usage: fc.record({ api_calls: fc.oneof(fc.integer({ min: 5_000, max: 12_000 }), reading), seats: fc.integer({ min: 0, max: 40 }), projects: reading, other: reading }, { requiredKeys: [] }),
      limits: fc.dictionary(fc.constantFrom('api_calls', 'seats'), reading, { maxKeys: 2 }),
    },
    { requiredKeys: ['user', 'account'] },
  )
  .map((c) => Context.parse(c));

const around = fc.integer({ min: NOW - 40 * DAY, max: NOW + DAY });
/** Within the half hour before NOW: gate attempts and events that still count (`now` varies by a month, so not always). */
const recent = fc.integer({ min: NOW - 30 * 60_000, max: NOW });
const ruleState: fc.Arbitrary<RuleState> = fc.record(
  {
    dismissed: fc.dictionary(fc.constantFrom('t0', 't1', 't2', 't3'), around, { maxKeys: 3 }),
    reached: fc.dictionary(fc.constantFrom('t0', 't1', 't2', 't3'), around, { maxKeys: 3 }),
    impressions: fc.array(around, { maxLength: 6 }),
    dismissedAt: around,
    snoozedAt: around,
    clickedAt: around,
  },
  { requiredKeys: [] },
);
const forecastState = fc.record({ perDay: fc.double({ min: -5, max: 500, noNaN: true }), days: fc.integer({ min: 0, max: 200 }), low: fc.integer({ min: 0, max: 200 }), high: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }), confident: fc.boolean(), weeks: fc.integer({ min: 0, max: 30 }) });

const anyState: fc.Arbitrary<State> = fc
  .record(
    {
      rules: fc.dictionary(fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `rule-${i}`), 'deleted-rule'), ruleState, { maxKeys: 6 }),
      counts: fc.dictionary(fc.constantFrom('report_exported', 'member_invited', gateKey('scheduled_reports'), gateKey('sso'), gateKey('audit_log')), fc.array(fc.oneof(around, recent), { maxLength: 8 }), { maxKeys: 4 }),
      forecast: fc.dictionary(fc.constantFrom('api_calls', 'seats'), forecastState, { maxKeys: 2 }),
      periods: fc.dictionary(fc.constantFrom('api_calls', 'seats'), fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 4 }), { maxKeys: 2 }),
      trials: fc.dictionary(fc.constantFrom('scheduled_reports', 'sso', 'audit', 'pro'), fc.tuple(around, fc.integer({ min: 1, max: 30 })).map(([s, d]) => ({ startedAt: s, endsAt: s + d * DAY })), { maxKeys: 2 }),
      readiness: fc.integer({ min: 0, max: 100 }),
    },
    { requiredKeys: ['rules'] },
  )
  .map((s) => State.parse(s));

const anyNow = fc.oneof({ arbitrary: fc.constant(NOW), weight: 2 }, fc.integer({ min: NOW - 30 * DAY, max: NOW + 30 * DAY }));

function shownCopy(decision: Decision): string[] {
  return [decision.prompt, ...decision.placed].flatMap((p) => (p ? Object.values(p.content) : []));
}

describe('evaluate properties over v2 configs', () => {
  it('never throws and explains every rule once, with a known code', () => {
    fc.assert(
      fc.property(validConfig, anyContext, anyState, anyNow, (config, context, state, now) => {
        const decision = evaluate(config, context, state, now);

        expect(decision.reasons.map((r) => r.ruleId).sort()).toEqual(config.rules.map((r) => r.id).sort());
        for (const r of decision.reasons) {
          expect(CODES.has(r.code)).toBe(true);
          expect(r.code).not.toBe(ReasonCode.invalid); // every rule here is valid: none may be skipped as unreadable
          // What the explanation itself says, not the quoted values from the context (a user id may well be "NaN ").
          expect(explain(r).replace(/"(?:[^"\\]|\\.)*"/g, '""')).not.toMatch(/undefined|NaN|\[object/);
        }
        const shown = new Set(decision.reasons.filter((r) => r.code === ReasonCode.shown).map((r) => r.ruleId));
        const prompts = [decision.prompt, ...decision.placed].filter((p) => p !== null);
        expect(new Set(prompts.map((p) => p.ruleId))).toEqual(shown);
        if (decision.prompt) expect(INTERRUPTIVE.has(decision.prompt.surface)).toBe(true);
        for (const p of decision.placed) expect(INTERRUPTIVE.has(p.surface)).toBe(false);
        const places = decision.placed.map((p) => (p.surface === 'inline' ? `inline:${p.slot}` : `panel:${p.feature?.id ?? ''}`));
        expect(new Set(places).size).toBe(places.length);
      }),
      { numRuns: 400 },
    );
  }, 60_000);

  it('is deterministic and leaves its inputs untouched', () => {
    fc.assert(
      fc.property(validConfig, anyContext, anyState, anyNow, (config, context, state, now) => {
        const before = JSON.stringify([config, context, state]);
        const first = evaluate(config, context, state, now);
        // The same config object again (its index is cached) and a structurally equal copy (a config fetched again).
        expect(evaluate(config, context, state, now)).toEqual(first);
        expect(evaluate(structuredClone(config), structuredClone(context), structuredClone(state), now)).toEqual(first);
        expect(JSON.stringify([config, context, state])).toBe(before);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('does not depend on the order rules are listed in', () => {
    fc.assert(
      fc.property(validConfig, anyContext, anyState, anyNow, fc.integer(), (config, context, state, now, seed) => {
        const rules = [...config.rules];
        let x = seed >>> 0;
        for (let i = rules.length - 1; i > 0; i--) {
          x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0;
          const j = x % (i + 1);
          [rules[i], rules[j]] = [rules[j]!, rules[i]!];
        }
        expect(evaluate({ ...config, rules }, context, state, now)).toEqual(evaluate(config, context, state, now));
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('never shows copy with leftover placeholders or prototype values', () => {
    let shown = 0;
    fc.assert(
      fc.property(validConfig, anyContext, anyState, anyNow, (config, context, state, now) => {
        const texts = shownCopy(evaluate(config, context, state, now));
        if (texts.length) shown++;
        for (const text of texts) {
          expect(text).not.toMatch(/\{\{|\}\}|function |\[object |undefined|NaN/);
        }
      }),
      { numRuns: 400 },
    );
    // The generators are tuned so that prompts are common; a property that never saw one proves nothing.
    expect(shown).toBeGreaterThan(20);
  }, 60_000);

  it('shows nothing at all to an account in a 100% global holdout', () => {
    fc.assert(
      fc.property(validConfig, anyContext, anyState, anyNow, (config, context, state, now) => {
        const held = { ...config, settings: { ...config.settings, holdout: 100 } };
        const decision = evaluate(held, context, state, now);

        expect(decision.prompt).toBeNull();
        expect(decision.placed).toEqual([]);
        expect(decision.reasons.some((r) => r.code === ReasonCode.shown)).toBe(false);
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
