import { describe, expect, it } from 'vitest';
import { evaluate } from '../../shared/engine/evaluate';
import { ReasonCode } from '../../shared/engine/types';
import type { ForecastState, State } from '../../shared/schemas/state';
import {
  DAY,
  MARCH_1,
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
  richCatalog,
  say,
  usageRule,
} from './fixtures';

const MAR_5 = Date.UTC(2026, 2, 5);
const FEB_20 = Date.UTC(2026, 1, 20);

describe('usage ladder: the highest tier the reading reaches speaks', () => {
  const ladder = cfg([usageRule('ladder')]);

  it.each([
    { usage: 0, tier: null, percent: 0 },
    { usage: 6_999, tier: null, percent: 69 },
    { usage: 7_000, tier: 'p70', percent: 70 },
    { usage: 8_499, tier: 'p70', percent: 84 },
    { usage: 8_500, tier: 'p85', percent: 85 },
    { usage: 9_499, tier: 'p85', percent: 94 },
    { usage: 9_500, tier: 'p95', percent: 95 },
    { usage: 25_000, tier: 'p95', percent: 250 },
  ])('percent tiers: $usage of 10,000 API calls reaches $tier', ({ usage, tier, percent }) => {
    const decision = evaluate(ladder, ctx({ usage: { api_calls: usage } }), NO_STATE, NOW);

    if (tier === null) {
      expect(decision.prompt).toBeNull();
      expect(decision.reasons).toEqual([
        { ruleId: 'ladder', code: ReasonCode.belowThreshold, params: { metric: 'api_calls', percent, usage, limit: 10_000, first: '70%' } },
      ]);
    } else {
      expect(decision.prompt).toMatchObject({ ruleId: 'ladder', tier, content: { title: `tier ${tier} at ${percent}%` }, metric: { usage, limit: 10_000, percent } });
      expect(decision.reasons).toEqual([{ ruleId: 'ladder', code: ReasonCode.shown, tier, params: { metric: 'api_calls', percent, tone: 'inform', surface: 'banner' } }]);
    }
  });

  const values = cfg([usageRule('values', {}, 'api_calls', [{ value: 1_000 }, { value: 5_000 }])]);

  it.each([
    { usage: 999, limit: 10_000, tier: null },
    { usage: 1_000, limit: 10_000, tier: 'v1000' },
    { usage: 4_999, limit: 10_000, tier: 'v1000' },
    { usage: 5_000, limit: 10_000, tier: 'v5000' },
    // Absolute tiers ignore the limit: 5,000 of a million is 0.5 % and still the 5,000 tier.
    { usage: 5_000, limit: 1_000_000, tier: 'v5000' },
    { usage: 999, limit: 1_000, tier: null },
  ])('value tiers: $usage calls (limit $limit) reach $tier', ({ usage, limit, tier }) => {
    const decision = evaluate(values, ctx({ usage: { api_calls: usage }, limits: { api_calls: limit } }), NO_STATE, NOW);

    expect(decision.prompt?.tier ?? null).toBe(tier);
    if (tier === null) expect(decision.reasons[0]).toMatchObject({ code: ReasonCode.belowThreshold, params: { first: '1000' } });
  });

  // Absolute tiers need no limit: "the 1,000,000th API call" on a plan with unlimited calls. The
  // engine reads the limit first and stops with usage.no_limit, so such a ladder never fires.
  it.each([
    { name: 'a plan without a limit for the metric', plan: 'business', catalog: () => {
      const c = richCatalog();
      delete c.plans[2]!.limits.api_calls;
      return c;
    } },
    { name: 'a plan missing from the catalog', plan: 'legacy', catalog: richCatalog },
  ])('value tiers fire on $name', ({ plan, catalog }) => {
    const config = cfg([usageRule('values', { offer: { type: 'contact_sales' } }, 'api_calls', [{ value: 1_000 }, { value: 5_000 }])], { catalog: catalog() });
    const decision = evaluate(config, ctx({ plan, usage: { api_calls: 6_000 } }), NO_STATE, NOW);

    expect(decision.reasons[0]).toMatchObject({ code: ReasonCode.shown, tier: 'v5000' });
  });

  it.each([
    { name: 'the plan limit', addons: [], seats: 5, tier: 'p95', percent: 100 },
    { name: 'the plan limit plus a 5-seat pack', addons: ['seat_pack'], seats: 5, tier: null, percent: 50 },
    { name: 'the plan limit plus a 5-seat pack, nearly full', addons: ['seat_pack'], seats: 9, tier: 'p85', percent: 90 },
  ])('reads seats against $name', ({ addons, seats, tier, percent }) => {
    const decision = evaluate(cfg([usageRule('seats', {}, 'seats')]), ctx({ usage: { seats }, addons }), NO_STATE, NOW);

    if (tier === null) expect(decision.reasons[0]).toMatchObject({ code: ReasonCode.belowThreshold, params: { percent } });
    else expect(decision.prompt).toMatchObject({ tier, metric: { percent } });
  });
});

