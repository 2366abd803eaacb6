import { describe, expect, it } from 'vitest';
import { evaluate } from '../../shared/engine/evaluate';
import { ReasonCode } from '../../shared/engine/types';
import type { Offer, Rule } from '../../shared/schemas/rule';
import type { State } from '../../shared/schemas/state';
import { DAY, NOW, NO_STATE, cfg, ctx, say, usageRule, type Ctx } from './fixtures';

/** A ladder at 97 %: the trigger fires, so only a guard can stop it. */
const ladder = (patch: Partial<Rule> = {}) => cfg([usageRule('ladder', patch)]);
const busy = (o: Ctx = {}) => ctx({ usage: { api_calls: 9_700 }, ...o });

describe('guard: no prompts in an account\'s first 90 days', () => {
  it.each([
    { name: '12 days old', o: { ageDays: 12 }, patch: {}, code: ReasonCode.tooNew, params: { days: 12, min: 90 } },
    { name: '89 days old', o: { ageDays: 89 }, patch: {}, code: ReasonCode.tooNew, params: { days: 89, min: 90 } },
    { name: '89.9 days old (whole days count)', o: { createdAt: new Date(NOW - 89.9 * DAY).toISOString() }, patch: {}, code: ReasonCode.tooNew, params: { days: 89, min: 90 } },
    { name: '90 days old', o: { ageDays: 90 }, patch: {}, code: ReasonCode.shown, params: null },
    { name: 'created on a plain date long ago', o: { createdAt: '2025-01-15' }, patch: {}, code: ReasonCode.shown, params: null },
    { name: 'no createdAt', o: { ageDays: null }, patch: {}, code: ReasonCode.shown, params: null },
    { name: '1 day old, guard off (0)', o: { ageDays: 1 }, patch: { guards: { accountAgeDays: 0 } }, code: ReasonCode.shown, params: null },
    { name: '29 days old, custom 30', o: { ageDays: 29 }, patch: { guards: { accountAgeDays: 30 } }, code: ReasonCode.tooNew, params: { days: 29, min: 30 } },
    { name: '30 days old, custom 30', o: { ageDays: 30 }, patch: { guards: { accountAgeDays: 30 } }, code: ReasonCode.shown, params: null },
    { name: '200 days old, custom 365', o: { ageDays: 200 }, patch: { guards: { accountAgeDays: 365 } }, code: ReasonCode.tooNew, params: { days: 200, min: 365 } },
  ])('$name -> $code', ({ o, patch, code, params }) => {
    const decision = evaluate(ladder(patch), busy(o), NO_STATE, NOW);

    expect(decision.reasons[0]?.code).toBe(code);
    if (params) {
      expect(decision.reasons[0]?.params).toEqual(params);
      expect(decision.prompt).toBeNull();
    } else {
      expect(decision.prompt?.ruleId).toBe('ladder');
    }
  });

  it('says it in the words of the issue', () => {
    const reason = evaluate(ladder(), busy({ ageDays: 12 }), NO_STATE, NOW).reasons[0];

    expect(say(reason)).toBe('account is 12 days old; this rule waits 90 days');
  });
});

describe('guard: never prompt an unhappy account', () => {
  it.each([
    { name: 'health 39 (default minimum 40)', o: { health: 39 }, patch: {}, code: ReasonCode.unhealthy, params: { health: 39, min: 40 } },
    { name: 'health 39.5', o: { health: 39.5 }, patch: {}, code: ReasonCode.unhealthy, params: { health: 39.5, min: 40 } },
    { name: 'health 0', o: { health: 0 }, patch: {}, code: ReasonCode.unhealthy, params: { health: 0, min: 40 } },
    { name: 'health 40', o: { health: 40 }, patch: {}, code: ReasonCode.shown, params: null },
    { name: 'health 100', o: { health: 100 }, patch: {}, code: ReasonCode.shown, params: null },
    { name: 'no health score', o: {}, patch: {}, code: ReasonCode.shown, params: null },
    { name: 'health 50 under a custom minimum of 60', o: { health: 50 }, patch: { guards: { minHealth: 60 } }, code: ReasonCode.unhealthy, params: { health: 50, min: 60 } },
    { name: 'health 60 under a custom minimum of 60', o: { health: 60 }, patch: { guards: { minHealth: 60 } }, code: ReasonCode.shown, params: null },
    { name: 'health 0 with the guard off (0)', o: { health: 0 }, patch: { guards: { minHealth: 0 } }, code: ReasonCode.shown, params: null },
    { name: 'one open ticket', o: { openTickets: 1 }, patch: {}, code: ReasonCode.openTickets, params: { count: 1 } },
    { name: 'five open tickets', o: { openTickets: 5 }, patch: {}, code: ReasonCode.openTickets, params: { count: 5 } },
    { name: 'no open tickets', o: { openTickets: 0 }, patch: {}, code: ReasonCode.shown, params: null },
    { name: 'open tickets with the guard off', o: { openTickets: 3 }, patch: { guards: { openTickets: false } }, code: ReasonCode.shown, params: null },
    { name: 'open tickets with the guard explicitly on', o: { openTickets: 3 }, patch: { guards: { openTickets: true } }, code: ReasonCode.openTickets, params: { count: 3 } },
  ])('$name -> $code', ({ o, patch, code, params }) => {
    const decision = evaluate(ladder(patch), busy(o), NO_STATE, NOW);

    expect(decision.reasons[0]?.code).toBe(code);
    if (params) expect(decision.reasons[0]?.params).toEqual(params);
  });

  it.each([
    { o: { health: 12 }, words: 'account health is 12, below 40' },
    { o: { openTickets: 1 }, words: 'the account has 1 open support ticket' },
    { o: { openTickets: 2 }, words: 'the account has 2 open support tickets' },
  ])('explains $words', ({ o, words }) => {
    expect(say(evaluate(ladder(), busy(o), NO_STATE, NOW).reasons[0])).toContain(words);
  });
});

