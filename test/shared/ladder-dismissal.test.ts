import { describe, expect, it } from 'vitest';
import { evaluate } from '../../shared/engine/evaluate';
import { explain } from '../../shared/engine/explain';
import { ReasonCode, type Reason } from '../../shared/engine/types';
import { LADDER, NOW, config, context, demoRule, dismissed } from './fixtures';

const say = (r: Reason | undefined): string => (r ? explain(r) : '');

const demo = config();

// NOW is 2026-03-10T12:00Z; without an anchor the billing period is March, renewing on 2026-04-01.
const MAR_1 = Date.UTC(2026, 2, 1);
const MAR_5 = Date.UTC(2026, 2, 5, 9);
const FEB_28 = Date.UTC(2026, 1, 28, 9);

describe('dismissals within a calendar billing period', () => {
  it.each([
    { name: 'p95 dismissed this period hides p95', dismiss: { p95: MAR_5 }, usage: 9_700, reached: 'p95' },
    { name: 'p70 dismissed this period hides p70', dismiss: { p70: MAR_5 }, usage: 7_200, reached: 'p70' },
    { name: 'p95 dismissed hides p85 when usage drops to 90%', dismiss: { p95: MAR_5 }, usage: 9_000, reached: 'p85' },
    { name: 'p95 dismissed hides p70 when usage drops to 72%', dismiss: { p95: MAR_5 }, usage: 7_200, reached: 'p70' },
    { name: 'p85 dismissed hides p70', dismiss: { p85: MAR_5 }, usage: 7_200, reached: 'p70' },
    { name: 'a dismissal at the very start of the period counts', dismiss: { p95: MAR_1 }, usage: 9_700, reached: 'p95' },
    { name: 'a dismissal a moment ago counts', dismiss: { p95: NOW }, usage: 9_700, reached: 'p95' },
  ])('$name', ({ dismiss, usage, reached }) => {
    const decision = evaluate(demo, context(usage), dismissed(dismiss), NOW);

    expect(decision.prompt).toBeNull();
    const [tier, at] = Object.entries(dismiss)[0]!;
    expect(decision.reasons).toEqual([{ ruleId: LADDER, code: ReasonCode.dismissed, tier: reached, params: { dismissedTier: tier, at, renews: Date.UTC(2026, 3, 1) } }]);
    expect(say(decision.reasons[0])).toContain('2026-04-01'); // when the period renews
    expect(say(decision.reasons[0])).toContain(`tier "${tier}"`); // which tier was dismissed
  });

  it.each([
    { name: 'p70 dismissed: p85 replaces it at 90%', dismiss: { p70: MAR_5 }, usage: 9_000, shows: 'p85' },
    { name: 'p70 dismissed: p95 replaces it at 97%', dismiss: { p70: MAR_5 }, usage: 9_700, shows: 'p95' },
    { name: 'p85 dismissed: p95 replaces it at 97%', dismiss: { p85: MAR_5 }, usage: 9_700, shows: 'p95' },
    { name: 'p70 and p85 dismissed: p95 still shows', dismiss: { p70: MAR_5, p85: MAR_5 }, usage: 9_700, shows: 'p95' },
    { name: 'p95 dismissed last period shows again', dismiss: { p95: FEB_28 }, usage: 9_700, shows: 'p95' },
    { name: 'p95 dismissed a millisecond before the period', dismiss: { p95: MAR_1 - 1 }, usage: 9_700, shows: 'p95' },
    { name: 'p95 dismissed last period does not hide p85', dismiss: { p95: FEB_28 }, usage: 9_000, shows: 'p85' },
    { name: 'a dismissal of an unknown tier changes nothing', dismiss: { p50: MAR_5 }, usage: 7_200, shows: 'p70' },
  ])('$name', ({ dismiss, usage, shows }) => {
    const decision = evaluate(demo, context(usage), dismissed(dismiss), NOW);

    expect(decision.prompt?.tier).toBe(shows);
    expect(decision.reasons).toEqual([{ ruleId: LADDER, code: ReasonCode.shown, tier: shows, params: expect.objectContaining({ metric: 'api_calls' }) }]);
  });

  it('ignores dismissals recorded for another rule', () => {
    const decision = evaluate(demo, context(9_700), dismissed({ p95: MAR_5 }, 'some-other-rule'), NOW);

    expect(decision.prompt?.tier).toBe('p95');
  });

  it('treats a rule state without dismissals as nothing dismissed', () => {
    const decision = evaluate(demo, context(9_700), { rules: { [LADDER]: {} } }, NOW);

    expect(decision.prompt?.tier).toBe('p95');
  });
});