describe('usage ladder: hysteresis holds a tier that already showed this period', () => {
  const reached = (tiers: Record<string, number>): State => ({ rules: { ladder: { reached: tiers } } });

  it.each([
    { name: 'p85 shown this period holds at 81%', usage: 8_100, state: reached({ p85: MAR_5 }), tier: 'p85' },
    { name: 'p85 shown this period holds at exactly 85% x 0.95 = 80.75%', usage: 8_075, state: reached({ p85: MAR_5 }), tier: 'p85' },
    { name: 'p85 shown this period lets go below 80.75%', usage: 8_074, state: reached({ p85: MAR_5 }), tier: 'p70' },
    { name: 'p85 shown at the very start of the period holds', usage: 8_100, state: reached({ p85: MARCH_1 }), tier: 'p85' },
    { name: 'p85 shown last period does not hold', usage: 8_100, state: reached({ p85: MARCH_1 - 1 }), tier: 'p70' },
    { name: 'nothing shown: 84% is p70', usage: 8_400, state: NO_STATE, tier: 'p70' },
    { name: 'p70 shown this period holds at 66.5%', usage: 6_650, state: reached({ p70: MAR_5 }), tier: 'p70' },
    { name: 'p70 shown this period lets go at 66.4%', usage: 6_640, state: reached({ p70: MAR_5 }), tier: null },
    { name: 'a tier shown to another rule does not hold this one', usage: 8_100, state: { rules: { other: { reached: { p85: MAR_5 } } } }, tier: 'p70' },
  ])('default 5%: $name', ({ usage, state, tier }) => {
    const decision = evaluate(cfg([usageRule('ladder')]), ctx({ usage: { api_calls: usage } }), state, NOW);

    expect(decision.prompt?.tier ?? null).toBe(tier);
    if (tier === null) expect(decision.reasons[0]?.code).toBe(ReasonCode.belowThreshold);
  });

  it.each([
    { hysteresis: 10, usage: 7_650, tier: 'p85' }, // 85 x 0.9 = 76.5
    { hysteresis: 10, usage: 7_640, tier: 'p70' },
    { hysteresis: 0, usage: 8_499, tier: 'p70' },
    { hysteresis: 0, usage: 8_500, tier: 'p85' },
    { hysteresis: 50, usage: 4_250, tier: 'p85' },
  ])('custom hysteresis $hysteresis%: p85 shown this period, $usage calls -> $tier', ({ hysteresis, usage, tier }) => {
    const rule = usageRule('ladder', {}, 'api_calls', [70, 85, 95], hysteresis);
    const decision = evaluate(cfg([rule]), ctx({ usage: { api_calls: usage } }), { rules: { ladder: { reached: { p85: MAR_5 } } } }, NOW);

    expect(decision.prompt?.tier).toBe(tier);
  });

  it.each([
    { usage: 4_750, tier: 'v5000' }, // 5,000 x 0.95
    { usage: 4_749, tier: 'v1000' },
  ])('value tiers: v5000 shown this period, $usage calls -> $tier', ({ usage, tier }) => {
    const rule = usageRule('ladder', {}, 'api_calls', [{ value: 1_000 }, { value: 5_000 }]);
    const decision = evaluate(cfg([rule]), ctx({ usage: { api_calls: usage } }), { rules: { ladder: { reached: { v5000: MAR_5 } } } }, NOW);

    expect(decision.prompt?.tier).toBe(tier);
  });

  it.each([
    // periodStart 2026-01-15: NOW (March 10) is in [Feb 15, Mar 15).
    { name: 'shown Feb 20 is this anchored period', shownAt: FEB_20, periodStart: '2026-01-15', tier: 'p85' },
    { name: 'shown Feb 14 is the anchored period before', shownAt: Date.UTC(2026, 1, 14), periodStart: '2026-01-15', tier: 'p70' },
    { name: 'shown Feb 20 is last calendar month without an anchor', shownAt: FEB_20, periodStart: undefined, tier: 'p70' },
  ])('$name', ({ shownAt, periodStart, tier }) => {
    const context = ctx({ usage: { api_calls: 8_100 }, ...(periodStart && { periodStart }) });
    const decision = evaluate(cfg([usageRule('ladder')]), context, { rules: { ladder: { reached: { p85: shownAt } } } }, NOW);

    expect(decision.prompt?.tier).toBe(tier);
  });
});

