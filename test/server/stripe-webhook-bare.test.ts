import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversionView } from '../../shared/schemas/conversion';
import { expectApiError } from '../helpers/http';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { secretCall, sendPromptEvent, storedConversions, stripeSignature, T0 } from './conversion-helpers';

// `POST /v1/webhooks/stripe`, the path in the public contract: no environment id in it, so the
// environment is the one whose Stripe signing secret signed the event.

const SECRET = 'whsec_bare0123456789abcdefABCDEF';
const OTHER_SECRET = 'whsec_other0123456789abcdefABCD';
let t: TestApp;
let now = T0;
let other: { environmentId: string; secretKey: string };
beforeEach(async () => {
  now = T0;
  t = await createTestApp({ clock: () => now });
  const created = await t.store.createEnvironment({ name: 'Other', allowedOrigins: [] });
  other = { environmentId: created.environment.id, secretKey: created.secretKey };
});
afterEach(async () => {
  await t.cleanup();
});

const putSecret = (secretKey: string, secret: string) =>
  t.app.request('/v1/webhooks/stripe/secret', { method: 'PUT', headers: { Authorization: `Bearer ${secretKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ secret }) });

let seq = 0;
const upgradeEvent = (account = 'acct-1', id = `evt_bare_${++seq}`) => ({
  id,
  object: 'event',
  type: 'customer.subscription.created',
  created: Math.floor(now / 1000),
  data: { object: { id: `sub_${account}`, object: 'subscription', status: 'active', currency: 'eur', metadata: { upshift_account: account }, items: { data: [{ quantity: 2, price: { id: 'price_team', unit_amount: 2500, recurring: { interval: 'month', interval_count: 1 } } }] } } },
});

function deliver(event: unknown, secret = SECRET, signedAt = now) {
  const body = JSON.stringify(event);
  return t.app.request('/v1/webhooks/stripe', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Stripe-Signature': stripeSignature(secret, body, Math.floor(signedAt / 1000)) }, body });
}

const conversionsOf = async (secretKey: string): Promise<ConversionView[]> =>
  ((await (await t.app.request('/v1/conversions', { headers: { Authorization: `Bearer ${secretKey}` } })).json()) as { conversions: ConversionView[] }).conversions;

describe('POST /v1/webhooks/stripe (no environment id)', () => {
  beforeEach(async () => {
    expect((await secretCall(t, 'PUT', '/v1/webhooks/stripe/secret', { secret: SECRET })).status).toBe(201);
    expect((await putSecret(other.secretKey, OTHER_SECRET)).status).toBe(201);
  });

  it("records the conversion in the environment whose secret signed it, attributed to that environment's click, once however often it is replayed", async () => {
    await sendPromptEvent(t, 'click', T0 - 60_000);
    const event = upgradeEvent();
    const first = await deliver(event);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ received: true, created: true, conversion: { account: 'acct-1', type: 'upgrade', mrrDelta: 5000, currency: 'EUR', touch: { type: 'click', ruleId: 'api-usage-ladder', variant: 'b' } } });
    expect(await (await deliver(event)).json()).toMatchObject({ created: false });
    expect((await conversionsOf(t.secretKey)).map((c) => c.idempotencyKey)).toEqual([event.id]);
    expect(await conversionsOf(other.secretKey)).toEqual([]);

    const theirs = upgradeEvent('acct-9');
    expect((await deliver(theirs, OTHER_SECRET)).status).toBe(200);
    expect((await conversionsOf(other.secretKey)).map((c) => [c.account, c.touch])).toEqual([['acct-9', null]]);
    expect(storedConversions(t)).toBe(2);
  });

  it('answers 400 to a signature no environment made, and to a stale one, storing nothing', async () => {
    await expectApiError(await deliver(upgradeEvent(), 'whsec_nobody0123456789abcdefABCD'), 400, 'invalid_signature');
    await expectApiError(await deliver(upgradeEvent(), SECRET, now - 301_000), 400, 'stale_timestamp');
    const body = JSON.stringify(upgradeEvent());
    await expectApiError(await t.app.request('/v1/webhooks/stripe', { method: 'POST', body }), 400, 'missing_signature');
    expect(storedConversions(t)).toBe(0);
  });

  it('refuses to give a second environment the same secret, and answers 409 if two share one anyway', async () => {
    await expectApiError(await putSecret(other.secretKey, SECRET), 409, 'stripe_secret_in_use');
    expect((await deliver(upgradeEvent())).status).toBe(200);
    // Shared before this check existed: the bare path cannot tell them apart.
    await t.store.putStripeSecret(other.environmentId, SECRET, now);
    await expectApiError(await deliver(upgradeEvent()), 409, 'ambiguous_environment');
    expect(storedConversions(t)).toBe(1);
    await expectApiError(await t.app.request('/v1/webhooks/stripe', { method: 'GET' }), 405, 'method_not_allowed');
  });
});

it('answers 404 while no environment has a Stripe secret', async () => {
  await expectApiError(await deliver(upgradeEvent()), 404, 'stripe_not_configured');
  expect(storedConversions(t)).toBe(0);
});
