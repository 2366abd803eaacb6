import { describe, expect, it } from 'vitest';
import { evaluate } from '../../shared/engine/evaluate';
import { explain } from '../../shared/engine/explain';
import { ReasonCode, type Reason } from '../../shared/engine/types';
import type { Rule } from '../../shared/schemas/rule';
import {
  LADDER,
  NOW,
  NO_STATE,
  config,
  context,
  deepFreeze,
  demoCatalog,
  demoRule,
  demoRuleWithAllPlaceholders,
  dismissed,
  ladderOf,
  ladderRule,
} from './fixtures';

const say = (r: Reason | undefined): string => (r ? explain(r) : '');

const demo = config();

describe('evaluate: the demo usage ladder on a Starter account (limit 10,000)', () => {
  it.each([
    { usage: 0, percent: 0 },
    { usage: 6_900, percent: 69 },
    { usage: 6_999, percent: 69 }, // 69.99 %: floored for display, and still below 70 %
  ])('shows nothing at $usage calls and says usage is at $percent%', ({ usage, percent }) => {
    const decision = evaluate(demo, context(usage), NO_STATE, NOW);

    expect(decision.prompt).toBeNull();
    expect(decision.reasons).toHaveLength(1);
    const [reason] = decision.reasons;
    expect(reason).toMatchObject({ ruleId: LADDER, code: ReasonCode.belowThreshold });
    expect(reason?.params).toMatchObject({ metric: 'api_calls', percent, usage, limit: 10_000, first: '70%' });
    expect(say(reason)).toContain(`${percent}%`);
    expect(say(reason)).toContain('70%'); // where the first tier starts
    expect(reason).not.toHaveProperty('tier');
  });

  it.each([
    { usage: 7_000, tier: 'p70', tone: 'inform', percent: 70 },
    { usage: 7_200, tier: 'p70', tone: 'inform', percent: 72 },
    { usage: 8_499, tier: 'p70', tone: 'inform', percent: 84 },
    { usage: 8_500, tier: 'p85', tone: 'recommend', percent: 85 },
    { usage: 9_000, tier: 'p85', tone: 'recommend', percent: 90 },
    { usage: 9_500, tier: 'p95', tone: 'urgent', percent: 95 },
    { usage: 9_700, tier: 'p95', tone: 'urgent', percent: 97 },
    { usage: 12_000, tier: 'p95', tone: 'urgent', percent: 120 },
  ])('at $usage calls shows tier $tier ($tone) at $percent%', ({ usage, tier, tone, percent }) => {
    const decision = evaluate(demo, context(usage), NO_STATE, NOW);

    expect(decision.prompt).toMatchObject({
      ruleId: LADDER,
      tier,
      tone,
      surface: 'banner',
      configVersion: 1,
      offer: { type: 'upgrade', plan: { id: 'pro', name: 'Pro' } },
      metric: { id: 'api_calls', name: 'API calls', usage, limit: 10_000, percent },
    });
    expect(decision.reasons).toEqual([{ ruleId: LADDER, code: ReasonCode.shown, tier, params: { metric: 'api_calls', percent, tone, surface: 'banner' } }]);
    expect(say(decision.reasons[0])).toBe(`api_calls is at ${percent}% of its limit; tier "${tier}" (${tone}) shows as a banner`);
    expect(decision.placed).toEqual([]);
  });

  it.each([
    { usage: 7_200, tier: 'p70' },
    { usage: 9_000, tier: 'p85' },
    { usage: 9_700, tier: 'p95' },
  ])('fills every placeholder of the demo copy for $tier', ({ usage, tier }) => {
    const prompt = evaluate(demo, context(usage), NO_STATE, NOW).prompt;

    expect(prompt?.tier).toBe(tier);
    for (const text of Object.values(prompt?.content ?? {})) {
      expect(text).not.toContain('{{');
      expect(text).not.toContain('}}');
    }
    expect(Object.values(prompt?.content ?? {}).join(' ')).toContain('Pro');
  });

  it.each([
    { locale: 'en', usage: 7_200, shown: '7,200', limit: '10,000' },
    { locale: 'de', usage: 7_200, shown: '7.200', limit: '10.000' },
    { locale: undefined, usage: 7_200, shown: '7,200', limit: '10,000' }, // no locale: English
    { locale: 'en-x', usage: 7_200, shown: '7,200', limit: '10,000' }, // passes the schema, rejected by Intl: English
  ])('formats the demo p70 body for locale $locale with $shown', ({ locale, usage, shown, limit }) => {
    const prompt = evaluate(demo, context(usage, locale === undefined ? {} : { locale }), NO_STATE, NOW).prompt;

    expect(prompt?.content.body).toContain(shown);
    expect(prompt?.content.body).toContain(limit);
    expect(prompt?.content.body).toContain('Pro');
  });

  it.each([
    { locale: 'en', usage: 7_200, title: '72% of your API calls', body: '7,200 of 10,000 used, 2,800 left on Starter (starter to pro)' },
    // German writes a (no-break) space before the sign: the `%` the copy writes after {{percent}} is not doubled.
    { locale: 'de', usage: 7_200, title: '72\u00a0% of your API calls', body: '7.200 of 10.000 used, 2.800 left on Starter (starter to pro)' },
    { locale: 'en', usage: 9_999, title: '99% of your API calls', body: '9,999 of 10,000 used, 1 left on Starter (starter to pro)' },
    // Over the limit: nothing is left, never a negative number.
    { locale: 'en', usage: 12_000, title: '120% of your API calls', body: '12,000 of 10,000 used, 0 left on Starter (starter to pro)' },
    { locale: 'de', usage: 7_250.5, title: '72\u00a0% of your API calls', body: '7.250,5 of 10.000 used, 2.749,5 left on Starter (starter to pro)' },
  ])('renders {{percent}}, {{usage}}, {{limit}}, {{remaining}} for $locale at $usage', ({ locale, usage, title, body }) => {
    const cfg = config({ rules: [demoRuleWithAllPlaceholders()] });
    const prompt = evaluate(cfg, context(usage, { locale }), NO_STATE, NOW).prompt;

    expect(prompt?.content).toEqual({ title, body, cta: 'Get Pro' });
  });

  it.each([
    { usage: 7_200, tier: 'p70' },
    { usage: 9_000, tier: 'p85' },
    { usage: 9_700, tier: 'p95' },
  ])('links the $tier offer to the plan checkout with attribution parameters', ({ usage, tier }) => {
    const href = evaluate(demo, context(usage), NO_STATE, NOW).prompt?.offer.href;

    expect(href).toBeDefined();
    const url = new URL(href ?? '', 'https://host.test');
    expect(url.origin).toBe('https://host.test'); // still a path on the host app
    expect(url.pathname).toBe('/demo/billing');
    expect(Object.fromEntries(url.searchParams)).toEqual({ plan: 'pro', upshift_rule: LADDER, upshift_tier: tier });
  });

  it('offers no link when the plan has no checkout URL', () => {
    const catalog = demoCatalog();
    catalog.plans = catalog.plans.map(({ checkoutUrl: _omit, ...plan }) => plan);
    const prompt = evaluate(config({ catalog }), context(9_700), NO_STATE, NOW).prompt;

    expect(prompt?.offer).toEqual({ type: 'upgrade', id: 'pro', name: 'Pro', plan: { id: 'pro', name: 'Pro' } });
  });

  it.each([
    ['en', '1,234% used'],
    ['de', '1.234\u00a0% used'],
    ['fr', '1\u202f234\u00a0% used'],
  ])('formats {{percent}} as a percentage for the locale %s (%s)', (locale, shown) => {
    const rule = demoRule();
    const ladder = ladderOf(rule);
    ladder.tiers = ladder.tiers.map((t) => ({ ...t, content: { ...t.content, title: '{{percent}}% used' } }));
    const prompt = evaluate(config({ rules: [rule] }), context(123_400, { locale }), NO_STATE, NOW).prompt;

    expect(prompt?.content.title).toBe(shown);
    expect(prompt?.metric?.percent).toBe(1234);
  });

  it('reports the published config version on the prompt', () => {
    const prompt = evaluate(config({}, 42), context(9_700), NO_STATE, NOW).prompt;

    expect(prompt?.configVersion).toBe(42);
  });
});