describe('usage ladder: a dismissed tier holds it and the tiers below until the period renews', () => {
  // Cooldown off, so only the period decides (the cooldown has its own tests in frequency.test.ts).
  const ladder = cfg([usageRule('ladder', { frequency: { cooldownDays: 0 } })]);
  const dismissedAt = (tiers: Record<string, number>): State => ({ rules: { ladder: { dismissed: tiers } } });

  it.each([
    { name: 'p85 dismissed this period holds p85', usage: 9_000, state: dismissedAt({ p85: MAR_5 }), code: ReasonCode.dismissed, tier: 'p85' },
    { name: 'p85 dismissed this period holds p70', usage: 7_500, state: dismissedAt({ p85: MAR_5 }), code: ReasonCode.dismissed, tier: 'p70' },
    { name: 'p85 dismissed this period: p95 still shows', usage: 9_600, state: dismissedAt({ p85: MAR_5 }), code: ReasonCode.shown, tier: 'p95' },
    { name: 'p85 dismissed last period shows again', usage: 9_000, state: dismissedAt({ p85: FEB_20 }), code: ReasonCode.shown, tier: 'p85' },
  ])('calendar month: $name', ({ usage, state, code, tier }) => {
    const decision = evaluate(ladder, ctx({ usage: { api_calls: usage } }), state, NOW);

    expect(decision.reasons[0]).toMatchObject({ code, tier });
    if (code === ReasonCode.dismissed) expect(say(decision.reasons[0])).toContain('renews on 2026-04-01');
  });

  it.each([
    { name: 'dismissed Feb 20 holds in the period [Feb 15, Mar 15)', at: FEB_20, code: ReasonCode.dismissed },
    { name: 'dismissed Feb 14 was the period before', at: Date.UTC(2026, 1, 14), code: ReasonCode.shown },
  ])('anchored on periodStart 2026-01-15: $name', ({ at, code }) => {
    const decision = evaluate(ladder, ctx({ usage: { api_calls: 9_000 }, periodStart: '2026-01-15' }), dismissedAt({ p85: at }), NOW);

    expect(decision.reasons[0]).toMatchObject({ code, tier: 'p85' });
    if (code === ReasonCode.dismissed) expect(decision.reasons[0]?.params).toMatchObject({ dismissedTier: 'p85', renews: Date.UTC(2026, 2, 15) });
  });
});

