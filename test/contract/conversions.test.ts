import { expect, it } from 'vitest';
import type { NewConversion } from '../../server/store/conversion-types';
import { describeStores } from '../helpers/stores';
import { MIN, noRollup, seedEnvironment, seedPromptEvents, T0, twoStores, window } from './money-helpers';

const upgrade = (key: string, at: number, over: Partial<NewConversion> = {}): NewConversion => ({
  idempotencyKey: key,
  source: 'api',
  accountId: 'acct-1',
  type: 'upgrade',
  mrrDelta: 2000,
  currency: 'usd',
  plan: 'pro',
  at,
  ...over,
});

describeStores('conversions', ({ kind, open }) => {
  const pair = twoStores();

  it('stores a conversion once per idempotency key and answers the first one unchanged', async () => {
    const store = await open();
    const env = await seedEnvironment(store);
    const first = await store.recordConversion(env, upgrade('k1', T0), window(T0 - 60 * MIN), T0 + 5, noRollup);
    expect(first.created).toBe(true);
    expect(first.conversion).toMatchObject({ idempotencyKey: 'k1', source: 'api', accountId: 'acct-1', mrrDelta: 2000, plan: 'pro', at: T0, createdAt: T0 + 5, touch: null });
    const again = await store.recordConversion(env, upgrade('k1', T0 + MIN, { mrrDelta: 9999 }), window(T0 - 60 * MIN), T0 + 9, noRollup);
    expect(again).toEqual({ created: false, conversion: first.conversion });
    expect(await store.listConversions(env, 10)).toEqual([first.conversion]);
  });

  it('creates one conversion when the same key is recorded at once, through one store and through two over one database', async () => {
    const [a, b] = await pair(kind);
    const env = await seedEnvironment(a);
    const calls = Array.from({ length: 12 }, (_, i) =>
      (i % 2 === 0 ? a : b).recordConversion(env, upgrade('same-key', T0, { mrrDelta: 100 + i }), window(T0 - MIN), T0 + i, noRollup),
    );
    const results = await Promise.all(calls);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const winner = results.find((r) => r.created)!.conversion;
    for (const r of results) expect(r.conversion).toEqual(winner);
    expect(await b.listConversions(env, 10)).toEqual([winner]);
  });

  it('credits the newest click in the window over a newer impression, and the impression only when there is no click', async () => {
    const store = await open();
    const env = await seedEnvironment(store);
    await seedPromptEvents(store, env, [
      { type: 'click', at: T0 - 30 * MIN, ruleId: 'old-click' },
      { type: 'click', at: T0 - 20 * MIN, ruleId: 'new-click', variant: 'a' },
      { type: 'impression', at: T0 - 5 * MIN, ruleId: 'impression' },
      { type: 'impression', at: T0 - 5 * MIN, accountId: 'acct-2', ruleId: 'impression-2' },
    ]);
    const one = await store.recordConversion(env, upgrade('k1', T0), window(T0 - 60 * MIN), T0, noRollup);
    expect(one.conversion.touch).toEqual({ type: 'click', ruleId: 'new-click', variant: 'a', tier: 'p85', surface: 'banner', at: T0 - 20 * MIN });
    const two = await store.recordConversion(env, upgrade('k2', T0, { accountId: 'acct-2' }), window(T0 - 60 * MIN), T0, noRollup);
    expect(two.conversion.touch?.ruleId).toBe('impression-2');
    const noImpressions = await store.recordConversion(env, upgrade('k3', T0, { accountId: 'acct-2' }), window(T0 - 60 * MIN, { impressions: false }), T0, noRollup);
    expect(noImpressions.conversion.touch).toBeNull();
    const noCredit = await store.recordConversion(env, upgrade('k4', T0), window(T0 - 60 * MIN, { credit: false }), T0, noRollup);
    expect(noCredit.conversion.touch).toBeNull();
  });

  it('looks for the touch from the window start up to the conversion time, both included', async () => {
    const store = await open();
    const env = await seedEnvironment(store);
    await seedPromptEvents(store, env, [
      { type: 'click', at: T0 - 10 * MIN - 1, ruleId: 'before-window' },
      { type: 'click', at: T0 - 10 * MIN, ruleId: 'window-start' },
      { type: 'click', at: T0 + 1, ruleId: 'after-conversion' },
    ]);
    const atStart = await store.recordConversion(env, upgrade('k1', T0), window(T0 - 10 * MIN), T0, noRollup);
    expect(atStart.conversion.touch?.ruleId).toBe('window-start');
    const atClick = await store.recordConversion(env, upgrade('k2', T0 + 1), window(T0 - 10 * MIN), T0, noRollup);
    expect(atClick.conversion.touch?.ruleId).toBe('after-conversion');
    const outside = await store.recordConversion(env, upgrade('k3', T0 - 10 * MIN - 1), window(T0 - 10 * MIN + 1), T0, noRollup);
    expect(outside.conversion.touch).toBeNull();
  });

  it('records the holdout the window carried', async () => {
    const store = await open();
    const env = await seedEnvironment(store);
    const held = await store.recordConversion(env, upgrade('k1', T0), window(T0, { holdout: { global: true, rules: ['r1', 'r2'] } }), T0, noRollup);
    expect(held.conversion.holdout).toEqual({ global: true, rules: ['r1', 'r2'] });
    expect((await store.listConversions(env, 1))[0]!.holdout).toEqual({ global: true, rules: ['r1', 'r2'] });
  });

  it('lists newest first by conversion time, the later stored first on a tie, up to the limit, per environment', async () => {
    const store = await open();
    const env = await seedEnvironment(store);
    const other = await seedEnvironment(store);
    for (const [key, at] of [['a', T0], ['b', T0 + MIN], ['c', T0], ['d', T0 - MIN]] as const) {
      await store.recordConversion(env, upgrade(key, at), window(T0 - MIN), T0, noRollup);
    }
    await store.recordConversion(other, upgrade('x', T0 + 9 * MIN), window(T0 - MIN), T0, noRollup);
    expect((await store.listConversions(env, 10)).map((c) => c.idempotencyKey)).toEqual(['b', 'c', 'a', 'd']);
    expect((await store.listConversions(env, 2)).map((c) => c.idempotencyKey)).toEqual(['b', 'c']);
    expect((await store.listConversions(other, 10)).map((c) => c.idempotencyKey)).toEqual(['x']);
  });
});
