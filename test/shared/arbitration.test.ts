import { describe, expect, it } from 'vitest';
import { evaluate } from '../../shared/engine/evaluate';
import { explain } from '../../shared/engine/explain';
import { ReasonCode } from '../../shared/engine/types';
import type { Rule } from '../../shared/schemas/rule';
import { NOW, NO_STATE, cfg, codes, config, context, ctx, demoRule, featureRule, gateKey, ladderRule, leaf, reasonFor, usageRule } from './fixtures';
import type { State } from '../../shared/schemas/state';

/** A ladder on seats (Starter allows 5); at 5 seats it is at 100% and always matches. */
const seats = (id: string, priority: number, patch: Partial<Rule> = {}): Rule =>
  ladderRule(id, 'seats', [{ id: 's80', at: { percent: 80 } }], { priority, ...patch });

/** 9,700 API calls (p95) and 5 of 5 seats: every live rule below matches. */
const busy = context(9_700, { usage: { seats: 5 } });

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('arbitration between matching rules', () => {
  it.each([
    { name: 'API ladder outranks seats', apiPriority: 100, seatsPriority: 50, winner: 'api-usage-ladder', loser: 'seats-ladder' },
    { name: 'seats outranks API ladder', apiPriority: 100, seatsPriority: 500, winner: 'seats-ladder', loser: 'api-usage-ladder' },
    { name: 'priority 0 loses to 1', apiPriority: 0, seatsPriority: 1, winner: 'seats-ladder', loser: 'api-usage-ladder' },
  ])('$name: the higher priority shows, the other is outranked', ({ apiPriority, seatsPriority, winner, loser }) => {
    const rules = [demoRule({ priority: apiPriority }), seats('seats-ladder', seatsPriority)];
    const decision = evaluate(config({ rules }), busy, NO_STATE, NOW);

    const winnerPriority = Math.max(apiPriority, seatsPriority);
    expect(decision.prompt?.ruleId).toBe(winner);
    expect(decision.reasons.map((r) => [r.ruleId, r.code])).toEqual([
      [winner, ReasonCode.shown],
      [loser, ReasonCode.outranked],
    ]);
    const outranked = decision.reasons[1];
    expect(outranked?.tier).toBe(loser === 'seats-ladder' ? 's80' : 'p95'); // the tier it would have shown
    expect(outranked?.params).toEqual({ by: winner, priority: winnerPriority, surface: 'banner' });
    expect(outranked && explain(outranked)).toBe(`rule "${winner}" (priority ${winnerPriority}) takes the banner first`);
  });

  it.each(permutations(['b-rule', 'a-rule', 'c-rule']).map((order) => ({ order })))(
    'breaks a priority tie by the lower rule id, whatever the order: $order',
    ({ order }) => {
      const rules = order.map((id) => seats(id, 100));
      const decision = evaluate(config({ rules }), busy, NO_STATE, NOW);

      expect(decision.prompt?.ruleId).toBe('a-rule');
      expect(decision.reasons.map((r) => [r.ruleId, r.code])).toEqual([
        ['a-rule', ReasonCode.shown],
        ['b-rule', ReasonCode.outranked],
        ['c-rule', ReasonCode.outranked],
      ]);
    },
  );

  it.each([
    { name: 'a paused higher rule', high: seats('seats-ladder', 900, { status: 'paused' }), highCode: ReasonCode.inactive },
    { name: 'a higher rule below its threshold', high: ladderRule('seats-ladder', 'seats', [{ id: 's200', at: { percent: 200 } }], { priority: 900 }), highCode: ReasonCode.belowThreshold },
    { name: 'a higher rule with no valid offer', high: seats('seats-ladder', 900, { offer: { type: 'upgrade', plan: 'enterprise' } }), highCode: ReasonCode.unknownOfferPlan },
  ])('the next rule shows when $name cannot', ({ high, highCode }) => {
    const rules = [demoRule({ priority: 10 }), high];
    const decision = evaluate(config({ rules }), busy, NO_STATE, NOW);

    expect(decision.prompt?.ruleId).toBe('api-usage-ladder');
    expect(decision.reasons.map((r) => [r.ruleId, r.code])).toEqual([
      ['seats-ladder', highCode],
      ['api-usage-ladder', ReasonCode.shown],
    ]);
  });

  const mixed: Rule[] = [
    seats('s-low', 5),
    demoRule({ priority: 50 }),
    seats('s-paused', 1000, { status: 'paused' }),
    seats('s-mid-b', 300),
    seats('s-mid-a', 300),
    demoRule({ id: 'api-draft', priority: 700, status: 'draft' }),
    seats('s-top', 800),
  ];

  it.each([
    { name: 'as listed', rules: mixed },
    { name: 'reversed', rules: [...mixed].reverse() },
    { name: 'rotated', rules: [...mixed.slice(3), ...mixed.slice(0, 3)] },
  ])('gives exactly one reason per rule, highest priority first ($name)', ({ rules }) => {
    const decision = evaluate(config({ rules }), busy, NO_STATE, NOW);
    const priority = new Map(rules.map((r) => [r.id, r.priority]));

    expect(decision.reasons.map((r) => r.ruleId).sort()).toEqual(rules.map((r) => r.id).sort());
    const priorities = decision.reasons.map((r) => priority.get(r.ruleId) ?? -1);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    expect(decision.reasons.filter((r) => r.code === ReasonCode.shown)).toHaveLength(1);
    expect(decision.prompt?.ruleId).toBe('s-top');
    expect(decision.reasons.map((r) => r.ruleId).slice(3, 5)).toEqual(['s-mid-a', 's-mid-b']);
  });
});