describe('evaluate: reading the metric and its limit', () => {
  const explicitPro = demoRule({ offer: { type: 'upgrade', plan: 'pro' } });

  it.each([
    { name: 'a contract limit below the plan limit raises the tier', usage: 7_200, limits: { api_calls: 8_000 }, limit: 8_000, tier: 'p85', percent: 90 },
    { name: 'a contract limit above the plan limit', usage: 9_700, limits: { api_calls: 20_000 }, limit: 20_000, tier: null, percent: 48 },
    { name: 'a contract limit for another metric leaves the plan limit', usage: 9_700, limits: { seats: 1 }, limit: 10_000, tier: 'p95', percent: 97 },
  ])('$name', ({ usage, limits, limit, tier, percent }) => {
    const decision = evaluate(demo, context(usage, { limits }), NO_STATE, NOW);

    if (tier === null) {
      expect(decision.prompt).toBeNull();
      expect(decision.reasons[0]).toMatchObject({ code: ReasonCode.belowThreshold });
      expect(say(decision.reasons[0])).toContain(`${percent}%`);
      expect(say(decision.reasons[0])).toContain(String(limit));
    } else {
      expect(decision.prompt).toMatchObject({ tier, metric: { usage, limit, percent } });
    }
  });

  it('uses the context limit for an account whose plan is not in the catalog', () => {
    const cfg = config({ rules: [explicitPro] });
    const prompt = evaluate(cfg, context(9_000, { plan: 'legacy', limits: { api_calls: 10_000 } }), NO_STATE, NOW).prompt;

    expect(prompt).toMatchObject({ tier: 'p85', metric: { limit: 10_000, percent: 90 }, offer: { plan: { id: 'pro' } } });
  });

  it.each([
    { name: 'the plan is unknown and the context gives no limit', usage: 9_000, options: { plan: 'legacy' }, code: ReasonCode.noLimit, mentions: ['legacy', 'api_calls'] },
    { name: 'the context limit is 0', usage: 9_000, options: { limits: { api_calls: 0 } }, code: ReasonCode.noLimit, mentions: ['api_calls'] },
    { name: 'there is no usage reading at all', usage: undefined, options: {}, code: ReasonCode.noReading, mentions: ['api_calls'] },
    { name: 'only another metric has a reading', usage: undefined, options: { usage: { seats: 4 } }, code: ReasonCode.noReading, mentions: ['api_calls'] },
  ])('says why nothing shows when $name', ({ usage, options, code, mentions }) => {
    const decision = evaluate(config({ rules: [explicitPro] }), context(usage, options), NO_STATE, NOW);

    expect(decision.prompt).toBeNull();
    expect(decision.reasons).toEqual([{ ruleId: LADDER, code, params: expect.any(Object) }]);
    for (const word of mentions) expect(say(decision.reasons[0])).toContain(word);
  });

  it('says the plan has no limit when the catalog plan does not limit the metric', () => {
    const catalog = demoCatalog();
    catalog.plans.push({ id: 'free', name: 'Free', limits: {}, features: [] });
    const decision = evaluate(config({ catalog, rules: [explicitPro] }), context(9_000, { plan: 'free' }), NO_STATE, NOW);

    expect(decision.prompt).toBeNull();
    expect(decision.reasons[0]).toMatchObject({ code: ReasonCode.noLimit, params: { metric: 'api_calls', plan: 'free', known: true } });
    expect(say(decision.reasons[0])).toBe('plan "free" has no limit for "api_calls"');
  });

  const valueLadder = ladderRule('calls-5k-9k', 'api_calls', [
    { id: 'v5k', at: { value: 5_000 } },
    { id: 'v9k', at: { value: 9_000 } },
  ]);

  it.each([
    { usage: 0, tier: null },
    { usage: 4_999, tier: null },
    { usage: 5_000, tier: 'v5k' },
    { usage: 8_999, tier: 'v5k' },
    { usage: 9_000, tier: 'v9k' },
    { usage: 50_000, tier: 'v9k' },
  ])('absolute thresholds: $usage calls reach tier $tier whatever the limit', ({ usage, tier }) => {
    // A limit of a million puts every reading far below any percentage tier.
    const decision = evaluate(config({ rules: [valueLadder] }), context(usage, { limits: { api_calls: 1_000_000 } }), NO_STATE, NOW);

    if (tier === null) {
      expect(decision.prompt).toBeNull();
      expect(decision.reasons[0]).toMatchObject({ code: ReasonCode.belowThreshold, params: { first: '5000' } });
      expect(say(decision.reasons[0])).toContain('5000');
    } else {
      expect(decision.prompt).toMatchObject({ tier, metric: { usage, limit: 1_000_000 } });
    }
  });

  // Thresholds that are not binary fractions: 57 / 100 * 100 is 56.99999999999999 in floating point.
  it.each([
    { percentAt: 57, usage: 57, limit: 100 },
    { percentAt: 57, usage: 5_700, limit: 10_000 },
    { percentAt: 29, usage: 290, limit: 1_000 },
    { percentAt: 29, usage: 870, limit: 3_000 },
  ])('a reading of exactly $percentAt% ($usage of $limit) reaches a $percentAt% tier', ({ percentAt, usage, limit }) => {
    const rule = ladderRule('exact', 'api_calls', [{ id: 'at', at: { percent: percentAt } }]);
    const decision = evaluate(config({ rules: [rule] }), context(usage, { limits: { api_calls: limit } }), NO_STATE, NOW);

    expect(decision.reasons[0]?.code).toBe(ReasonCode.shown);
    expect(decision.prompt).toMatchObject({ tier: 'at', metric: { percent: percentAt } });
    expect(decision.prompt?.content.title).toContain(`${percentAt}%`);
  });
});

