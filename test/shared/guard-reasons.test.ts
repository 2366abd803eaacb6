import { describe, expect, it } from 'vitest';
import { evaluate } from '../../shared/engine/evaluate';
import { ReasonCode } from '../../shared/engine/types';
import { Config } from '../../shared/schemas/config';
import { Guards } from '../../shared/schemas/rule';
import { isConfig } from '../../widget/guards';
import { NOW, NO_STATE, cfg, ctx, usageRule } from './fixtures';

// `guards.reasons` says why a rule overrides a default guard: read by people (the console, lint),
// carried in the published config, and ignored by the engine and the widget's config check.

describe('guards.reasons', () => {
  it.each<[string, unknown, string | null]>([
    ['a reason per overridden guard', { accountAgeDays: 0, openTickets: false, reasons: { accountAgeDays: 'Trials decide in a month', openTickets: 'Billing questions only' } }, null],
    ['reasons alone', { reasons: { owned: 'kept for later' } }, null],
    ['a reason for a guard that does not exist', { reasons: { vibes: 'good' } }, 'reasons'],
    ['a reason over 300 characters', { minHealth: 20, reasons: { minHealth: 'x'.repeat(301) } }, 'reasons.minHealth'],
    ['an empty reason', { minHealth: 20, reasons: { minHealth: '' } }, 'reasons.minHealth'],
  ])('%s', (_name, guards, path) => {
    const parsed = Guards.safeParse(guards);
    if (path === null) expect(parsed.success).toBe(true);
    else expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual([path]);
  });

  it('changes nothing the engine decides, and the widget takes a config that carries them', () => {
    const busy = ctx({ usage: { api_calls: 9_700 }, ageDays: 12 });
    const plain = cfg([usageRule('ladder', { guards: { accountAgeDays: 0 } })]);
    const reasoned = cfg([usageRule('ladder', { guards: { accountAgeDays: 0, reasons: { accountAgeDays: 'New accounts hit the limit in week one' } } })]);
    const a = evaluate(plain, busy, NO_STATE, NOW);
    const b = evaluate(reasoned, busy, NO_STATE, NOW);
    expect(b.reasons[0]?.code).toBe(ReasonCode.shown);
    expect(b).toEqual(a);
    expect(Config.safeParse(reasoned).success).toBe(true);
    // As published: with the widget's own strings, which the widget requires.
    expect(isConfig({ ...(JSON.parse(JSON.stringify(reasoned)) as object), strings: { en: { close: 'Close' } } })).toBe(true);
  });
});