describe('feature gate: the person just tried a locked feature', () => {
  const gate = cfg([featureRule('gate', 'scheduled_reports', { surface: 'modal' })]);
  const attempts = (...times: number[]): State => ({ rules: {}, counts: { [gateKey('scheduled_reports')]: times } });

  it.each([
    { name: 'a locked feature tried a minute ago', plan: 'starter', state: attempts(NOW - MINUTE), code: ReasonCode.shown, params: { tone: 'recommend', surface: 'modal' } },
    { name: 'a locked feature tried exactly 30 minutes ago', plan: 'starter', state: attempts(NOW - 30 * MINUTE), code: ReasonCode.shown, params: { tone: 'recommend', surface: 'modal' } },
    { name: 'the latest of several attempts counts, in any order', plan: 'starter', state: attempts(NOW - 90 * MINUTE, NOW - 2 * MINUTE, NOW - 40 * MINUTE), code: ReasonCode.shown, params: { tone: 'recommend', surface: 'modal' } },
    { name: 'a feature the plan includes', plan: 'pro', state: attempts(NOW - MINUTE), code: ReasonCode.notLocked, params: { feature: 'scheduled_reports' } },
    { name: 'no attempt at all', plan: 'starter', state: NO_STATE, code: ReasonCode.noAttempt, params: { feature: 'scheduled_reports', minutes: 30, last: null } },
    { name: 'an attempt 31 minutes ago', plan: 'starter', state: attempts(NOW - 31 * MINUTE), code: ReasonCode.noAttempt, params: { feature: 'scheduled_reports', minutes: 30, last: NOW - 31 * MINUTE } },
    { name: 'attempts at another feature', plan: 'starter', state: { rules: {}, counts: { [gateKey('sso')]: [NOW] } }, code: ReasonCode.noAttempt, params: { feature: 'scheduled_reports', minutes: 30, last: null } },
  ])('$name -> $code', ({ plan, state, code, params }) => {
    const decision = evaluate(gate, ctx({ plan }), state, NOW);

    expect(decision.reasons).toEqual([{ ruleId: 'gate', code, params }]);
    if (code === ReasonCode.shown) {
      expect(decision.prompt).toMatchObject({ ruleId: 'gate', surface: 'modal', feature: { id: 'scheduled_reports', name: 'Scheduled reports' } });
    } else {
      expect(decision.prompt).toBeNull();
    }
  });

  it.each([
    { name: 'an owned add-on includes it', addons: ['audit'], code: ReasonCode.notLocked },
    { name: 'neither plan nor add-ons include it', addons: [], code: ReasonCode.shown },
  ])('audit_log (an add-on feature): $name', ({ addons, code }) => {
    const rule = featureRule('audit-gate', 'audit_log', { offer: { type: 'addon', addon: 'audit' }, guards: { owned: false } });
    const state: State = { rules: {}, counts: { [gateKey('audit_log')]: [NOW - MINUTE] } };

    expect(evaluate(cfg([rule]), ctx({ addons }), state, NOW).reasons[0]?.code).toBe(code);
  });

  it('treats a feature missing from the catalog as not locked', () => {
    const decision = evaluate(cfg([featureRule('gate', 'teleport')]), ctx(), { rules: {}, counts: { [gateKey('teleport')]: [NOW] } }, NOW);

    expect(decision.reasons[0]).toMatchObject({ code: ReasonCode.notLocked, params: { feature: 'teleport' } });
  });

  it.each([
    { within: 60, ago: 45, code: ReasonCode.shown },
    { within: 60, ago: 60, code: ReasonCode.shown },
    { within: 60, ago: 61, code: ReasonCode.noAttempt },
    { within: 1, ago: 2, code: ReasonCode.noAttempt },
  ])('withinMinutes $within: an attempt $ago minutes ago -> $code', ({ within, ago, code }) => {
    const rule = featureRule('gate', 'scheduled_reports', {}, within);

    expect(evaluate(cfg([rule]), ctx(), attempts(NOW - ago * MINUTE), NOW).reasons[0]?.code).toBe(code);
  });

  it.each([
    { name: 'dismissed after the latest attempt', attempt: NOW - 10 * MINUTE, dismissedAt: NOW - 5 * MINUTE, code: ReasonCode.attemptDismissed },
    { name: 'dismissed at the instant of the attempt', attempt: NOW - 10 * MINUTE, dismissedAt: NOW - 10 * MINUTE, code: ReasonCode.attemptDismissed },
    { name: 'tried again after the dismissal: it opens again', attempt: NOW - 2 * MINUTE, dismissedAt: NOW - 5 * MINUTE, code: ReasonCode.shown },
  ])('$name -> $code', ({ attempt, dismissedAt, code }) => {
    const state: State = { rules: { gate: { dismissedAt } }, counts: { [gateKey('scheduled_reports')]: [attempt] } };
    const decision = evaluate(gate, ctx(), state, NOW);

    expect(decision.reasons[0]?.code).toBe(code);
    if (code === ReasonCode.attemptDismissed) expect(decision.reasons[0]?.params).toEqual({ feature: 'scheduled_reports', at: dismissedAt });
  });

  // The person asked, so the playbook's "no prompts in the first 90 days", the cooldown after a
  // dismissal, the impression cap and the global budget do not hold the explanation back.
  it.each([
    { name: 'a 12-day-old account', context: { ageDays: 12 }, extra: {} },
    { name: 'a dismissal two days ago (cooldown) before the new attempt', context: {}, extra: { dismissedAt: NOW - 2 * DAY } },
    { name: 'a cap of 1 a day already reached', context: {}, extra: { impressions: [NOW - 5 * MINUTE] }, patch: { frequency: { cap: { count: 1, per: 'day' as const } } } },
    { name: 'a spent daily budget', context: {}, extra: {}, spent: true },
  ])('user-initiated: shows despite $name', ({ context, extra, patch, spent }) => {
    const rules = [featureRule('gate', 'scheduled_reports', patch ?? {}), usageRule('other', { priority: 1 })];
    const state: State = {
      rules: { gate: extra, ...(spent && { other: { impressions: [NOW - 60 * MINUTE] } }) },
      counts: { [gateKey('scheduled_reports')]: [NOW - MINUTE] },
    };
    const decision = evaluate(cfg(rules), ctx(context), state, NOW);

    expect(reasonFor(decision, 'gate').code).toBe(ReasonCode.shown);
    expect(decision.prompt?.ruleId).toBe('gate');
  });

  it.each([
    { name: 'an unhappy account (health 20)', context: { health: 20 }, state: {}, code: ReasonCode.unhealthy },
    { name: 'open support tickets', context: { openTickets: 2 }, state: {}, code: ReasonCode.openTickets },
    { name: 'a snooze an hour ago', context: {}, state: { snoozedAt: NOW - 60 * MINUTE }, code: ReasonCode.snoozed },
  ])('user-initiated still respects $name', ({ context, state, code }) => {
    const decision = evaluate(gate, ctx(context), { rules: { gate: state }, counts: { [gateKey('scheduled_reports')]: [NOW - MINUTE] } }, NOW);

    expect(decision.reasons[0]?.code).toBe(code);
  });

  it('holds a non-gate rule back for the same 12-day-old account', () => {
    const decision = evaluate(cfg([usageRule('ladder')]), ctx({ ageDays: 12, usage: { api_calls: 9_900 } }), NO_STATE, NOW);

    expect(decision.reasons[0]).toMatchObject({ code: ReasonCode.tooNew, params: { days: 12, min: 90 } });
  });
});

