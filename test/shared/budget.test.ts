import { describe, expect, it } from 'vitest';
import { evaluate } from '../../shared/engine/evaluate';
import { ReasonCode } from '../../shared/engine/types';
import type { Rule } from '../../shared/schemas/rule';
import type { Settings } from '../../shared/schemas/settings';
import type { State } from '../../shared/schemas/state';
import { DAY, HOUR, NOW, cfg, ctx, featureRule, gateKey, reasonFor, say, usageRule } from './fixtures';

/** Rules the person saw before; their triggers do not fire now (no seats reading), but their impressions count. */
const seen = (id: string, patch: Partial<Rule> = {}): Rule => usageRule(id, { priority: 1, ...patch }, 'seats');
/** The rule that wants to interrupt now: API calls at 97 %. */
const candidate = (patch: Partial<Rule> = {}): Rule => usageRule('candidate', { priority: 500, ...patch });
const busy = ctx({ usage: { api_calls: 9_700 } });
const shownAt = (entries: Record<string, number[]>): State => ({ rules: Object.fromEntries(Object.entries(entries).map(([id, times]) => [id, { impressions: times.map((t) => NOW - t) }])) });

describe('global budget of interruptive prompts per person (default 1 a day, 3 a week)', () => {
  it.each([
    { name: 'nothing shown yet', state: shownAt({}), settings: undefined, code: ReasonCode.shown, params: null },
    { name: 'another prompt 2 hours ago', state: shownAt({ a: [2 * HOUR] }), settings: undefined, code: ReasonCode.budget, params: { shown: 1, max: 1, per: 'day' } },
    { name: 'another prompt exactly 24 hours ago', state: shownAt({ a: [DAY] }), settings: undefined, code: ReasonCode.budget, params: { shown: 1, max: 1, per: 'day' } },
    { name: 'another prompt 25 hours ago', state: shownAt({ a: [25 * HOUR] }), settings: undefined, code: ReasonCode.shown, params: null },
    { name: 'this same prompt 2 hours ago (already paid for)', state: shownAt({ candidate: [2 * HOUR] }), settings: undefined, code: ReasonCode.shown, params: null },
    { name: 'three others this week', state: shownAt({ a: [2 * DAY], b: [3 * DAY], c: [6 * DAY] }), settings: undefined, code: ReasonCode.budget, params: { shown: 3, max: 3, per: 'week' } },
    { name: 'two others this week', state: shownAt({ a: [2 * DAY], b: [3 * DAY] }), settings: undefined, code: ReasonCode.shown, params: null },
    { name: 'three others, one 8 days ago', state: shownAt({ a: [2 * DAY], b: [3 * DAY], c: [8 * DAY] }), settings: undefined, code: ReasonCode.shown, params: null },
    { name: 'three others this week and this one too (already paid for)', state: shownAt({ a: [2 * DAY], b: [3 * DAY], candidate: [6 * DAY] }), settings: undefined, code: ReasonCode.shown, params: null },
    { name: 'one other shown many times counts once', state: shownAt({ a: [2 * DAY, 3 * DAY, 4 * DAY, 5 * DAY] }), settings: undefined, code: ReasonCode.shown, params: null },
    { name: 'another prompt today under a budget of 2 a day', state: shownAt({ a: [HOUR] }), settings: { budget: { day: 2 } }, code: ReasonCode.shown, params: null },
    { name: 'two others today under a budget of 2 a day', state: shownAt({ a: [HOUR], b: [2 * HOUR] }), settings: { budget: { day: 2 } }, code: ReasonCode.budget, params: { shown: 2, max: 2, per: 'day' } },
    { name: 'a budget of 0 a day', state: shownAt({}), settings: { budget: { day: 0 } }, code: ReasonCode.budget, params: { shown: 0, max: 0, per: 'day' } },
    { name: 'one other this week under a budget of 1 a week', state: shownAt({ a: [3 * DAY] }), settings: { budget: { week: 1 } }, code: ReasonCode.budget, params: { shown: 1, max: 1, per: 'week' } },
    { name: 'impressions in the future do not count', state: shownAt({ a: [-HOUR] }), settings: undefined, code: ReasonCode.shown, params: null },
  ] as { name: string; state: State; settings: Settings | undefined; code: string; params: object | null }[])('$name -> $code', ({ state, settings, code, params }) => {
    const rules = [candidate(), seen('a'), seen('b'), seen('c')];
    const decision = evaluate(cfg(rules, settings ? { settings } : {}), busy, state, NOW);
    const reason = reasonFor(decision, 'candidate');

    expect(reason.code).toBe(code);
    if (params) {
      expect(reason).toEqual({ ruleId: 'candidate', code, tier: 'p95', params });
      expect(decision.prompt).toBeNull();
    } else {
      expect(decision.prompt?.ruleId).toBe('candidate');
    }
  });

  it('explains the budget in words', () => {
    const decision = evaluate(cfg([candidate(), seen('a')]), busy, shownAt({ a: [HOUR] }), NOW);

    expect(say(reasonFor(decision, 'candidate'))).toBe('this person already saw 1 interruptive prompt this day; the budget is 1');
  });

  it('lets a lower rule that was already shown today take the place a spent budget leaves', () => {
    const decision = evaluate(cfg([candidate(), usageRule('again', { priority: 10 }), seen('a')]), busy, shownAt({ again: [HOUR] }), NOW);

    expect(decision.reasons.map((r) => [r.ruleId, r.code])).toEqual([
      ['candidate', ReasonCode.budget],
      ['again', ReasonCode.shown],
      ['a', ReasonCode.noReading],
    ]);
    expect(decision.prompt?.ruleId).toBe('again');
  });
});

