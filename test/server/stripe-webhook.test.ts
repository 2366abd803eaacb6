import { describe, expect, it } from 'vitest';
import { expectApiError } from '../helpers/http';
import { DAY, iso, listConversions, secretCall, sendPromptEvent, storedConversions, stripeSignature, T0 } from './conversion-helpers';
import { itemsOf, useStripeWebhook } from './stripe-events';

const SECRET = 'whsec_test0123456789abcdefABCDEF';
const h = useStripeWebhook(SECRET);
const { sub, deliver, path } = h;
const conversionOf = h.answer;

describe('POST /v1/webhooks/stripe/:environmentId', () => {
  it('turns a created, updated and deleted subscription into upgrade, downgrade and churn of the monthly revenue delta', async () => {
    const created = await conversionOf(await deliver(sub('customer.subscription.created', [{ amount: 2000, quantity: 3 }])));
    expect(created.created).toBe(true);
    expect(created.conversion).toMatchObject({ account: 'acct-1', type: 'upgrade', mrrDelta: 6000, currency: 'USD', plan: 'pro_monthly', source: 'stripe', at: iso(T0) });

    h.now += DAY;
    // A yearly add-on of 120.00 is 10.00 a month.
    const addon = await conversionOf(await deliver(sub('customer.subscription.updated', [{ amount: 2000, quantity: 3 }, { amount: 12000, interval: 'year' }])));
    expect(addon.conversion).toMatchObject({ type: 'upgrade', mrrDelta: 1000 });

    h.now += DAY;
    const fewer = await conversionOf(await deliver(sub('customer.subscription.updated', [{ amount: 2000, quantity: 1 }, { amount: 12000, interval: 'year' }])));
    expect(fewer.conversion).toMatchObject({ type: 'downgrade', mrrDelta: -4000 });

    h.now += DAY;
    const gone = await conversionOf(await deliver(sub('customer.subscription.deleted', [{ amount: 2000 }, { amount: 12000, interval: 'year' }], { status: 'canceled' })));
    expect(gone.conversion).toMatchObject({ type: 'churn', mrrDelta: -3000 });
    expect((await listConversions(h.t)).map((c) => c.mrrDelta)).toEqual([-3000, -4000, 1000, 6000]);
  });

  it.each([
    ['weekly', { amount: 1000, interval: 'week' as const }, 4333],
    ['every 3 months', { amount: 9000, interval: 'month' as const, count: 3 }, 3000],
    ['daily', { amount: 100, interval: 'day' as const }, 3042],
    ['every 2 years', { amount: 24000, interval: 'year' as const, count: 2 }, 1000],
  ])('normalises a %s price to a month', async (_, item, mrr) => {
    const res = await conversionOf(await deliver(sub('customer.subscription.created', [item])));
    expect(res.conversion?.mrrDelta).toBe(mrr);
  });

  it('creates no second conversion when Stripe replays an event, even after later changes', async () => {
    const event = sub('customer.subscription.created', [{ amount: 5000 }]);
    const first = await conversionOf(await deliver(event));
    h.now += DAY;
    await deliver(sub('customer.subscription.updated', [{ amount: 9000 }]));
    h.now += DAY;
    const replay = await conversionOf(await deliver(event));
    expect(replay).toEqual({ received: true, created: false, conversion: first.conversion });
    expect(storedConversions(h.t)).toBe(2);
    expect((await listConversions(h.t)).map((c) => c.mrrDelta)).toEqual([4000, 5000]);
  });

  it('records nothing for a change that leaves the revenue as it was, or for an event older than the state kept', async () => {
    await deliver(sub('customer.subscription.created', [{ amount: 5000 }]));
    h.now += DAY;
    expect(await conversionOf(await deliver(sub('customer.subscription.updated', [{ amount: 5000 }])))).toEqual({ received: true, created: false, conversion: null });
    const late = sub('customer.subscription.updated', [{ amount: 1000 }], { created: T0 - DAY });
    expect((await conversionOf(await deliver(late))).conversion).toBeNull();
    expect(storedConversions(h.t)).toBe(1);
  });

  it('answers 200 and ignores other event types and subscriptions without upshift_account', async () => {
    const invoice = { id: 'evt_inv', object: 'event', type: 'invoice.paid', created: T0 / 1000, data: { object: { id: 'in_1', object: 'invoice' } } };
    expect(await conversionOf(await deliver(invoice))).toEqual({ received: true, ignored: 'event type' });
    const anonymous = sub('customer.subscription.created', [{ amount: 5000 }], { account: null });
    expect(await conversionOf(await deliver(anonymous))).toEqual({ received: true, ignored: 'no upshift_account' });
    expect(storedConversions(h.t)).toBe(0);
  });

  it('credits an upgrade after a prompt click to that rule and variant', async () => {
    await sendPromptEvent(h.t, 'impression', T0 - 2 * DAY, { variant: 'b' });
    await sendPromptEvent(h.t, 'click', T0 - 2 * DAY + 60_000, { variant: 'b' });
    // The subscription predates Upshift: Stripe's previous_attributes tell what it was.
    const upgrade = sub('customer.subscription.updated', [{ amount: 9900 }], { previous: { items: itemsOf([{ amount: 2900 }]) } });
    const res = await conversionOf(await deliver(upgrade));
    expect(res.conversion).toMatchObject({ type: 'upgrade', mrrDelta: 7000 });
    expect(res.conversion?.touch).toEqual({ type: 'click', ruleId: 'api-usage-ladder', variant: 'b', tier: 'p85', surface: 'banner', at: iso(T0 - 2 * DAY + 60_000) });
  });

  it('accepts any matching v1 among several, as during a secret roll', async () => {
    const body = JSON.stringify(sub('customer.subscription.created', [{ amount: 5000 }]));
    const good = stripeSignature(SECRET, body, T0 / 1000);
    const header = `t=${T0 / 1000},v1=${'0'.repeat(64)},${good.split(',')[1]},v0=${'1'.repeat(64)}`;
    expect((await conversionOf(await deliver(null, { raw: body, header }))).created).toBe(true);
  });

  describe('refuses what Stripe did not sign, with 400 and nothing stored', () => {
    const event = () => sub('customer.subscription.created', [{ amount: 5000 }]);
    it.each([
      ['another secret', { secret: 'whsec_someoneelse123456' }, 'invalid_signature'],
      ['a signature from more than 300 s ago', { signedAt: T0 - 301_000 }, 'stale_timestamp'],
      ['a signature from more than 300 s ahead', { signedAt: T0 + 301_000 }, 'stale_timestamp'],
      ['no v1 signature', { header: `t=${T0 / 1000},v0=abc` }, 'missing_signature'],
      ['no timestamp', { header: `v1=${'a'.repeat(64)}` }, 'missing_signature'],
      ['a v1 that is not hex', { header: `t=${T0 / 1000},v1=zz` }, 'invalid_signature'],
    ])('%s', async (_, options, code) => {
      await expectApiError(await deliver(event(), options), 400, code);
      expect(storedConversions(h.t)).toBe(0);
    });

    it('no header at all, or a body changed after signing', async () => {
      await expectApiError(await h.t.app.request(path(), { method: 'POST', body: JSON.stringify(event()) }), 400, 'missing_signature');
      const body = JSON.stringify(event());
      const header = stripeSignature(SECRET, body, T0 / 1000);
      await expectApiError(await deliver(null, { raw: body.replace('5000', '500000'), header }), 400, 'invalid_signature');
      expect(storedConversions(h.t)).toBe(0);
    });

    it('a signature 300 s old still passes', async () => {
      expect((await deliver(event(), { signedAt: T0 - 300_000 })).status).toBe(200);
    });
  });

  it('answers malformed signed payloads with 400, never 500, and stores nothing', async () => {
    await expectApiError(await deliver(null, { raw: '{"id":' }), 400, 'invalid_json');
    await expectApiError(await deliver({ id: 'evt_x', type: 'customer.subscription.created' }), 400, 'invalid_request');
    const noItems = sub('customer.subscription.created', []) as { data: { object: Record<string, unknown> } };
    delete noItems.data.object['items'];
    await expectApiError(await deliver(noItems), 400, 'invalid_request');
    const badInterval = sub('customer.subscription.created', [{ amount: 100, interval: 'fortnight' as 'week' }]);
    await expectApiError(await deliver(badInterval), 400, 'invalid_request');
    await expectApiError(await deliver(sub('customer.subscription.created', [{ amount: 100 }], { account: '' })), 400, 'invalid_account');
    expect(storedConversions(h.t)).toBe(0);
    expect(h.t.logger.entries.filter((e) => e.level === 'error')).toEqual([]);
  });

  it('answers 404 for an environment without a Stripe secret', async () => {
    const other = await h.t.store.createEnvironment({ name: 'Other', allowedOrigins: [] });
    const body = JSON.stringify(sub('customer.subscription.created', [{ amount: 5000 }]));
    const headers = { 'Stripe-Signature': stripeSignature(SECRET, body, T0 / 1000) };
    await expectApiError(await h.t.app.request(`/v1/webhooks/stripe/${other.environment.id}`, { method: 'POST', headers, body }), 404, 'stripe_not_configured');
  });
});