describe('evaluate: offers', () => {
  it.each([
    { name: 'next step from the top plan', offer: 'next', plan: 'pro', code: ReasonCode.noNextStep, mentions: 'pro' },
    { name: 'a plan missing from the catalog', offer: 'enterprise', plan: 'starter', code: ReasonCode.unknownOfferPlan, mentions: 'enterprise' },
    { name: 'the plan the account is already on', offer: 'starter', plan: 'starter', code: ReasonCode.alreadyOnPlan, mentions: 'starter' },
    { name: 'the top plan to an account already on it', offer: 'pro', plan: 'pro', code: ReasonCode.alreadyOnPlan, mentions: 'pro' },
  ])('refuses to offer $name', ({ offer, plan, code, mentions }) => {
    const cfg = config({ rules: [demoRule({ offer: { type: 'upgrade', plan: offer } })] });
    // Far over every limit, so only the offer can stop the prompt.
    const decision = evaluate(cfg, context(999_999, { plan }), NO_STATE, NOW);

    expect(decision.prompt).toBeNull();
    expect(decision.reasons).toEqual([{ ruleId: LADDER, code, params: expect.any(Object) }]);
    expect(say(decision.reasons[0])).toContain(mentions);
  });

  it.each([
    { offer: 'next', plan: 'starter', offered: 'pro' },
    { offer: 'pro', plan: 'starter', offered: 'pro' },
  ])('offers $offered for offer "$offer" on $plan', ({ offer, plan, offered }) => {
    const cfg = config({ rules: [demoRule({ offer: { type: 'upgrade', plan: offer } })] });
    const decision = evaluate(cfg, context(999_999, { plan }), NO_STATE, NOW);

    expect(decision.prompt?.offer.plan?.id).toBe(offered);
    expect(decision.reasons[0]?.code).toBe(ReasonCode.shown);
  });
});

