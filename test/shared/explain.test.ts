import { describe, expect, it } from 'vitest';
import { evaluate } from '../../shared/engine/evaluate';
import { explain, explainAll } from '../../shared/engine/explain';
import { ReasonCode, type Reason } from '../../shared/engine/types';
import type { Config } from '../../shared/schemas/config';
import type { Rule } from '../../shared/schemas/rule';
import type { State } from '../../shared/schemas/state';
import {
  DAY,
  HOUR,
  MINUTE,
  NOW,
  NO_STATE,
  cfg,
  ctx,
  eventRule,
  featureRule,
  forecastRule,
  gateKey,
  milestoneRule,
  reasonFor,
  usageRule,
  type Ctx,
} from './fixtures';

const MAR_5 = Date.UTC(2026, 2, 5);
const exports5: State = { rules: {}, counts: { report_exported: [1, 2, 3, 4, 5].map((m) => NOW - m * MINUTE) } };

/** The reason evaluate gives rule `id` (default the first rule) in a real decision. */
function reasonOf(rules: Rule[] | Config, o: Ctx = {}, state: State = NO_STATE, id?: string): Reason {
  const config = Array.isArray(rules) ? cfg(rules) : rules;
  const decision = evaluate(config, ctx(o), state, NOW);
  return id ? reasonFor(decision, id) : decision.reasons[0]!;
}

/** A config the schema would refuse, as a widget might still receive it: the engine skips the rule. */
function unvalidated(rule: unknown): Config {
  const config = cfg([]);
  return { ...config, rules: [rule as Rule] };
}

const forecastState = (days: number, confident = true): State => ({ rules: {}, forecast: { api_calls: { perDay: 100, days, low: days - 1, high: days + 1, confident, weeks: 3 } } });

