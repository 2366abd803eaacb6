import { describe, expect, it } from 'vitest';
import { Config } from '../../shared/schemas/config';
import { Context } from '../../shared/schemas/context';
import { demoContent, renderConfig } from '../../server/demo/seed';
import { contextError, isConfig } from '../../widget/guards';

const valid = { user: { id: 'u1', locale: 'en' }, account: { id: 'a1', plan: 'starter', periodStart: '2026-11-01' }, usage: { api_calls: 10 } };

describe('contextError', () => {
  it('accepts a context the schema accepts', () => {
    expect(Context.safeParse(valid).success).toBe(true);
    expect(contextError(valid)).toBe(false);
    const signed = { ...valid, token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJlX2hlcmU-_' };
    expect(Context.safeParse(signed).success).toBe(true);
    expect(contextError(signed)).toBe(false);
  });

  it.each([
    ['not an object', 'hello', 'context must be an object'],
    ['null', null, 'context must be an object'],
    ['no user', { account: valid.account }, 'context.user.id'],
    ['empty user id', { ...valid, user: { id: '' } }, 'context.user.id'],
    ['numeric user id', { ...valid, user: { id: 42 } }, 'context.user.id'],
    ['no account', { user: valid.user }, 'context.account.id'],
    ['no plan', { ...valid, account: { id: 'a1' } }, 'context.account.plan'],
    ['usage not an object', { ...valid, usage: [1] }, 'context.usage'],
    ['negative usage', { ...valid, usage: { api_calls: -1 } }, 'context.usage.api_calls'],
    ['NaN limit', { ...valid, limits: { api_calls: Number.NaN } }, 'context.limits.api_calls'],
    ['string usage', { ...valid, usage: { api_calls: '10' } }, 'context.usage.api_calls'],
    ['numeric locale', { ...valid, user: { id: 'u', locale: 5 } }, 'locale'],
    ['an empty token', { ...valid, token: '' }, 'context.token'],
    ['a numeric token', { ...valid, token: 42 }, 'context.token'],
    ['a token over 4,096 characters', { ...valid, token: 'a'.repeat(4097) }, 'context.token'],
  ])('rejects %s, and the schema agrees', (_name, input, message) => {
    expect(contextError(input)).toContain(message);
    expect(Context.safeParse(input).success).toBe(false);
  });
});

describe('isConfig', () => {
  const published: unknown = JSON.parse(renderConfig(demoContent, 4, '2026-11-22T00:00:00.000Z'));

  it('accepts what the server publishes', () => {
    expect(Config.safeParse(published).success).toBe(true);
    expect(isConfig(published)).toBe(true);
  });

  const mutate = (f: (c: Record<string, any>) => void) => {
    const copy = structuredClone(published) as Record<string, any>;
    f(copy);
    return copy;
  };

  // Only the skeleton the engine walks: anything deeper is the engine's to skip, one rule at a time.
  it.each([
    ['an HTML page', '<html></html>'],
    ['null', null],
    ['undefined (an unreadable body)', undefined],
    ['an array', []],
    ['an unknown schema version', mutate((c) => (c.schemaVersion = 3))],
    ['no version number', mutate((c) => delete c.version)],
    ['rules not an array', mutate((c) => (c.rules = 'nope'))],
    ['a rule that is not an object', mutate((c) => (c.rules = [null]))],
    ['no catalog', mutate((c) => delete c.catalog)],
    ['plans not an array', mutate((c) => (c.catalog.plans = {}))],
    ['no widget strings (published by an older server)', mutate((c) => delete c.strings)],
    ['no English strings', mutate((c) => (c.strings = { de: c.strings.de }))],
  ])('rejects %s, without throwing', (_name, input) => {
    expect(() => isConfig(input)).not.toThrow();
    expect(isConfig(input)).toBe(false);
  });
});

/** The demo config as published, plus a healthy seats ladder below the rule under test. */
function withBrokenRule(breakIt: (rule: Record<string, any>) => void): Record<string, any> {
  const published = JSON.parse(renderConfig(demoContent, 9, '2026-11-22T00:00:00.000Z')) as Record<string, any>;
  const seats = structuredClone(published.rules[0]);
  Object.assign(seats, { id: 'seats', priority: 50 });
  seats.trigger = { type: 'usage', metric: 'seats', tiers: [{ id: 'full', at: { value: 5 }, tone: 'urgent', content: { title: 'All seats taken', body: 'Add more.', cta: 'Upgrade' } }] };
  published.rules.push(seats);
  breakIt(published.rules[0]);
  return published;
}

describe('a config with a rule this widget cannot read', () => {
  const person = { user: { id: 'u' }, account: { id: 'a', plan: 'starter', createdAt: '2025-01-01' }, usage: { api_calls: 9700, seats: 5 } };

  it.each([
    ['a usage rule without tiers', (r: Record<string, any>) => delete r.trigger.tiers, 'rule.invalid'],
    ['tiers that are not a list', (r: Record<string, any>) => (r.trigger.tiers = { p70: { percent: 70 } }), 'rule.invalid'],
    ['variants that are not a list', (r: Record<string, any>) => (r.variants = 2), 'rule.invalid'],
    ['an audience naming a number as its attribute', (r: Record<string, any>) => (r.audience = { attr: 5, op: 'eq', value: 1 }), 'rule.invalid'],
    ['a trigger type from a newer server', (r: Record<string, any>) => (r.trigger = { type: 'webhook', url: 'https://example.test' }), 'trigger.unsupported'],
    ['a tier without copy', (r: Record<string, any>) => delete r.trigger.tiers[2].content, 'trigger.unsupported'],
  ])('keeps the config with %s; the engine skips that rule alone', async (_name, breakIt, code) => {
    const { evaluate } = await import('../../shared/engine/evaluate');
    const published = withBrokenRule(breakIt);
    expect(isConfig(published)).toBe(true);
    const decision = evaluate(published as never, person, { rules: {} }, Date.UTC(2026, 10, 22, 12));
    expect(decision.reasons.map((r) => [r.ruleId, r.code])).toEqual([
      ['api-usage-ladder', code],
      ['seats', 'shown'],
    ]);
    expect(decision.prompt?.ruleId).toBe('seats');
  });
});
