import { expect, it } from 'vitest';
import type { SubscriptionChange } from '../../server/store/conversion-types';
import { describeStores } from '../helpers/stores';
import { MIN, noRollup, seedEnvironment, seedPromptEvents, T0, twoStores, window } from './money-helpers';

const change = (eventId: string, at: number, mrr: number, over: Partial<SubscriptionChange> = {}): SubscriptionChange => ({
  eventId,
  subscriptionId: 'sub_1',
  accountId: 'acct-1',
  mrr,
  before: null,
  deleted: false,
  currency: 'usd',
  plan: 'pro',
  at,
  ...over,
});

const w = window(T0 - 60 * MIN);

describeStores('Stripe replays', ({ kind, open }) => {
  const pair = twoStores();

  it('applies an event once: a replay answers the conversion it stored, even after the subscription moved on', async () => {
    const store = await open();
    const env = await seedEnvironment(store);
    const up = await store.recordSubscriptionChange(env, change('evt_1', T0, 5000, { before: 2000 }), w, T0 + 1, noRollup);
    expect(up.created).toBe(true);
    expect(up.conversion).toMatchObject({ idempotencyKey: 'evt_1', source: 'stripe', type: 'upgrade', mrrDelta: 3000, at: T0, createdAt: T0 + 1 });
    await store.recordSubscriptionChange(env, change('evt_2', T0 + MIN, 1000), w, T0 + 2, noRollup);
    expect(await store.recordSubscriptionChange(env, change('evt_1', T0, 5000, { before: 2000 }), w, T0 + 3, noRollup)).toEqual({ created: false, conversion: up.conversion });
    expect((await store.listConversions(env, 10)).map((c) => [c.idempotencyKey, c.type, c.mrrDelta])).toEqual([
      ['evt_2', 'downgrade', -4000],
      ['evt_1', 'upgrade', 3000],
    ]);
  });

  it('a replay of an event that made no conversion answers null and changes nothing', async () => {
    const store = await open();
    const env = await seedEnvironment(store);
    expect(await store.recordSubscriptionChange(env, change('evt_0', T0, 9900), w, T0, noRollup)).toEqual({ created: false, conversion: null });
    expect(await store.recordSubscriptionChange(env, change('evt_0', T0, 9900), w, T0, noRollup)).toEqual({ created: false, conversion: null });
    // The state it kept (9900) is what the next event without its own "before" is measured from.
    const next = await store.recordSubscriptionChange(env, change('evt_1', T0 + MIN, 4900), w, T0, noRollup);
    expect(next.conversion).toMatchObject({ type: 'downgrade', mrrDelta: -5000 });
  });

  it("counts once the change the host already reported with the event id as its key, answering the host's conversion", async () => {
    const store = await open();
    const env = await seedEnvironment(store);
    const reported = await store.recordConversion(
      env,
      { idempotencyKey: 'evt_1', source: 'api', accountId: 'acct-1', type: 'upgrade', mrrDelta: 3000, currency: 'usd', plan: 'pro', at: T0 },
      w,
      T0,
      noRollup,
    );
    const res = await store.recordSubscriptionChange(env, change('evt_1', T0, 5000, { before: 2000 }), w, T0 + 1, noRollup);
    expect(res).toEqual({ created: false, conversion: reported.conversion });
    expect(await store.listConversions(env, 10)).toHaveLength(1);
  });

  it('an older event arriving late changes no kept state', async () => {
    const store = await open();
    const env = await seedEnvironment(store);
    await store.recordSubscriptionChange(env, change('evt_new', T0 + 10 * MIN, 20000, { before: 10000 }), w, T0, noRollup);
    // Older than what is kept: no conversion, and the kept 20000 stays.
    expect(await store.recordSubscriptionChange(env, change('evt_old', T0 + 5 * MIN, 15000), w, T0, noRollup)).toEqual({ created: false, conversion: null });
    const next = await store.recordSubscriptionChange(env, change('evt_next', T0 + 20 * MIN, 30000), w, T0, noRollup);
    expect(next.conversion).toMatchObject({ type: 'upgrade', mrrDelta: 10000 });
  });

  it('a deletion is churn of the kept revenue, and is attributed like any conversion', async () => {
    const store = await open();
    const env = await seedEnvironment(store);
    await seedPromptEvents(store, env, [{ type: 'click', at: T0 - MIN, ruleId: 'save-offer' }]);
    await store.recordSubscriptionChange(env, change('evt_1', T0 - 30 * MIN, 7000), w, T0, noRollup);
    const gone = await store.recordSubscriptionChange(env, change('evt_2', T0, 7000, { deleted: true, before: 9000 }), w, T0, noRollup);
    expect(gone.conversion).toMatchObject({ type: 'churn', mrrDelta: -7000, touch: { type: 'click', ruleId: 'save-offer' } });
  });

  it('the same event delivered at once through two stores over one database is applied once, and every caller gets its conversion', async () => {
    const [a, b] = await pair(kind);
    const env = await seedEnvironment(a);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).recordSubscriptionChange(env, change('evt_1', T0, 5000, { before: 2000 }), w, T0 + i, noRollup)),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const stored = results.find((r) => r.created)!.conversion;
    expect(stored).toMatchObject({ mrrDelta: 3000 });
    for (const r of results) expect(r.conversion).toEqual(stored);
    expect(await a.listConversions(env, 10)).toEqual([stored]);
  });

  it('maps a customer to its account once per event, newest event wins, and an equal-time event only to set an account', async () => {
    const store = await open();
    const env = await seedEnvironment(store);
    expect(await store.stripeCustomerAccount(env, 'cus_1')).toBeNull();
    expect(await store.putStripeCustomer(env, { eventId: 'evt_c1', customerId: 'cus_1', accountId: 'acct-1', at: T0 }, T0)).toBe(true);
    expect(await store.putStripeCustomer(env, { eventId: 'evt_c1', customerId: 'cus_1', accountId: 'acct-1', at: T0 }, T0)).toBe(false);
    // Older: ignored. Same time without an account: ignored. Same time with one: taken.
    expect(await store.putStripeCustomer(env, { eventId: 'evt_c0', customerId: 'cus_1', accountId: 'acct-0', at: T0 - MIN }, T0)).toBe(false);
    expect(await store.putStripeCustomer(env, { eventId: 'evt_c2', customerId: 'cus_1', accountId: null, at: T0 }, T0)).toBe(false);
    expect(await store.stripeCustomerAccount(env, 'cus_1')).toBe('acct-1');
    expect(await store.putStripeCustomer(env, { eventId: 'evt_c3', customerId: 'cus_1', accountId: 'acct-3', at: T0 }, T0)).toBe(true);
    expect(await store.stripeCustomerAccount(env, 'cus_1')).toBe('acct-3');
    // Newer and removing the metadata: the customer maps to nothing.
    expect(await store.putStripeCustomer(env, { eventId: 'evt_c4', customerId: 'cus_1', accountId: null, at: T0 + MIN }, T0)).toBe(true);
    expect(await store.stripeCustomerAccount(env, 'cus_1')).toBeNull();
  });

  it('keeps one signing secret per environment: true when set first, replaced after', async () => {
    const store = await open();
    const env = await seedEnvironment(store);
    const other = await seedEnvironment(store);
    expect(await store.getStripeSecret(env)).toBeNull();
    expect(await store.putStripeSecret(env, 'whsec_one', T0)).toBe(true);
    expect(await store.putStripeSecret(env, 'whsec_two', T0 + 1)).toBe(false);
    expect(await store.putStripeSecret(other, 'whsec_other', T0)).toBe(true);
    expect(await store.getStripeSecret(env)).toBe('whsec_two');
    const all = await store.listStripeSecrets();
    expect(all.map((s) => s.environmentId)).toEqual([env, other].sort());
    expect(all.find((s) => s.environmentId === other)?.secret).toBe('whsec_other');
  });
});
