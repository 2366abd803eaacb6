import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoContent, publish } from '../../server/demo/seed';
import { inGlobalHoldout } from '../../shared/engine/bucket';
import type { ConfigContent } from '../../shared/schemas/config';
import { createTestApp, withReadonlyDb, type TestApp } from '../helpers/test-app';
import { conversionOf, iso, listConversions, postConversion, sendPromptEvent, T0 } from './conversion-helpers';

// Conversions of held-out accounts are recorded like any other, with the holdouts the account was
// in when the conversion arrived, so lift can compare them with the accounts that saw prompts.

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ clock: () => T0 });
});
afterEach(async () => {
  await t.cleanup();
});

const upgrade = (account: string, key: string) => ({ account, type: 'upgrade', mrrDelta: 5000, currency: 'USD', plan: 'pro', at: iso(T0), idempotencyKey: key });

const withHoldouts = (global: number, ruleHoldout: number, status: 'live' | 'paused' = 'live'): ConfigContent => ({
  ...demoContent,
  settings: { ...demoContent.settings, holdout: global },
  rules: demoContent.rules.map((r) => (r.id === 'api-usage-ladder' ? { ...r, holdout: ruleHoldout, status } : r)),
});

describe('holdout on conversions', () => {
  it('records an account in the global holdout as held out, with no touch', async () => {
    await publish(t.store, t.environment.id, withHoldouts(100, 0));
    const { conversion } = await conversionOf(await postConversion(t, upgrade('acct-1', 'inv_1')));
    expect(conversion.holdout).toEqual({ global: true, rules: [] });
    expect(conversion.touch).toBeNull();
  });

  it("names the live rules whose experiment holds the account out, and still credits another rule's click", async () => {
    await publish(t.store, t.environment.id, withHoldouts(0, 100));
    await sendPromptEvent(t, 'click', T0 - 1000, { ruleId: 'another-rule' });
    const { conversion } = await conversionOf(await postConversion(t, upgrade('acct-1', 'inv_1')));
    expect(conversion.holdout).toEqual({ global: false, rules: ['api-usage-ladder'] });
    expect(conversion.touch).toMatchObject({ type: 'click', ruleId: 'another-rule' });
  });

  it('does not count the experiment of a paused rule, which holds no one out of anything', async () => {
    await publish(t.store, t.environment.id, withHoldouts(0, 100, 'paused'));
    const { conversion } = await conversionOf(await postConversion(t, upgrade('acct-1', 'inv_1')));
    expect(conversion.holdout).toEqual({ global: false, rules: [] });
  });

  it('splits accounts by the same hash the widget uses, and keeps what was recorded when the holdout later changes', async () => {
    await publish(t.store, t.environment.id, withHoldouts(50, 0));
    const accounts = Array.from({ length: 40 }, (_, i) => `acct-${i}`);
    const held = accounts.filter((a) => inGlobalHoldout(50, a));
    // Both groups are there to be told apart.
    expect(held.length).toBeGreaterThan(0);
    expect(held.length).toBeLessThan(accounts.length);
    for (const a of accounts) await postConversion(t, upgrade(a, `inv_${a}`));

    await publish(t.store, t.environment.id, withHoldouts(0, 0));
    const listed = await listConversions(t, '?limit=100');
    expect(listed.filter((c) => c.holdout.global).map((c) => c.account).sort()).toEqual([...held].sort());
    const rows = withReadonlyDb(t.file, (db) => db.prepare('SELECT COUNT(*) AS n FROM conversions WHERE global_holdout = 1').get() as { n: number });
    expect(rows.n).toBe(held.length);
  });

  it('records no holdout before anything is published', async () => {
    const res = await postConversion(t, upgrade('acct-1', 'inv_1'));
    expect(res.status).toBe(201);
    expect((await conversionOf(res)).conversion.holdout).toEqual({ global: false, rules: [] });
  });
});