describe('event count: a tracked event reached a count within a window', () => {
  const exports = cfg([eventRule('exports', 'report_exported', 5, 7, { content: { title: '{{count}} exports this week', body: 'Automate it.', cta: 'Try' } })]);
  const times = (...ages: number[]): State => ({ rules: {}, counts: { report_exported: ages.map((a) => NOW - a) } });

  it.each([
    { name: 'five in the last week', state: times(DAY, 2 * DAY, 3 * DAY, 4 * DAY, 5 * DAY), count: 5, shown: true },
    { name: 'six, one of them a minute ago', state: times(MINUTE, DAY, 2 * DAY, 3 * DAY, 4 * DAY, 5 * DAY), count: 6, shown: true },
    { name: 'the fifth exactly 7 days ago', state: times(0, DAY, 2 * DAY, 3 * DAY, 7 * DAY), count: 5, shown: true },
    { name: 'the fifth 7 days and a millisecond ago', state: times(0, DAY, 2 * DAY, 3 * DAY, 7 * DAY + 1), count: 4, shown: false },
    { name: 'four in the window, more long ago', state: times(DAY, 2 * DAY, 3 * DAY, 4 * DAY, 30 * DAY, 60 * DAY), count: 4, shown: false },
    { name: 'times in the future do not count', state: times(-DAY, -2 * DAY, DAY, 2 * DAY, 3 * DAY), count: 3, shown: false },
    { name: 'no events at all', state: NO_STATE, count: 0, shown: false },
    { name: 'another event', state: { rules: {}, counts: { report_viewed: [NOW, NOW, NOW, NOW, NOW] } }, count: 0, shown: false },
  ])('$name: counts $count', ({ state, count, shown }) => {
    const decision = evaluate(exports, ctx(), state, NOW);

    if (shown) {
      expect(decision.reasons[0]?.code).toBe(ReasonCode.shown);
      expect(decision.prompt?.content.title).toBe(`${count} exports this week`);
    } else {
      expect(decision.prompt).toBeNull();
      expect(decision.reasons).toEqual([{ ruleId: 'exports', code: ReasonCode.belowCount, params: { event: 'report_exported', count, needed: 5, days: 7 } }]);
    }
  });
});