describe('what the budget does not cover', () => {
  const spent = shownAt({ a: [HOUR] });

  it.each([
    { name: 'an inline slot', rule: candidate({ surface: 'inline', slot: 'sidebar' }), state: spent },
    { name: 'a panel', rule: candidate({ surface: 'panel' }), state: spent },
    { name: 'a feature-gate banner (the person asked)', rule: featureRule('candidate', 'scheduled_reports', { priority: 500 }), state: { ...spent, counts: { [gateKey('scheduled_reports')]: [NOW - 60_000] } } },
    { name: 'a feature-gate modal (the person asked)', rule: featureRule('candidate', 'scheduled_reports', { priority: 500, surface: 'modal' }), state: { ...spent, counts: { [gateKey('scheduled_reports')]: [NOW - 60_000] } } },
  ])('$name shows although the budget is spent', ({ rule, state }) => {
    const decision = evaluate(cfg([rule, seen('a')]), busy, state, NOW);

    expect(reasonFor(decision, 'candidate').code).toBe(ReasonCode.shown);
    expect([decision.prompt, ...decision.placed].map((p) => p?.ruleId)).toContain('candidate');
  });

  it.each([
    { name: 'an inline prompt', other: seen('a', { surface: 'inline', slot: 'sidebar' }), counts: {} },
    { name: 'a panel', other: seen('a', { surface: 'panel' }), counts: {} },
    { name: 'a feature-gate banner', other: featureRule('a', 'sso', { priority: 1 }), counts: {} },
  ])('$name shown today does not spend the budget', ({ other, counts }) => {
    const decision = evaluate(cfg([candidate(), other]), busy, { ...shownAt({ a: [HOUR] }), counts }, NOW);

    expect(reasonFor(decision, 'candidate').code).toBe(ReasonCode.shown);
  });

  it('an interruptive prompt shown today does spend it (the control for the cases above)', () => {
    const decision = evaluate(cfg([candidate(), seen('a', { surface: 'toast' })]), busy, shownAt({ a: [HOUR] }), NOW);

    expect(reasonFor(decision, 'candidate').code).toBe(ReasonCode.budget);
  });
});