/** One real scenario per reason code, and the facts its sentence must carry. */
const scenarios: { code: ReasonCode; reason: () => Reason; says: string[] }[] = [
  { code: ReasonCode.shown, reason: () => reasonOf([usageRule('r')], { usage: { api_calls: 9_700 } }), says: ['api_calls is at 97% of its limit', 'tier "p95"', 'banner'] },
  { code: ReasonCode.inactive, reason: () => reasonOf([usageRule('r', { status: 'paused' })]), says: ['paused'] },
  { code: ReasonCode.invalid, reason: () => reasonOf(unvalidated({ ...usageRule('r'), trigger: { type: 'usage', metric: 'api_calls', tiers: [] } }), { usage: { api_calls: 9_000 } }), says: ['could not be read'] },
  { code: ReasonCode.notStarted, reason: () => reasonOf([usageRule('r', { schedule: { start: '2026-04-01' } })]), says: ['2026-04-01'] },
  { code: ReasonCode.ended, reason: () => reasonOf([usageRule('r', { schedule: { end: '2026-03-01' } })]), says: ['2026-03-01'] },
  { code: ReasonCode.unsupported, reason: () => reasonOf(unvalidated({ ...eventRule('r'), trigger: { type: 'webhook' } })), says: ['"webhook"', 'not supported'] },
  { code: ReasonCode.unknownOfferPlan, reason: () => reasonOf([usageRule('r', { offer: { type: 'upgrade', plan: 'enterprise' } })]), says: ['"enterprise"'] },
  { code: ReasonCode.unknownOfferAddon, reason: () => reasonOf([usageRule('r', { offer: { type: 'addon', addon: 'gold' } })]), says: ['"gold"'] },
  { code: ReasonCode.unknownOfferFeature, reason: () => reasonOf([usageRule('r', { offer: { type: 'trial', feature: 'teleport', days: 7 } })]), says: ['"teleport"'] },
  { code: ReasonCode.noNextStep, reason: () => reasonOf([usageRule('r')], { plan: 'legacy' }), says: ['"legacy"'] },
  { code: ReasonCode.alreadyOnPlan, reason: () => reasonOf([usageRule('r', { offer: { type: 'upgrade', plan: 'starter' } })]), says: ['"starter"'] },
  { code: ReasonCode.owned, reason: () => reasonOf([usageRule('r', { offer: { type: 'addon', addon: 'audit' } })], { addons: ['audit'] }), says: ['"audit"'] },
  { code: ReasonCode.trialRunning, reason: () => reasonOf([usageRule('r', { offer: { type: 'trial', feature: 'sso', days: 7 } })], {}, { rules: {}, trials: { sso: { startedAt: NOW - DAY, endsAt: NOW + DAY } } }), says: ['"sso"', 'running'] },
  { code: ReasonCode.trialUsed, reason: () => reasonOf([usageRule('r', { offer: { type: 'trial', feature: 'sso', days: 7 } })], {}, { rules: {}, trials: { sso: { startedAt: NOW - 9 * DAY, endsAt: NOW - DAY } } }), says: ['"sso"'] },
  { code: ReasonCode.audience, reason: () => reasonOf([usageRule('r', { audience: { attr: 'account.health', op: 'gte', value: 80 } })], { health: 72 }), says: ['account.health is 72, not gte 80'] },
  { code: ReasonCode.tooNew, reason: () => reasonOf([usageRule('r')], { ageDays: 12 }), says: ['account is 12 days old; this rule waits 90 days'] },
  { code: ReasonCode.unhealthy, reason: () => reasonOf([usageRule('r')], { health: 12 }), says: ['12', '40'] },
  { code: ReasonCode.openTickets, reason: () => reasonOf([usageRule('r')], { openTickets: 3 }), says: ['3 open support tickets'] },
  { code: ReasonCode.contracting, reason: () => reasonOf([usageRule('r')], {}, { rules: {}, periods: { seats: [20, 15, 10] } }), says: ['seats', '20', '10'] },
  { code: ReasonCode.noReading, reason: () => reasonOf([usageRule('r')]), says: ['"api_calls"'] },
  { code: ReasonCode.noLimit, reason: () => reasonOf([usageRule('r', { offer: { type: 'upgrade', plan: 'pro' } })], { plan: 'legacy', usage: { api_calls: 5 } }), says: ['"legacy"', '"api_calls"'] },
  { code: ReasonCode.belowThreshold, reason: () => reasonOf([usageRule('r')], { usage: { api_calls: 6_900 } }), says: ['69%', '6900 of 10000', '70%'] },
  { code: ReasonCode.dismissed, reason: () => reasonOf([usageRule('r')], { usage: { api_calls: 9_700 } }, { rules: { r: { dismissed: { p95: MAR_5 } } } }), says: ['"p95"', '2026-03-05', '2026-04-01'] },
  { code: ReasonCode.notLocked, reason: () => reasonOf([featureRule('r', 'dashboards')]), says: ['"dashboards"'] },
  { code: ReasonCode.noAttempt, reason: () => reasonOf([featureRule('r')], {}, { rules: {}, counts: { [gateKey('scheduled_reports')]: [MAR_5] } }), says: ['"scheduled_reports"', '30 minutes', '2026-03-05'] },
  {
    code: ReasonCode.attemptDismissed,
    reason: () => reasonOf([featureRule('r')], {}, { rules: { r: { dismissedAt: NOW - MINUTE } }, counts: { [gateKey('scheduled_reports')]: [NOW - 2 * MINUTE] } }),
    says: ['"scheduled_reports"', '2026-03-10'],
  },
  { code: ReasonCode.belowCount, reason: () => reasonOf([eventRule('r', 'report_exported', 5, 7)], {}, { rules: {}, counts: { report_exported: [NOW] } }), says: ['"report_exported"', '1', '7 days', '5'] },
  { code: ReasonCode.milestoneNotReached, reason: () => reasonOf([milestoneRule('r', 'usage.seats', 10)], { usage: { seats: 4 } }), says: ['usage.seats is 4', '10'] },
  { code: ReasonCode.milestoneDone, reason: () => reasonOf([milestoneRule('r', 'usage.seats', 10)], { usage: { seats: 12 } }, { rules: { r: { clickedAt: MAR_5 } } }), says: ['2026-03-05'] },
  { code: ReasonCode.noForecast, reason: () => reasonOf([forecastRule('r')], {}, forecastState(5, false)), says: ['api_calls', 'not confident'] },
  { code: ReasonCode.forecastFar, reason: () => reasonOf([forecastRule('r', 'api_calls', 30)], {}, forecastState(45)), says: ['api_calls', '45 days', '30 days'] },
  { code: ReasonCode.snoozed, reason: () => reasonOf([eventRule('r')], {}, { ...exports5, rules: { r: { snoozedAt: NOW - HOUR } } }), says: ['2026-03-11'] },
  { code: ReasonCode.cooldown, reason: () => reasonOf([eventRule('r')], {}, { ...exports5, rules: { r: { dismissedAt: NOW - DAY } } }), says: ['2026-03-16'] },
  { code: ReasonCode.capped, reason: () => reasonOf([eventRule('r', 'report_exported', 5, 7, { frequency: { cap: { count: 1, per: 'week' } } })], {}, { ...exports5, rules: { r: { impressions: [NOW - DAY] } } }), says: ['1', 'week'] },
  { code: ReasonCode.holdout, reason: () => reasonOf([eventRule('r', 'report_exported', 5, 7, { holdout: 100 })], {}, exports5), says: ['100%'] },
  { code: ReasonCode.globalHoldout, reason: () => reasonOf(cfg([eventRule('r')], { settings: { holdout: 100 } }), {}, exports5), says: ['global 100%'] },
  { code: ReasonCode.budget, reason: () => reasonOf([eventRule('r'), usageRule('seen', {}, 'seats')], {}, { ...exports5, rules: { seen: { impressions: [NOW - HOUR] } } }, 'r'), says: ['1 interruptive prompt', 'day', 'budget is 1'] },
  { code: ReasonCode.outranked, reason: () => reasonOf([eventRule('top', 'report_exported', 5, 7, { priority: 9 }), eventRule('r', 'report_exported', 5, 7, { priority: 1 })], {}, exports5, 'r'), says: ['"top"', 'priority 9', 'banner'] },
];

