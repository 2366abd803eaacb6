import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../shared/engine/evaluate';
import { ReasonCode } from '../../shared/engine/types';
import { Config } from '../../shared/schemas/config';
import type { Context } from '../../shared/schemas/context';
import type { State } from '../../shared/schemas/state';
import { config as demoConfig, ladderRule } from './fixtures';

const CODES = new Set<string>(Object.values(ReasonCode));

/** Valid configs: the demo catalog with 1-12 ladders over its metrics, any statuses, priorities, tiers and offers. */
const validConfig = fc
  .array(
    fc.record({
      metric: fc.constantFrom('api_calls', 'seats'),
      status: fc.constantFrom('live', 'paused', 'draft', 'archived'),
      priority: fc.integer({ min: 0, max: 1000 }),
      start: fc.integer({ min: 1, max: 300 }),
      steps: fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 4 }),
      absolute: fc.boolean(),
      plan: fc.constantFrom('next', 'pro', 'starter'),
    }),
    { minLength: 1, maxLength: 12 },
  )
  .map((specs) => {
    const rules = specs.map((s, i) => {
      let at = s.start;
      const tiers = s.steps.map((step, t) => ({ id: `t${t}`, at: s.absolute ? { value: (at += step) * 10 } : { percent: (at += step) } }));
      return ladderRule(`rule-${i}`, s.metric, tiers, { status: s.status, priority: s.priority, offer: { type: 'upgrade', plan: s.plan } });
    });
    return Config.parse(demoConfig({ rules }));
  });

/** Arbitrary contexts the schema accepts: any plan, locale, dates, readings and limits, present or not. */
const anyContext: fc.Arbitrary<Context> = fc.record(
  {
    user: fc.record({ id: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s)), locale: fc.constantFrom('en', 'de', 'fr-CA', 'ja', 'xx-invalid-ZZ') }, { requiredKeys: ['id'] }),
    account: fc.record(
      {
        id: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s)),
        plan: fc.constantFrom('starter', 'pro', 'enterprise', 'legacy'),
        periodStart: fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
      },
      { requiredKeys: ['id', 'plan'] },
    ),
    usage: fc.dictionary(fc.constantFrom('api_calls', 'seats', 'other'), fc.double({ min: 0, max: 1e9, noNaN: true, noDefaultInfinity: true })),
    limits: fc.dictionary(fc.constantFrom('api_calls', 'seats'), fc.double({ min: 0, max: 1e9, noNaN: true, noDefaultInfinity: true })),
  },
  { requiredKeys: ['user', 'account'] },
) as fc.Arbitrary<Context>;

const anyState: fc.Arbitrary<State> = fc.record({
  rules: fc.dictionary(
    fc.constantFrom('rule-0', 'rule-1', 'rule-2', 'rule-3'),
    fc.record({ dismissed: fc.dictionary(fc.constantFrom('t0', 't1', 't2', 't3'), fc.integer({ min: 0, max: 4_102_444_800_000 })) }),
  ),
});

const anyNow = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) });

describe('evaluate properties', () => {
  it('never throws and always explains every rule with a known code', () => {
    fc.assert(
      fc.property(validConfig, anyContext, anyState, anyNow, (config, context, state, now) => {
        const decision = evaluate(config, context, state, now);
        expect(decision.reasons.map((r) => r.ruleId).sort()).toEqual(config.rules.map((r) => r.id).sort());
        for (const r of decision.reasons) {
          expect(CODES.has(r.code)).toBe(true);
          expect(r.message.length).toBeGreaterThan(0);
        }
        const shown = decision.reasons.filter((r) => r.code === ReasonCode.shown);
        expect(shown.length).toBe(decision.prompt ? 1 : 0);
        if (decision.prompt) expect(shown[0]?.ruleId).toBe(decision.prompt.ruleId);
      }),
      { numRuns: 400 },
    );
  });

  it('is deterministic and leaves its inputs untouched', () => {
    fc.assert(
      fc.property(validConfig, anyContext, anyState, anyNow, (config, context, state, now) => {
        const before = JSON.stringify([config, context, state]);
        const first = evaluate(config, context, state, now);
        // A structurally equal copy (a config fetched again) decides the same.
        const again = evaluate(structuredClone(config), structuredClone(context), structuredClone(state), now);
        expect(again).toEqual(first);
        expect(JSON.stringify([config, context, state])).toBe(before);
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order rules are listed in', () => {
    fc.assert(
      fc.property(validConfig, anyContext, anyNow, fc.integer(), (config, context, now, seed) => {
        const shuffled = { ...config, rules: [...config.rules].sort((a, b) => ((a.id.length * 31 + seed) % 7) - ((b.id.length * 31 + seed) % 7) || (a.id < b.id ? 1 : -1)) };
        expect(evaluate(shuffled, context, { rules: {} }, now)).toEqual(evaluate(config, context, { rules: {} }, now));
      }),
      { numRuns: 200 },
    );
  });

  it('never fills copy with leftover placeholders or prototype values', () => {
    fc.assert(
      fc.property(validConfig, anyContext, anyNow, (config, context, now) => {
        const prompt = evaluate(config, context, { rules: {} }, now).prompt;
        if (!prompt) return;
        for (const text of Object.values(prompt.content)) {
          expect(text).not.toMatch(/\{\{|\}\}|function |\[object /);
        }
      }),
      { numRuns: 300 },
    );
  });
});