describe('arbitration v2: priority, then specificity, then id', () => {
  /** A ladder on API calls that fires at 97 %, with `n` audience comparisons that all hold. */
  const specific = (id: string, priority: number, n: number, patch: Partial<Rule> = {}): Rule =>
    usageRule(id, {
      priority,
      ...(n > 0 && { audience: { all: Array.from({ length: n }, (_, i) => leaf('account.plan', 'neq', `plan-${i}`)) } }),
      ...patch,
    });
  const busy97 = ctx({ usage: { api_calls: 9_700 } });

  it.each([
    { name: 'the more specific audience wins a priority tie', rules: [specific('a-generic', 100, 0), specific('z-specific', 100, 2)], winner: 'z-specific' },
    { name: 'two comparisons beat one', rules: [specific('a-one', 100, 1), specific('z-two', 100, 2)], winner: 'z-two' },
    { name: 'comparisons inside any and not count too', rules: [specific('a-one', 100, 1), specific('z-nested', 100, 0, { audience: { any: [leaf('account.plan', 'eq', 'starter'), { not: leaf('account.plan', 'eq', 'pro') }] } })], winner: 'z-nested' },
    { name: 'priority beats specificity', rules: [specific('a-generic', 101, 0), specific('z-specific', 100, 5)], winner: 'a-generic' },
    { name: 'equal priority and specificity: the lower id', rules: [specific('b-rule', 100, 1), specific('a-rule', 100, 1)], winner: 'a-rule' },
  ])('$name', ({ rules, winner }) => {
    const decision = evaluate(cfg(rules), busy97, NO_STATE, NOW);
    const loser = rules.find((r) => r.id !== winner)!;

    expect(decision.prompt?.ruleId).toBe(winner);
    expect(reasonFor(decision, loser.id)).toEqual({
      ruleId: loser.id,
      code: ReasonCode.outranked,
      tier: 'p95',
      params: { by: winner, priority: rules.find((r) => r.id === winner)!.priority, surface: 'banner' },
    });
  });

  it.each([
    { winner: 'banner', loser: 'modal' },
    { winner: 'modal', loser: 'toast' },
    { winner: 'toast', loser: 'banner' },
  ] as const)('banner, toast and modal share one place: a $winner outranks a $loser', ({ winner, loser }) => {
    const rules = [usageRule('top', { priority: 200, surface: winner }), usageRule('next', { priority: 100, surface: loser })];
    const decision = evaluate(cfg(rules), busy97, NO_STATE, NOW);

    expect(decision.prompt).toMatchObject({ ruleId: 'top', surface: winner });
    expect(decision.placed).toEqual([]);
    expect(reasonFor(decision, 'next')).toMatchObject({ code: ReasonCode.outranked, params: { by: 'top', priority: 200, surface: loser } });
  });

  const gateState: State = { rules: {}, counts: { [gateKey('scheduled_reports')]: [NOW - 60_000], [gateKey('sso')]: [NOW - 60_000] } };
  const places: Rule[] = [
    usageRule('banner-top', { priority: 300 }),
    usageRule('banner-low', { priority: 100 }),
    usageRule('sidebar-top', { priority: 50, surface: 'inline', slot: 'sidebar' }),
    usageRule('sidebar-low', { priority: 10, surface: 'inline', slot: 'sidebar' }),
    usageRule('header', { priority: 1, surface: 'inline', slot: 'header' }),
    featureRule('reports-panel-top', 'scheduled_reports', { priority: 20, surface: 'panel' }),
    featureRule('reports-panel-low', 'scheduled_reports', { priority: 5, surface: 'panel' }),
    featureRule('sso-panel', 'sso', { priority: 1, surface: 'panel' }),
  ];

  it('gives each inline slot and each feature panel its own winner, beside the one interruptive prompt', () => {
    const decision = evaluate(cfg(places), busy97, gateState, NOW);

    expect(decision.prompt?.ruleId).toBe('banner-top');
    expect(decision.placed.map((p) => [p.ruleId, p.slot ?? p.feature?.id])).toEqual([
      ['sidebar-top', 'sidebar'],
      ['reports-panel-top', 'scheduled_reports'],
      ['header', 'header'],
      ['sso-panel', 'sso'],
    ]);
    expect(codes(decision)).toEqual([
      ['banner-top', ReasonCode.shown],
      ['banner-low', ReasonCode.outranked],
      ['sidebar-top', ReasonCode.shown],
      ['reports-panel-top', ReasonCode.shown],
      ['sidebar-low', ReasonCode.outranked],
      ['reports-panel-low', ReasonCode.outranked],
      ['header', ReasonCode.shown],
      ['sso-panel', ReasonCode.shown],
    ]);
    expect(reasonFor(decision, 'sidebar-low').params).toEqual({ by: 'sidebar-top', priority: 50, surface: 'inline' });
    expect(reasonFor(decision, 'reports-panel-low').params).toEqual({ by: 'reports-panel-top', priority: 20, surface: 'panel' });
  });

  it('lets an inline slot show when no interruptive rule fires', () => {
    const decision = evaluate(cfg([usageRule('sidebar', { surface: 'inline', slot: 'sidebar' })]), busy97, NO_STATE, NOW);

    expect(decision.prompt).toBeNull();
    expect(decision.placed).toMatchObject([{ ruleId: 'sidebar', surface: 'inline', slot: 'sidebar' }]);
  });

  it.each(permutations([0, 1, 2, 3, 4, 5, 6, 7]).filter((_, i) => i % 997 === 0).map((order) => ({ order })))(
    'decides the same whatever order the rules are listed in: $order',
    ({ order }) => {
      const expected = evaluate(cfg(places), busy97, gateState, NOW);
      const decision = evaluate(cfg(order.map((i) => places[i]!)), busy97, gateState, NOW);

      expect(decision).toEqual(expected);
    },
  );
});