describe('guard: never prompt a contracting account', () => {
  // "Fell by 5 % or more in each of the last two completed billing periods" (README, and the
  // engine's own comment on CONTRACTION: "at least this share"). The engine compares strictly.
  it.each([
    { name: 'exactly 5% twice', periods: [1_000, 950, 902.5] },
    { name: 'exactly 5%, then 10%', periods: [1_000, 950, 855] },
  ])('counts a fall of $name as contraction', ({ periods }) => {
    const decision = evaluate(ladder(), busy(), { rules: {}, periods: { api_calls: periods } }, NOW);

    expect(decision.reasons[0]?.code).toBe(ReasonCode.contracting);
  });

  it.each([
    { name: 'usage fell 10% twice', periods: { api_calls: [1_000, 900, 800] }, patch: {}, code: ReasonCode.contracting, params: { metric: 'api_calls', from: 1_000, to: 800 } },
    { name: 'usage fell 6% then 5.3%', periods: { api_calls: [1_000, 940, 890] }, patch: {}, code: ReasonCode.contracting, params: { metric: 'api_calls', from: 1_000, to: 890 } },
    { name: 'only the last two steps count', periods: { api_calls: [50, 2_000, 1_000, 500] }, patch: {}, code: ReasonCode.contracting, params: { metric: 'api_calls', from: 2_000, to: 500 } },
    { name: 'another metric contracting', periods: { api_calls: [1, 2, 3], seats: [20, 15, 10] }, patch: {}, code: ReasonCode.contracting, params: { metric: 'seats', from: 20, to: 10 } },
    { name: 'usage fell 4.9% then 10%', periods: { api_calls: [1_000, 951, 855] }, patch: {}, code: ReasonCode.shown, params: null },
    { name: 'usage fell 10% then 4.9%', periods: { api_calls: [1_000, 900, 856] }, patch: {}, code: ReasonCode.shown, params: null },
    { name: 'usage fell once, then held', periods: { api_calls: [1_000, 800, 800] }, patch: {}, code: ReasonCode.shown, params: null },
    { name: 'usage fell, then grew', periods: { api_calls: [1_000, 800, 900] }, patch: {}, code: ReasonCode.shown, params: null },
    { name: 'it fell twice long ago but recovered', periods: { api_calls: [1_000, 800, 600, 900] }, patch: {}, code: ReasonCode.shown, params: null },
    { name: 'only two periods of history', periods: { api_calls: [1_000, 100] }, patch: {}, code: ReasonCode.shown, params: null },
    { name: 'growing usage', periods: { api_calls: [100, 200, 300] }, patch: {}, code: ReasonCode.shown, params: null },
    { name: 'usage fell twice with the guard off', periods: { api_calls: [1_000, 900, 800] }, patch: { guards: { contraction: false } }, code: ReasonCode.shown, params: null },
  ])('$name -> $code', ({ periods, patch, code, params }) => {
    const decision = evaluate(ladder(patch), busy(), { rules: {}, periods }, NOW);

    expect(decision.reasons[0]?.code).toBe(code);
    if (params) expect(decision.reasons[0]?.params).toEqual(params);
  });
});