describe('/v1/webhooks/stripe/secret', () => {
  it('stores the signing secret per environment and shows only its prefix and the path for Stripe', async () => {
    const res = await secretCall(h.t, 'GET', '/v1/webhooks/stripe/secret');
    expect(await res.json()).toEqual({ stripe: { webhookPath: path(), secretPrefix: SECRET.slice(0, 12) } });
    const replaced = await secretCall(h.t, 'PUT', '/v1/webhooks/stripe/secret', { secret: 'whsec_rolled0123456789' });
    expect(replaced.status).toBe(200);
    await expectApiError(await deliver(sub('customer.subscription.created', [{ amount: 5000 }])), 400, 'invalid_signature');
    expect((await deliver(sub('customer.subscription.created', [{ amount: 5000 }]), { secret: 'whsec_rolled0123456789' })).status).toBe(200);
  });

  it('refuses what is not a Stripe secret, and callers without the secret key', async () => {
    await expectApiError(await secretCall(h.t, 'PUT', '/v1/webhooks/stripe/secret', { secret: 'sk_live_123' }), 400, 'invalid_request');
    await expectApiError(await secretCall(h.t, 'PUT', '/v1/webhooks/stripe/secret', { secret: SECRET, extra: 1 }), 400, 'invalid_request');
    await expectApiError(await h.t.app.request('/v1/webhooks/stripe/secret'), 401, 'missing_key');
    await expectApiError(await secretCall(h.t, 'POST', '/v1/webhooks/stripe/secret'), 405, 'method_not_allowed');
  });
});
