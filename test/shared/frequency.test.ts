import { describe, expect, it } from 'vitest';
import { evaluate } from '../../shared/engine/evaluate';
import { ReasonCode } from '../../shared/engine/types';
import type { Frequency } from '../../shared/schemas/rule';
import type { RuleState, State } from '../../shared/schemas/state';
import { DAY, HOUR, MARCH_1, NOW, cfg, ctx, eventRule, say, usageRule } from './fixtures';

/** An event rule whose trigger always fires (five exports in the last hour): only frequency can stop it. */
const fired = (rs: RuleState, frequency?: Frequency) => {
  const config = cfg([eventRule('r', 'report_exported', 5, 7, frequency ? { frequency } : {})]);
  const state: State = { rules: { r: rs }, counts: { report_exported: [1, 2, 3, 4, 5].map((m) => NOW - m * 60_000) } };
  return evaluate(config, ctx(), state, NOW).reasons[0];
};

describe('snooze ("remind me later")', () => {
  it.each([
    { name: 'an hour ago (default 1 day)', rs: { snoozedAt: NOW - HOUR }, f: undefined, code: ReasonCode.snoozed, until: NOW - HOUR + DAY },
    { name: '23 hours ago', rs: { snoozedAt: NOW - 23 * HOUR }, f: undefined, code: ReasonCode.snoozed, until: NOW + HOUR },
    { name: 'exactly a day ago', rs: { snoozedAt: NOW - DAY }, f: undefined, code: ReasonCode.shown, until: null },
    { name: 'two days ago, snoozeDays 3', rs: { snoozedAt: NOW - 2 * DAY }, f: { snoozeDays: 3 }, code: ReasonCode.snoozed, until: NOW + DAY },
    { name: 'three days ago, snoozeDays 3', rs: { snoozedAt: NOW - 3 * DAY }, f: { snoozeDays: 3 }, code: ReasonCode.shown, until: null },
    { name: 'a minute ago, snoozeDays 0', rs: { snoozedAt: NOW - 60_000 }, f: { snoozeDays: 0 }, code: ReasonCode.shown, until: null },
    { name: 'never', rs: {}, f: undefined, code: ReasonCode.shown, until: null },
  ])('snoozed $name -> $code', ({ rs, f, code, until }) => {
    const reason = fired(rs, f);

    expect(reason?.code).toBe(code);
    if (until !== null) expect(reason?.params).toEqual({ until });
  });

  it('explains until when', () => {
    expect(say(fired({ snoozedAt: NOW - HOUR }))).toBe('snoozed until 2026-03-11');
  });
});

describe('cooldown after a dismissal', () => {
  it.each([
    { name: 'a day ago (default 7 days)', rs: { dismissedAt: NOW - DAY }, f: undefined, code: ReasonCode.cooldown, until: NOW + 6 * DAY },
    { name: '6 days 23 hours ago', rs: { dismissedAt: NOW - 7 * DAY + HOUR }, f: undefined, code: ReasonCode.cooldown, until: NOW + HOUR },
    { name: 'exactly 7 days ago', rs: { dismissedAt: NOW - 7 * DAY }, f: undefined, code: ReasonCode.shown, until: null },
    { name: '20 days ago, cooldownDays 30', rs: { dismissedAt: NOW - 20 * DAY }, f: { cooldownDays: 30 }, code: ReasonCode.cooldown, until: NOW + 10 * DAY },
    { name: '30 days ago, cooldownDays 30', rs: { dismissedAt: NOW - 30 * DAY }, f: { cooldownDays: 30 }, code: ReasonCode.shown, until: null },
    { name: 'a minute ago, cooldownDays 0', rs: { dismissedAt: NOW - 60_000 }, f: { cooldownDays: 0 }, code: ReasonCode.shown, until: null },
    { name: 'half a day ago, cooldownDays 0.25', rs: { dismissedAt: NOW - DAY / 2 }, f: { cooldownDays: 0.25 }, code: ReasonCode.shown, until: null },
    { name: 'never dismissed, only clicked', rs: { clickedAt: NOW - 60_000 }, f: undefined, code: ReasonCode.shown, until: null },
  ])('dismissed $name -> $code', ({ rs, f, code, until }) => {
    const reason = fired(rs, f);

    expect(reason?.code).toBe(code);
    if (until !== null) expect(reason?.params).toEqual({ until });
  });

  it('a snooze is reported before a cooldown', () => {
    expect(fired({ snoozedAt: NOW - HOUR, dismissedAt: NOW - HOUR })?.code).toBe(ReasonCode.snoozed);
  });
});