describe('milestone: a value reached, celebrated once', () => {
  it.each([
    { name: '10 seats reach 10', attr: 'usage.seats', at: 10, o: { usage: { seats: 10 } }, state: {}, code: ReasonCode.shown, params: { value: 10 } },
    { name: '12 seats reach 10', attr: 'usage.seats', at: 10, o: { usage: { seats: 12 } }, state: {}, code: ReasonCode.shown, params: { value: 12 } },
    { name: '9 seats do not', attr: 'usage.seats', at: 10, o: { usage: { seats: 9 } }, state: {}, code: ReasonCode.milestoneNotReached, params: { attr: 'usage.seats', value: 9, at: 10 } },
    { name: 'no seat reading', attr: 'usage.seats', at: 10, o: {}, state: {}, code: ReasonCode.milestoneNotReached, params: { attr: 'usage.seats', value: null, at: 10 } },
    { name: 'a text trait is not a number', attr: 'account.traits.stage', at: 1, o: { traits: { stage: 'growth' } }, state: {}, code: ReasonCode.milestoneNotReached, params: { attr: 'account.traits.stage', value: null, at: 1 } },
    { name: 'a numeric trait', attr: 'account.traits.projects_created', at: 25, o: { traits: { projects_created: 25 } }, state: {}, code: ReasonCode.shown, params: { value: 25 } },
    { name: 'account age 120 days reaches 90', attr: 'account.ageDays', at: 90, o: { ageDays: 120 }, state: {}, code: ReasonCode.shown, params: { value: 120 } },
    { name: 'done after a click', attr: 'usage.seats', at: 10, o: { usage: { seats: 12 } }, state: { clickedAt: NOW - 40 * DAY }, code: ReasonCode.milestoneDone, params: { at: NOW - 40 * DAY } },
    { name: 'done after a dismissal', attr: 'usage.seats', at: 10, o: { usage: { seats: 12 } }, state: { dismissedAt: NOW - 40 * DAY }, code: ReasonCode.milestoneDone, params: { at: NOW - 40 * DAY } },
  ])('$name -> $code', ({ attr, at, o, state, code, params }) => {
    const rule = milestoneRule('milestone', attr, at, { content: { title: 'You reached {{value}}', body: 'Well done.', cta: 'See what is next' } });
    const decision = evaluate(cfg([rule]), ctx(o), { rules: { milestone: state } }, NOW);

    expect(decision.reasons[0]?.code).toBe(code);
    if (code === ReasonCode.shown) expect(decision.prompt?.content.title).toBe(`You reached ${params.value}`);
    else expect(decision.reasons[0]?.params).toEqual(params);
  });

  it('an account younger than the milestone is not there yet (with the age guard off)', () => {
    const rule = milestoneRule('milestone', 'account.ageDays', 90, { guards: { accountAgeDays: 0 } });
    const decision = evaluate(cfg([rule]), ctx({ ageDays: 89 }), NO_STATE, NOW);

    expect(decision.reasons[0]).toMatchObject({ code: ReasonCode.milestoneNotReached, params: { value: 89, at: 90 } });
  });
});