describe('guard: never offer what the account owns or is trialling', () => {
  const on = (offer: Offer, o: Ctx = {}, state: State = NO_STATE, owned?: boolean) =>
    evaluate(cfg([usageRule('r', { offer, ...(owned !== undefined && { guards: { owned } }) })]), busy(o), state, NOW).reasons[0];
  const trial = (endsAt: number): State => ({ rules: {}, trials: { scheduled_reports: { startedAt: endsAt - 14 * DAY, endsAt } } });

  it.each([
    { name: 'an add-on the account owns', offer: { type: 'addon', addon: 'audit' }, o: { addons: ['audit'] }, state: NO_STATE, owned: undefined, code: ReasonCode.owned, params: { id: 'audit' } },
    { name: 'an add-on the account does not own', offer: { type: 'addon', addon: 'audit' }, o: { addons: ['seat_pack'] }, state: NO_STATE, owned: undefined, code: ReasonCode.shown, params: null },
    { name: 'an owned add-on with the guard off', offer: { type: 'addon', addon: 'audit' }, o: { addons: ['audit'] }, state: NO_STATE, owned: false, code: ReasonCode.shown, params: null },
    { name: 'a seat pack the account already has (packs can be bought again)', offer: { type: 'seats', addon: 'seat_pack' }, o: { addons: ['seat_pack'] }, state: NO_STATE, owned: undefined, code: ReasonCode.shown, params: null },
    { name: 'a trial of a feature the plan includes', offer: { type: 'trial', feature: 'scheduled_reports', days: 14 }, o: { plan: 'pro', usage: { api_calls: 99_000 } }, state: NO_STATE, owned: undefined, code: ReasonCode.owned, params: { id: 'scheduled_reports' } },
    { name: 'a trial of a feature an owned add-on includes', offer: { type: 'trial', feature: 'audit_log', days: 14 }, o: { addons: ['audit'] }, state: NO_STATE, owned: undefined, code: ReasonCode.owned, params: { id: 'audit_log' } },
    { name: 'a trial of a feature the account lacks', offer: { type: 'trial', feature: 'audit_log', days: 14 }, o: {}, state: NO_STATE, owned: undefined, code: ReasonCode.shown, params: null },
    { name: 'a trial that is running', offer: { type: 'trial', feature: 'scheduled_reports', days: 14 }, o: {}, state: trial(NOW + DAY), owned: undefined, code: ReasonCode.trialRunning, params: { id: 'scheduled_reports' } },
    { name: 'a trial that ended just now', offer: { type: 'trial', feature: 'scheduled_reports', days: 14 }, o: {}, state: trial(NOW), owned: undefined, code: ReasonCode.trialUsed, params: { id: 'scheduled_reports' } },
    { name: 'a trial that ended a month ago', offer: { type: 'trial', feature: 'scheduled_reports', days: 14 }, o: {}, state: trial(NOW - 30 * DAY), owned: undefined, code: ReasonCode.trialUsed, params: { id: 'scheduled_reports' } },
    { name: 'a second trial with the guard off', offer: { type: 'trial', feature: 'scheduled_reports', days: 14 }, o: {}, state: trial(NOW - 30 * DAY), owned: false, code: ReasonCode.shown, params: null },
    { name: 'an upgrade to a plan on trial', offer: { type: 'upgrade', plan: 'pro' }, o: {}, state: { rules: {}, trials: { pro: { startedAt: NOW - DAY, endsAt: NOW + DAY } } }, owned: undefined, code: ReasonCode.trialRunning, params: { id: 'pro' } },
    { name: 'an upgrade after a plan trial ended', offer: { type: 'upgrade', plan: 'pro' }, o: {}, state: { rules: {}, trials: { pro: { startedAt: NOW - 20 * DAY, endsAt: NOW - DAY } } }, owned: undefined, code: ReasonCode.shown, params: null },
    { name: 'an add-on on trial', offer: { type: 'addon', addon: 'audit' }, o: {}, state: { rules: {}, trials: { audit: { startedAt: NOW - DAY, endsAt: NOW + DAY } } }, owned: undefined, code: ReasonCode.trialRunning, params: { id: 'audit' } },
    { name: 'an upgrade to the plan the account is on', offer: { type: 'upgrade', plan: 'starter' }, o: {}, state: NO_STATE, owned: undefined, code: ReasonCode.alreadyOnPlan, params: { plan: 'starter' } },
    { name: 'an upgrade to the current plan, even with the guard off', offer: { type: 'upgrade', plan: 'starter' }, o: {}, state: NO_STATE, owned: false, code: ReasonCode.alreadyOnPlan, params: { plan: 'starter' } },
    { name: 'a next step that is an owned add-on', offer: { type: 'upgrade', plan: 'next' }, o: { plan: 'business', addons: ['audit'], usage: { api_calls: 990_000 } }, state: NO_STATE, owned: undefined, code: ReasonCode.owned, params: { id: 'audit' } },
    { name: 'a next step that is an add-on not yet owned', offer: { type: 'upgrade', plan: 'next' }, o: { plan: 'business', usage: { api_calls: 990_000 } }, state: NO_STATE, owned: undefined, code: ReasonCode.shown, params: null },
  ] as const)('$name -> $code', ({ offer, o, state, owned, code, params }) => {
    const reason = on(offer as Offer, o as Ctx, state, owned);

    expect(reason?.code).toBe(code);
    if (params) expect(reason?.params).toEqual(params);
  });
});
