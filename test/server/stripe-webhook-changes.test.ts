import { describe, expect, it } from 'vitest';
import { expectApiError } from '../helpers/http';
import { withReadonlyDb } from '../helpers/test-app';
import { DAY, iso, listConversions, postConversion, secretCall, sendPromptEvent, storedConversions } from './conversion-helpers';
import { customerEvent, itemsOf, useStripeWebhook } from './stripe-events';

// How Stripe really behaves: subscriptions that existed before Upshift was connected, trials,
// events in the same second and out of order, customers carrying the account id, and timestamps
// from the edge of what a signed event can hold.

const h = useStripeWebhook('whsec_changes0123456789abcdefAB');
const { sub, deliver } = h;
const deltas = async () => (await listConversions(h.t)).map((c) => [c.type, c.mrrDelta]);

describe('a subscription Upshift has not seen before', () => {
  it('counts only what changed, by the previous_attributes Stripe sends with each update', async () => {
    // The host adds upshift_account to a customer's existing subscription: metadata is all that changed.
    const tagged = sub('customer.subscription.updated', [{ amount: 9900 }], { previous: { metadata: {} } });
    expect(await h.answer(await deliver(tagged))).toEqual({ received: true, created: false, conversion: null });
    h.now += DAY;
    const seats = sub('customer.subscription.updated', [{ amount: 9900, quantity: 3 }], { previous: { items: itemsOf([{ amount: 9900, quantity: 2 }]) } });
    expect((await h.answer(await deliver(seats))).conversion).toMatchObject({ type: 'upgrade', mrrDelta: 9900 });
    expect(await deltas()).toEqual([['upgrade', 9900]]);
  });

  it('records an update that says nothing of what came before as where the subscription stands, not as new revenue', async () => {
    expect((await h.answer(await deliver(sub('customer.subscription.updated', [{ amount: 9900 }])))).conversion).toBeNull();
    h.now += DAY;
    // The next update without previous_attributes is measured from that state.
    expect((await h.answer(await deliver(sub('customer.subscription.updated', [{ amount: 4900 }])))).conversion).toMatchObject({ type: 'downgrade', mrrDelta: -5000 });
  });

  it('counts the deletion of one as churn of its revenue', async () => {
    const gone = sub('customer.subscription.deleted', [{ amount: 4900, quantity: 2 }], { status: 'canceled', extra: { canceled_at: h.now / 1000, ended_at: h.now / 1000 } });
    expect((await h.answer(await deliver(gone))).conversion).toMatchObject({ type: 'churn', mrrDelta: -9800 });
  });
});

describe('trials', () => {
  it('a trial brings no revenue; its conversion to paid is the upgrade, credited to the prompt clicked', async () => {
    await sendPromptEvent(h.t, 'click', h.now - DAY, { variant: 'a' });
    const trial = sub('customer.subscription.created', [{ amount: 4900 }], { status: 'trialing', extra: { trial_end: (h.now + 14 * DAY) / 1000 } });
    expect((await h.answer(await deliver(trial))).conversion).toBeNull();
    h.now += 14 * DAY;
    const paid = sub('customer.subscription.updated', [{ amount: 4900 }], { previous: { status: 'trialing' } });
    const res = await h.answer(await deliver(paid));
    expect(res.conversion).toMatchObject({ type: 'upgrade', mrrDelta: 4900 });
    expect(res.conversion?.touch).toBeNull(); // the click is 15 days old: outside the 14-day window
  });

  it('a trial that paused for want of a payment method, then was cancelled, is no churn', async () => {
    const ends = (h.now + 14 * DAY) / 1000;
    await deliver(sub('customer.subscription.created', [{ amount: 4900 }], { status: 'trialing', extra: { trial_end: ends } }));
    h.now += 14 * DAY;
    expect((await h.answer(await deliver(sub('customer.subscription.updated', [{ amount: 4900 }], { status: 'paused', previous: { status: 'trialing' }, extra: { trial_end: ends } })))).conversion).toBeNull();
    h.now += 10 * DAY;
    const cancelled = sub('customer.subscription.deleted', [{ amount: 4900 }], { status: 'canceled', extra: { trial_end: ends, canceled_at: h.now / 1000, ended_at: h.now / 1000 } });
    expect((await h.answer(await deliver(cancelled))).conversion).toBeNull();
    expect(storedConversions(h.t)).toBe(0);
  });

  it('a trial cancelled before it ended is no churn', async () => {
    const ends = (h.now + 14 * DAY) / 1000;
    await deliver(sub('customer.subscription.created', [{ amount: 4900 }], { status: 'trialing', extra: { trial_end: ends } }));
    h.now += 3 * DAY;
    const cancelled = sub('customer.subscription.deleted', [{ amount: 4900 }], { status: 'canceled', extra: { trial_end: ends, canceled_at: h.now / 1000, ended_at: h.now / 1000 } });
    expect((await h.answer(await deliver(cancelled))).conversion).toBeNull();
    expect(storedConversions(h.t)).toBe(0);
  });
});

