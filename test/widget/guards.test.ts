import { describe, expect, it } from 'vitest';
import { Config } from '../../shared/schemas/config';
import { Context } from '../../shared/schemas/context';
import { demoContent, renderConfig } from '../../server/seed';
import { contextError, isConfig } from '../../widget/guards';

const valid = { user: { id: 'u1', locale: 'en' }, account: { id: 'a1', plan: 'starter', periodStart: '2026-11-01' }, usage: { api_calls: 10 } };

describe('contextError', () => {
  it('accepts a context the schema accepts', () => {
    expect(Context.safeParse(valid).success).toBe(true);
    expect(contextError(valid)).toBe(false);
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

  it.each([
    ['an HTML page', '<html></html>'],
    ['null', null],
    ['an array', []],
    ['another schema version', mutate((c) => (c.schemaVersion = 2))],
    ['rules not an array', mutate((c) => (c.rules = 'nope'))],
    ['a rule without tiers', mutate((c) => delete c.rules[0].trigger.tiers)],
    ['a tier without copy', mutate((c) => delete c.rules[0].trigger.tiers[0].content)],
    ['a plan without limits', mutate((c) => delete c.catalog.plans[0].limits)],
    ['a non-string checkout URL', mutate((c) => (c.catalog.plans[1].checkoutUrl = { href: 'x' }))],
    ['no catalog', mutate((c) => delete c.catalog)],
  ])('rejects %s', (_name, input) => {
    expect(isConfig(input)).toBe(false);
  });
});

describe('isConfig with a config from a newer server', () => {
  it('keeps the config when a rule has a trigger type this widget does not know, and the engine explains it', async () => {
    const { evaluate } = await import('../../shared/engine/evaluate');
    const published = JSON.parse(renderConfig(demoContent, 9, '2026-11-22T00:00:00.000Z')) as Record<string, any>;
    published.rules.push({ ...published.rules[0], id: 'future-rule', priority: 500, trigger: { type: 'forecast', metric: 'api_calls', days: 14 } });
    expect(isConfig(published)).toBe(true);
    const decision = evaluate(published as never, { user: { id: 'u' }, account: { id: 'a', plan: 'starter' }, usage: { api_calls: 9700 } }, { rules: {} }, Date.now());
    expect(decision.reasons.find((r) => r.ruleId === 'future-rule')?.code).toBe('trigger.unsupported');
    expect(decision.prompt?.ruleId).toBe('api-usage-ladder');
  });

  it('still rejects a usage ladder that is malformed', () => {
    const published = JSON.parse(renderConfig(demoContent, 9, '2026-11-22T00:00:00.000Z')) as Record<string, any>;
    published.rules[0].trigger.tiers = 'p70';
    expect(isConfig(published)).toBe(false);
  });
});