describe('dismissals with an anchored billing period (periodStart 2026-01-15)', () => {
  const periodStart = '2026-01-15';
  // The 7-day cooldown after a dismissal outlives a renewal a few days later (see frequency.test.ts);
  // with it off, only the billing period decides.
  const periodOnly = config({ rules: [demoRule({ frequency: { cooldownDays: 0 } })] });

  it.each([
    // Period [2026-03-15, 2026-04-15)
    { name: 'on the 14th is last period', now: Date.UTC(2026, 2, 20), at: Date.UTC(2026, 2, 14, 23, 59), hidden: false, renews: '2026-04-15' },
    { name: 'on the 15th is this period', now: Date.UTC(2026, 2, 20), at: Date.UTC(2026, 2, 15), hidden: true, renews: '2026-04-15' },
    // Period [2026-02-15, 2026-03-15): March 5 is in it even though it is a new calendar month.
    { name: 'on March 5 seen on March 10 is this period', now: NOW, at: MAR_5, hidden: true, renews: '2026-03-15' },
    { name: 'on Feb 14 seen on March 10 is last period', now: NOW, at: Date.UTC(2026, 1, 14), hidden: false, renews: '2026-03-15' },
    // Renewal day itself: the new period starts at midnight UTC of the 15th.
    { name: 'on March 10 seen at the renewal instant is last period', now: Date.UTC(2026, 2, 15), at: NOW, hidden: false, renews: '2026-04-15' },
  ])('a p95 dismissal $name', ({ now, at, hidden, renews }) => {
    const decision = evaluate(periodOnly, context(9_700, { periodStart }), dismissed({ p95: at }), now);

    if (hidden) {
      expect(decision.prompt).toBeNull();
      expect(decision.reasons[0]).toMatchObject({ code: ReasonCode.dismissed, tier: 'p95' });
      expect(say(decision.reasons[0])).toContain(renews);
    } else {
      expect(decision.prompt?.tier).toBe('p95');
      expect(decision.reasons[0]?.code).toBe(ReasonCode.shown);
    }
  });

  it.each([
    { name: 'of mine five days before a renewal holds across it for the rest of the week', now: Date.UTC(2026, 2, 15), at: NOW, mine: true, code: ReasonCode.cooldown, until: '2026-03-17' },
    { name: 'of mine eight days before a renewal no longer holds after it', now: Date.UTC(2026, 2, 15), at: NOW - 3 * 86_400_000, mine: true, code: ReasonCode.shown, until: null },
    { name: "of a colleague's five days before a renewal holds only until it", now: Date.UTC(2026, 2, 15), at: NOW, mine: false, code: ReasonCode.shown, until: null },
  ])('with the default cooldown, a p95 dismissal $name', ({ now, at, mine, code, until }) => {
    const state = { rules: { [LADDER]: { dismissed: { p95: at }, ...(mine && { dismissedAt: at }) } } };
    const decision = evaluate(demo, context(9_700, { periodStart }), state, now);

    expect(decision.reasons[0]).toMatchObject({ code, tier: 'p95' });
    if (until) expect(say(decision.reasons[0])).toBe(`dismissed recently; cooling down until ${until}`);
    else expect(decision.prompt?.tier).toBe('p95');
  });
});