describe('explain: every reason code in plain words', () => {
  it('has a scenario below for every code in ReasonCode', () => {
    expect(scenarios.map((s) => s.code).sort()).toEqual(Object.values(ReasonCode).sort());
  });

  it.each(scenarios)('$code', ({ code, reason, says }) => {
    const r = reason();
    const sentence = explain(r);

    expect(r.code).toBe(code);
    expect(sentence).not.toBe(code);
    expect(sentence.length).toBeGreaterThan(15);
    expect(sentence).not.toMatch(/undefined|NaN|\[object|an unknown date/);
    for (const fact of says) expect(sentence).toContain(fact);
  });

  it.each(Object.values(ReasonCode))('%s has a sentence of its own, not just the code', (code) => {
    const sentence = explain({ ruleId: 'r', code });

    expect(sentence).not.toBe(code);
    expect(sentence.length).toBeGreaterThan(10);
  });

  it('gives the issue\'s example exactly', () => {
    const reason = reasonOf([usageRule('r')], { ageDays: 12, usage: { api_calls: 9_700 } });

    expect(reason).toEqual({ ruleId: 'r', code: 'guard.account_too_new', params: { days: 12, min: 90 } });
    expect(explain(reason)).toBe('account is 12 days old; this rule waits 90 days');
  });

  it.each([
    { days: 1, min: 90, sentence: 'account is 1 day old; this rule waits 90 days' },
    { days: 0, min: 1, sentence: 'account is 0 days old; this rule waits 1 day' },
  ])('counts days in words: $sentence', ({ days, min, sentence }) => {
    expect(explain({ ruleId: 'r', code: ReasonCode.tooNew, params: { days, min } })).toBe(sentence);
  });

  it('falls back to the code for a code from a newer engine', () => {
    expect(explain({ ruleId: 'r', code: 'guard.future' as ReasonCode })).toBe('guard.future');
  });

  it('explainAll adds the message to every reason and keeps the rest', () => {
    const reasons: Reason[] = [
      { ruleId: 'a', code: ReasonCode.inactive, params: { status: 'draft' } },
      { ruleId: 'b', code: ReasonCode.holdout, params: { percent: 10 }, tier: 'p70' },
    ];

    expect(explainAll(reasons)).toEqual([
      { ruleId: 'a', code: ReasonCode.inactive, params: { status: 'draft' }, message: 'the rule is draft; only live rules show' },
      { ruleId: 'b', code: ReasonCode.holdout, params: { percent: 10 }, tier: 'p70', message: "the account is in this rule's 10% holdout" },
    ]);
  });

  it.each([
    { name: 'a forecast rule with a reading', rule: forecastRule('r'), o: { usage: { api_calls: 5_000 } }, state: forecastState(20) },
    { name: 'a milestone rule', rule: milestoneRule('r', 'usage.seats', 3), o: { usage: { seats: 4 } }, state: NO_STATE },
  ])('words a shown $name without an empty tier', ({ rule, o, state }) => {
    const r = reasonOf([rule], o, state);

    expect(r.code).toBe(ReasonCode.shown);
    expect(explain(r)).not.toContain('tier ""');
  });
});
