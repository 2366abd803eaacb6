import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoContent, publish } from '../../server/demo/seed';
import { ConversionResult } from '../../shared/schemas/conversion';
import { expectApiError } from '../helpers/http';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { conversionOf, DAY, iso, listConversions, postConversion, secretCall, sendPromptEvent, storedConversions, T0 } from './conversion-helpers';

let t: TestApp;
let now = T0;
beforeEach(async () => {
  now = T0;
  t = await createTestApp({ clock: () => now });
});
afterEach(async () => {
  await t.cleanup();
});

const UPGRADE = { account: 'acct-1', type: 'upgrade', mrrDelta: 5000, currency: 'USD', plan: 'pro', at: iso(T0), idempotencyKey: 'inv_001' };

describe('POST /v1/conversions', () => {
  it('stores a conversion with 201, and answers the same idempotency key with 200 and the stored conversion, counting it once', async () => {
    const first = await postConversion(t, UPGRADE);
    expect(first.status).toBe(201);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const stored = ConversionResult.parse(await first.json());
    expect(stored.created).toBe(true);
    expect(stored.conversion).toMatchObject({ account: 'acct-1', type: 'upgrade', mrrDelta: 5000, currency: 'USD', plan: 'pro', at: iso(T0), source: 'api', touch: null });

    now = T0 + DAY;
    const again = await postConversion(t, UPGRADE);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ conversion: stored.conversion, created: false });
    expect(await listConversions(t)).toEqual([stored.conversion]);
    expect(storedConversions(t)).toBe(1);
  });

  it('refuses an idempotency key reused for a different conversion with 409, storing nothing new', async () => {
    await postConversion(t, UPGRADE);
    const error = await expectApiError(await postConversion(t, { ...UPGRADE, mrrDelta: 7000 }), 409, 'idempotency_key_reused');
    expect(error.details).toMatchObject({ fields: ['mrrDelta'] });
    expect(storedConversions(t)).toBe(1);
  });

  it('keeps idempotency keys per environment', async () => {
    const other = await t.store.createEnvironment({ name: 'Other', allowedOrigins: [] });
    await postConversion(t, UPGRADE);
    const res = await t.app.request('/v1/conversions', {
      method: 'POST',
      headers: { Authorization: `Bearer ${other.secretKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(UPGRADE),
    });
    expect(res.status).toBe(201);
    expect(storedConversions(t)).toBe(2);
  });

  it.each([
    ['a negative upgrade', { mrrDelta: -5000 }, 'mrrDelta'],
    ['a positive churn', { type: 'churn', mrrDelta: 100 }, 'mrrDelta'],
    ['a positive downgrade', { type: 'downgrade' }, 'mrrDelta'],
    ['a zero delta', { mrrDelta: 0 }, 'mrrDelta'],
    ['a fractional delta', { mrrDelta: 49.99 }, 'mrrDelta'],
    ['a delta as text', { mrrDelta: '5000' }, 'mrrDelta'],
    ['an unknown type', { type: 'refund' }, 'type'],
    ['a lower-case currency', { currency: 'usd' }, 'currency'],
    ['a currency that is no code', { currency: 'DOLLARS' }, 'currency'],
    ['a date without time', { at: '2026-11-22' }, 'at'],
    ['a time that is no time', { at: 'yesterday' }, 'at'],
    ['an empty idempotency key', { idempotencyKey: '' }, 'idempotencyKey'],
    ['an idempotency key over 200 characters', { idempotencyKey: 'k'.repeat(201) }, 'idempotencyKey'],
    ['an empty account', { account: '' }, 'account'],
    ['a plan that is no key', { plan: 'pro plan!' }, 'plan'],
    ['an unknown field', { coupon: 'X' }, ''],
    ['no account', { account: undefined }, 'account'],
  ])('answers 400 for %s, at its path, and stores nothing', async (_, change, path) => {
    const error = await expectApiError(await postConversion(t, { ...UPGRADE, ...change }), 400, 'invalid_request');
    expect((error.details as { issues: { path: string }[] }).issues[0]?.path).toBe(path);
    expect(storedConversions(t)).toBe(0);
  });

  it('takes the negative types with negative deltas and an idempotency key of 200 characters', async () => {
    for (const [i, type] of ['downgrade', 'churn'].entries()) {
      const res = await postConversion(t, { ...UPGRADE, type, mrrDelta: -2500, idempotencyKey: `${i}`.padEnd(200, 'k') });
      expect(res.status).toBe(201);
    }
    for (const type of ['addon', 'seats']) expect((await postConversion(t, { ...UPGRADE, type, idempotencyKey: type })).status).toBe(201);
  });

  it('refuses what is not JSON, not a secret key, or too large, never with a 500', async () => {
    await expectApiError(await postConversion(t, '{"account":'), 400, 'invalid_json');
    await expectApiError(
      await t.app.request('/v1/conversions', { method: 'POST', headers: { Authorization: `Bearer ${t.secretKey}`, 'Content-Type': 'application/xml' }, body: '<x/>' }),
      415,
      'unsupported_media_type',
    );
    await expectApiError(await t.app.request('/v1/conversions', { method: 'POST', body: JSON.stringify(UPGRADE) }), 401, 'missing_key');
    await expectApiError(
      await t.app.request('/v1/conversions', { method: 'POST', headers: { Authorization: `Bearer ${t.key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(UPGRADE) }),
      401,
      'wrong_key_type',
    );
    await expectApiError(await postConversion(t, { ...UPGRADE, plan: 'p'.repeat(5000) }), 413, 'payload_too_large');
    await expectApiError(await secretCall(t, 'DELETE', '/v1/conversions'), 405, 'method_not_allowed');
    expect(storedConversions(t)).toBe(0);
  });
});