describe('ladder cooldown: this person\'s dismissal, per tier, so an escalation to a higher, undismissed tier speaks', () => {
  // 2026-03-02: two days into the March period, so February's dismissals no longer hold the tiers
  // for the period, and only the 7-day cooldown decides.
  const MAR_2 = Date.UTC(2026, 2, 2, 12);
  const ladder = cfg([usageRule('ladder')]);
  const mine = (tiers: Record<string, number>): RuleState => ({ dismissed: tiers, dismissedAt: Math.max(...Object.values(tiers)) });

  it.each([
    { name: 'I dismissed p85 3 days ago, usage still at p85', rs: mine({ p85: MAR_2 - 3 * DAY }), usage: 9_000, code: ReasonCode.cooldown, tier: 'p85' },
    { name: 'I dismissed p95 3 days ago: it covers p70 after a reset', rs: mine({ p95: MAR_2 - 3 * DAY }), usage: 7_500, code: ReasonCode.cooldown, tier: 'p70' },
    { name: 'I dismissed p70 3 days ago, usage now at p85', rs: mine({ p70: MAR_2 - 3 * DAY }), usage: 9_000, code: ReasonCode.shown, tier: 'p85' },
    { name: 'I dismissed p70 and p85, usage now at p95', rs: mine({ p70: MAR_2 - 3 * DAY, p85: MAR_2 - 2 * DAY }), usage: 9_700, code: ReasonCode.shown, tier: 'p95' },
    { name: 'I dismissed p85 8 days ago', rs: mine({ p85: MAR_2 - 8 * DAY }), usage: 9_000, code: ReasonCode.shown, tier: 'p85' },
    { name: 'a colleague dismissed p85 3 days ago (it held the tier only for that period)', rs: { dismissed: { p85: MAR_2 - 3 * DAY } }, usage: 9_000, code: ReasonCode.shown, tier: 'p85' },
  ])('$name -> $code', ({ rs, usage, code, tier }) => {
    const decision = evaluate(ladder, ctx({ usage: { api_calls: usage } }, MAR_2), { rules: { ladder: rs } }, MAR_2);

    expect(decision.reasons[0]).toMatchObject({ code, tier });
    if (code === ReasonCode.cooldown) expect(decision.reasons[0]?.params).toEqual({ until: (rs.dismissedAt ?? 0) + 7 * DAY });
  });

  it('within one period, p70 dismissed an hour ago does not silence the escalation to p85', () => {
    const decision = evaluate(ladder, ctx({ usage: { api_calls: 9_000 } }), { rules: { ladder: mine({ p70: NOW - HOUR }) } }, NOW);

    expect(decision.prompt?.tier).toBe('p85');
  });

  it('a dismissal of the rule without any tier dismissed at or above the one reached does not hold a ladder', () => {
    const decision = evaluate(ladder, ctx({ usage: { api_calls: 9_000 } }), { rules: { ladder: { dismissedAt: NOW - HOUR } } }, NOW);

    expect(decision.prompt?.tier).toBe('p85');
  });
});

describe('impression cap per person', () => {
  const ago = (...times: number[]) => times.map((t) => NOW - t);

  it.each([
    { name: '2 a day, shown 1h and 2h ago', cap: { count: 2, per: 'day' }, impressions: ago(HOUR, 2 * HOUR), code: ReasonCode.capped, shown: 2 },
    { name: '2 a day, shown 1h and 25h ago', cap: { count: 2, per: 'day' }, impressions: ago(HOUR, 25 * HOUR), code: ReasonCode.shown, shown: 1 },
    { name: '1 a day, shown exactly a day ago', cap: { count: 1, per: 'day' }, impressions: ago(DAY), code: ReasonCode.capped, shown: 1 },
    { name: '3 a week, shown 1, 3 and 6 days ago', cap: { count: 3, per: 'week' }, impressions: ago(DAY, 3 * DAY, 6 * DAY), code: ReasonCode.capped, shown: 3 },
    { name: '3 a week, shown 1, 3 and 8 days ago', cap: { count: 3, per: 'week' }, impressions: ago(DAY, 3 * DAY, 8 * DAY), code: ReasonCode.shown, shown: 2 },
    { name: '1 a period, shown at the start of the period', cap: { count: 1, per: 'period' }, impressions: [MARCH_1], code: ReasonCode.capped, shown: 1 },
    { name: '1 a period, shown the moment before it', cap: { count: 1, per: 'period' }, impressions: [MARCH_1 - 1], code: ReasonCode.shown, shown: 0 },
    { name: '2 a day, impressions in the future ignored', cap: { count: 2, per: 'day' }, impressions: ago(-HOUR, -2 * HOUR), code: ReasonCode.shown, shown: 0 },
    { name: 'no cap, shown 50 times today', cap: undefined, impressions: Array.from({ length: 50 }, (_, i) => NOW - i * 60_000), code: ReasonCode.shown, shown: 50 },
  ] as const)('$name -> $code', ({ cap, impressions, code, shown }) => {
    const reason = fired({ impressions: [...impressions] }, cap ? { cap: { ...cap } } : undefined);

    expect(reason?.code).toBe(code);
    if (code === ReasonCode.capped) {
      expect(reason?.params).toEqual({ shown, max: cap?.count, per: cap?.per });
      expect(say(reason)).toContain(`the cap is ${cap?.count}`);
    }
  });

  it('counts the billing period from account.periodStart when there is one', () => {
    // periodStart 2026-01-15: the period is [Feb 15, Mar 15), so March 1 and Feb 20 are both in it.
    const config = cfg([eventRule('r', 'report_exported', 1, 7, { frequency: { cap: { count: 2, per: 'period' } } })]);
    const state: State = { rules: { r: { impressions: [MARCH_1, Date.UTC(2026, 1, 20)] } }, counts: { report_exported: [NOW] } };

    expect(evaluate(config, ctx({ periodStart: '2026-01-15' }), state, NOW).reasons[0]).toMatchObject({ code: ReasonCode.capped, params: { shown: 2 } });
    expect(evaluate(config, ctx(), state, NOW).reasons[0]?.code).toBe(ReasonCode.shown);
  });
});