describe('evaluate: rule status', () => {
  it.each([
    { status: 'draft', shows: false },
    { status: 'paused', shows: false },
    { status: 'archived', shows: false },
    { status: 'live', shows: true },
  ] as const)('a $status rule shows: $shows', ({ status, shows }) => {
    const decision = evaluate(config({ rules: [demoRule({ status })] }), context(9_700), NO_STATE, NOW);

    if (shows) {
      expect(decision.prompt?.ruleId).toBe(LADDER);
      expect(decision.reasons[0]?.code).toBe(ReasonCode.shown);
    } else {
      expect(decision.prompt).toBeNull();
      expect(decision.reasons).toEqual([{ ruleId: LADDER, code: ReasonCode.inactive, params: { status } }]);
      expect(say(decision.reasons[0])).toBe(`the rule is ${status}; only live rules show`);
    }
  });

  it('reports an empty config as nothing to show', () => {
    const decision = evaluate(config({ rules: [] }), context(9_700), NO_STATE, NOW);

    expect(decision).toEqual({ prompt: null, placed: [], reasons: [] });
  });
});

describe('evaluate: purity', () => {
  const rules: Rule[] = [
    demoRule(),
    ladderRule('seats', 'seats', [{ id: 's80', at: { percent: 80 } }], { priority: 100 }),
    demoRule({ id: 'paused-copy', status: 'paused' }),
  ];

  it.each([
    { name: 'nothing dismissed', usage: 9_700, state: NO_STATE },
    { name: 'p95 dismissed', usage: 9_700, state: dismissed({ p95: NOW - 1_000 }) },
    { name: 'below threshold', usage: 100, state: NO_STATE },
  ])('gives deep-equal decisions for the same inputs ($name)', ({ usage, state }) => {
    const cfg = config({ rules });
    const ctx = context(usage, { usage: { seats: 5 }, locale: 'de' });

    const first = evaluate(cfg, ctx, state, NOW);
    const second = evaluate(structuredClone(cfg), structuredClone(ctx), structuredClone(state), NOW);

    expect(second).toEqual(first);
    expect(first.reasons).toHaveLength(rules.length);
  });

  it.each([
    { name: 'nothing dismissed', usage: 9_700, state: NO_STATE },
    { name: 'p95 dismissed', usage: 9_700, state: dismissed({ p95: NOW - 1_000 }) },
  ])('does not change its inputs ($name)', ({ usage, state }) => {
    const cfg = config({ rules });
    const ctx = context(usage, { usage: { seats: 5 } });
    const before = structuredClone({ cfg, ctx, state });

    const decision = evaluate(deepFreeze(cfg), deepFreeze(ctx), deepFreeze(state), NOW);

    expect(decision.reasons).toHaveLength(rules.length);
    expect({ cfg, ctx, state }).toEqual(before);
    expect(cfg.rules.map((r) => r.id)).toEqual(rules.map((r) => r.id)); // sorting must not reorder the config
  });
});