describe('attribution', () => {
  const convert = async (at: number, key = 'inv_001') => (await conversionOf(await postConversion(t, { ...UPGRADE, at: iso(at), idempotencyKey: key }))).conversion.touch;

  it('credits the last click in the window, even when an impression came after it', async () => {
    await sendPromptEvent(t, 'click', T0 - 3 * DAY, { ruleId: 'seat-nudge', variant: 'a', tier: undefined, surface: 'toast' });
    await sendPromptEvent(t, 'click', T0 - 2 * DAY);
    await sendPromptEvent(t, 'impression', T0 - DAY, { ruleId: 'seat-nudge', variant: 'a' });
    expect(await convert(T0)).toEqual({ type: 'click', ruleId: 'api-usage-ladder', variant: 'b', tier: 'p85', surface: 'banner', at: iso(T0 - 2 * DAY) });
  });

  it('falls back to the last impression when there was no click, and to nothing when there was no touch', async () => {
    await sendPromptEvent(t, 'impression', T0 - 5 * DAY, { variant: undefined });
    await sendPromptEvent(t, 'impression', T0 - 4 * DAY, { tier: 'p95', variant: undefined });
    expect(await convert(T0)).toEqual({ type: 'impression', ruleId: 'api-usage-ladder', variant: null, tier: 'p95', surface: 'banner', at: iso(T0 - 4 * DAY) });
    const other = await conversionOf(await postConversion(t, { ...UPGRADE, account: 'acct-2', idempotencyKey: 'inv_002' }));
    expect(other.conversion.touch).toBeNull();
  });

  it('counts a touch exactly 14 days before the conversion, not a millisecond earlier, and none after it', async () => {
    await sendPromptEvent(t, 'click', T0 - 14 * DAY - 1, { ruleId: 'too-early' });
    await sendPromptEvent(t, 'click', T0 - 14 * DAY, { ruleId: 'on-the-edge' });
    expect((await convert(T0, 'edge'))?.ruleId).toBe('on-the-edge');
    expect(await convert(T0 - 14 * DAY - 2, 'before-any')).toBeNull();
    expect((await convert(T0 - 14 * DAY - 1, 'at-the-touch'))?.ruleId).toBe('too-early');
  });

  it('ignores dismissals', async () => {
    await sendPromptEvent(t, 'dismiss', T0 - DAY);
    expect(await convert(T0)).toBeNull();
  });

  it('follows the published settings: a shorter window, and no impression fallback', async () => {
    await publish(t.store, t.environment.id, { ...demoContent, settings: { ...demoContent.settings, attribution: { windowDays: 3, fallback: 'none' } } });
    await sendPromptEvent(t, 'click', T0 - 4 * DAY);
    await sendPromptEvent(t, 'impression', T0 - DAY);
    expect(await convert(T0)).toBeNull();
    await sendPromptEvent(t, 'click', T0 - 3 * DAY);
    expect((await convert(T0, 'inv_002'))?.at).toBe(iso(T0 - 3 * DAY));
  });

  it('uses the defaults before anything is published', async () => {
    const bare = await createTestApp({ clock: () => now, publish: false });
    try {
      await sendPromptEvent(bare, 'impression', T0 - 13 * DAY);
      const res = await postConversion(bare, UPGRADE);
      expect(res.status).toBe(201);
      expect((await conversionOf(res)).conversion.touch?.type).toBe('impression');
    } finally {
      await bare.cleanup();
    }
  });
});

describe('GET /v1/conversions', () => {
  it('lists the newest first, at most `limit`', async () => {
    for (const [key, at] of [['a', T0 - 2 * DAY], ['b', T0], ['c', T0 - DAY]] as const) await postConversion(t, { ...UPGRADE, at: iso(at), idempotencyKey: key });
    expect((await listConversions(t)).map((c) => c.idempotencyKey)).toEqual(['b', 'c', 'a']);
    expect((await listConversions(t, '?limit=2')).map((c) => c.idempotencyKey)).toEqual(['b', 'c']);
  });

  it.each(['0', '501', 'ten', '1.5'])('answers 400 for limit=%s', async (limit) => {
    await expectApiError(await secretCall(t, 'GET', `/v1/conversions?limit=${limit}`), 400, 'invalid_request');
  });
});