describe('forecast: the limit is near on a confident projection', () => {
  const projection = (days: number, confident = true): ForecastState => ({ perDay: 200, days, low: days - 2, high: days + 3, confident, weeks: Math.max(1, Math.round(days / 7)) });

  it.each([
    { name: 'confident, 21 days out', forecast: { api_calls: projection(21) }, code: ReasonCode.shown, params: { metric: 'api_calls', percent: 50, tone: 'recommend', surface: 'banner' } },
    { name: 'confident, exactly 30 days out', forecast: { api_calls: projection(30) }, code: ReasonCode.shown, params: { metric: 'api_calls', percent: 50, tone: 'recommend', surface: 'banner' } },
    { name: 'confident, 31 days out', forecast: { api_calls: projection(31) }, code: ReasonCode.forecastFar, params: { metric: 'api_calls', days: 31, within: 30 } },
    { name: 'not confident, 10 days out', forecast: { api_calls: projection(10, false) }, code: ReasonCode.noForecast, params: { metric: 'api_calls', reason: 'uncertain' } },
    { name: 'no forecast', forecast: undefined, code: ReasonCode.noForecast, params: { metric: 'api_calls', reason: 'none' } },
    { name: 'a forecast for another metric only', forecast: { seats: projection(3) }, code: ReasonCode.noForecast, params: { metric: 'api_calls', reason: 'none' } },
  ])('$name -> $code', ({ forecast, code, params }) => {
    const rule = forecastRule('fc', 'api_calls', 30, { content: { title: 'Limit in {{days}} days', body: 'About {{forecast.weeks}} weeks.', cta: 'Upgrade' } });
    const state: State = { rules: {}, ...(forecast && { forecast }) };
    const decision = evaluate(cfg([rule]), ctx({ usage: { api_calls: 5_000 } }), state, NOW);

    expect(decision.reasons).toEqual([{ ruleId: 'fc', code, params }]);
    if (code === ReasonCode.shown) {
      const days = forecast?.api_calls?.days;
      expect(decision.prompt?.content).toMatchObject({ title: `Limit in ${days} days`, body: `About ${Math.round((days ?? 0) / 7)} weeks.` });
      expect(decision.prompt?.metric).toEqual({ id: 'api_calls', name: 'API calls', usage: 5_000, limit: 10_000, percent: 50 });
    }
  });

  it('fires without a usage reading, and then names no metric', () => {
    const decision = evaluate(cfg([forecastRule('fc')]), ctx(), { rules: {}, forecast: { api_calls: projection(7) } }, NOW);

    expect(decision.reasons[0]).toEqual({ ruleId: 'fc', code: ReasonCode.shown, params: { tone: 'recommend', surface: 'banner' } });
    expect(decision.prompt).not.toHaveProperty('metric');
  });
});