describe('order and replays', () => {
  it('created and updated in the same second, delivered the wrong way round, count one upgrade', async () => {
    const created = sub('customer.subscription.created', [{ amount: 5000 }], { status: 'incomplete' });
    const paid = sub('customer.subscription.updated', [{ amount: 5000 }], { previous: { status: 'incomplete' } });
    expect((await h.answer(await deliver(paid))).conversion).toMatchObject({ type: 'upgrade', mrrDelta: 5000 });
    expect((await h.answer(await deliver(created))).conversion).toBeNull();
    // Replays of both, the one that made no conversion included, change nothing.
    expect(await h.answer(await deliver(created))).toMatchObject({ created: false, conversion: null });
    expect((await h.answer(await deliver(paid))).created).toBe(false);
    expect(await deltas()).toEqual([['upgrade', 5000]]);
  });

  it('an event the host already reported through POST /v1/conversions, keyed by its id, counts once', async () => {
    const event = sub('customer.subscription.created', [{ amount: 5000 }], { id: 'evt_reported' });
    const manual = { account: 'acct-1', type: 'upgrade', mrrDelta: 5000, currency: 'USD', at: iso(h.now), idempotencyKey: 'evt_reported' };
    expect((await postConversion(h.t, manual)).status).toBe(201);
    const res = await h.answer(await deliver(event));
    expect(res).toMatchObject({ created: false, conversion: { idempotencyKey: 'evt_reported', source: 'api', mrrDelta: 5000 } });
    expect(storedConversions(h.t)).toBe(1);
  });

  it('a whole life delivered backwards adds up to nothing left', async () => {
    const t0 = h.now;
    const created = sub('customer.subscription.created', [{ amount: 5000 }], { created: t0 });
    const grown = sub('customer.subscription.updated', [{ amount: 9900 }], { created: t0 + DAY, previous: { items: itemsOf([{ amount: 5000 }]) } });
    const gone = sub('customer.subscription.deleted', [{ amount: 9900 }], { created: t0 + 2 * DAY, status: 'canceled' });
    h.now = t0 + 2 * DAY;
    for (const event of [gone, grown, created]) await deliver(event);
    expect((await deltas()).sort()).toEqual([['churn', -9900], ['upgrade', 4900], ['upgrade', 5000]]);
  });
});

describe("the customer's metadata", () => {
  it('names the account of subscriptions that do not carry upshift_account themselves', async () => {
    const mapped = await h.answer(await deliver(customerEvent('customer.created', 'cus_9', 'acct-9', h.now)));
    expect(mapped).toEqual({ received: true, customer: { id: 'cus_9', account: 'acct-9' }, applied: true });
    h.now += 1000;
    const res = await h.answer(await deliver(sub('customer.subscription.created', [{ amount: 2500 }], { account: null, customer: 'cus_9' })));
    expect(res.conversion).toMatchObject({ account: 'acct-9', type: 'upgrade', mrrDelta: 2500 });
  });

  it('reads an expanded customer, and the subscription’s own metadata wins over the customer’s', async () => {
    const expanded = { id: 'cus_x', object: 'customer', metadata: { upshift_account: 'acct-x' } };
    expect((await h.answer(await deliver(sub('customer.subscription.created', [{ amount: 100 }], { account: null, customer: expanded, subscription: 'sub_x' })))).conversion).toMatchObject({ account: 'acct-x' });
    expect((await h.answer(await deliver(sub('customer.subscription.created', [{ amount: 100 }], { account: 'acct-own', customer: expanded, subscription: 'sub_y' })))).conversion).toMatchObject({ account: 'acct-own' });
  });

  it('an older customer event arriving late does not undo a newer one, and removing the metadata unmaps', async () => {
    const older = customerEvent('customer.created', 'cus_9', 'acct-old', h.now - 60_000);
    await deliver(customerEvent('customer.updated', 'cus_9', 'acct-new', h.now));
    expect((await h.answer(await deliver(older))).applied).toBe(false);
    const unmanaged = () => sub('customer.subscription.created', [{ amount: 100 }], { account: null, customer: 'cus_9', subscription: `sub_${h.now}` });
    expect((await h.answer(await deliver(unmanaged()))).conversion).toMatchObject({ account: 'acct-new' });
    h.now += 1000;
    await deliver(customerEvent('customer.updated', 'cus_9', null, h.now));
    expect(await h.answer(await deliver(unmanaged()))).toEqual({ received: true, ignored: 'no upshift_account' });
  });

  it('a created without the metadata, arriving after an update in the same second that added it, keeps the mapping', async () => {
    await deliver(customerEvent('customer.updated', 'cus_7', 'acct-7', h.now));
    expect((await h.answer(await deliver(customerEvent('customer.created', 'cus_7', null, h.now)))).applied).toBe(false);
    const res = await h.answer(await deliver(sub('customer.subscription.created', [{ amount: 100 }], { account: null, customer: 'cus_7' })));
    expect(res.conversion).toMatchObject({ account: 'acct-7' });
  });

  it('refuses a customer whose upshift_account is not an account id, storing nothing', async () => {
    await expectApiError(await deliver(customerEvent('customer.created', 'cus_bad', '', h.now)), 400, 'invalid_account');
    expect(withReadonlyDb(h.t.file, (db) => db.prepare('SELECT COUNT(*) AS n FROM stripe_customers').get())).toEqual({ n: 0 });
  });
});

describe('timestamps at the edge', () => {
  it.each([
    ['beyond year 9999', 1e15],
    ['just past the latest storable second', 253_402_300_800],
    ['negative', -1],
    ['fractional', 1.5],
  ])('a signed event created %s is refused with 400, stores nothing, and the conversions list still answers', async (_, created) => {
    const event = { ...sub('customer.subscription.created', [{ amount: 5000 }]), created };
    await expectApiError(await deliver(event), 400, 'invalid_request');
    expect(storedConversions(h.t)).toBe(0);
    expect((await secretCall(h.t, 'GET', '/v1/conversions')).status).toBe(200);
  });

  it('the latest storable second is accepted and listed', async () => {
    const event = { ...sub('customer.subscription.created', [{ amount: 5000 }]), created: 253_402_300_799 };
    expect((await h.answer(await deliver(event))).conversion).toMatchObject({ at: '9999-12-31T23:59:59.000Z' });
    expect(await deltas()).toEqual([['upgrade', 5000]]);
  });
});
