import { describe, expect, it } from 'vitest';
import { evaluate } from '../../shared/engine/evaluate';
import { ReasonCode } from '../../shared/engine/types';
import type { Rule } from '../../shared/schemas/rule';
import { NOW, NO_STATE, config, context, demoRule, ladderRule } from './fixtures';

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
    expect(outranked?.message).toContain(winner);
    expect(outranked?.message).toContain(String(winnerPriority));
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
