import { describe, expect, it } from 'vitest';
import { TEST_WEBHOOK_TYPE } from '../../shared/schemas/webhook';
import { touchPreference } from '../../server/services/attribution-touch';
import { storedEventTime } from '../../server/services/event-time';
import { subscriptionConversion } from '../../server/services/subscription-change';
import { endpointTakes } from '../../server/services/webhook-filter';
import type { SubscriptionChange } from '../../server/store/conversion-types';

// The business rules both stores call rather than each deciding them: each alone, on worked examples.

const change = (over: Partial<SubscriptionChange>): SubscriptionChange => ({
  eventId: 'evt_1',
  subscriptionId: 'sub_1',
  accountId: 'acct_1',
  mrr: 5000,
  before: null,
  deleted: false,
  currency: 'usd',
  plan: 'pro',
  at: 1_000,
  ...over,
});

describe('a Stripe subscription change', () => {
  it("takes the event's own previous MRR first: 29 → 50 is an upgrade of 21", () => {
    const r = subscriptionConversion(change({ mrr: 5000, before: 2900 }), { mrr: 1000, eventAt: 500 });
    expect(r.mrr).toBe(5000);
    expect(r.conversion).toMatchObject({ type: 'upgrade', mrrDelta: 2100, idempotencyKey: 'evt_1', source: 'stripe', accountId: 'acct_1' });
  });

  it('falls back to the kept state when the event does not say, and calls a fall a downgrade', () => {
    expect(subscriptionConversion(change({ mrr: 2900 }), { mrr: 5000, eventAt: 500 }).conversion).toMatchObject({ type: 'downgrade', mrrDelta: -2100 });
  });

  it('ignores a kept state newer than the event: no before at all means no change', () => {
    const r = subscriptionConversion(change({ mrr: 2900, at: 400 }), { mrr: 5000, eventAt: 500 });
    expect(r).toEqual({ mrr: 2900, conversion: null });
  });

  it('makes a deletion churn of the kept MRR, before what the items say', () => {
    const r = subscriptionConversion(change({ deleted: true, mrr: 5000, before: 5000 }), { mrr: 0, eventAt: 500 });
    // A paused trial that was cancelled was not paying: nothing churned.
    expect(r).toEqual({ mrr: 0, conversion: null });
    const paying = subscriptionConversion(change({ deleted: true, mrr: 5000, before: null }), { mrr: 5000, eventAt: 500 });
    expect(paying.conversion).toMatchObject({ type: 'churn', mrrDelta: -5000 });
  });

  it('counts a first subscription with no state as no change until it has a before', () => {
    expect(subscriptionConversion(change({ mrr: 5000 }), undefined).conversion).toBeNull();
    expect(subscriptionConversion(change({ mrr: 5000, before: 0 }), undefined).conversion).toMatchObject({ type: 'upgrade', mrrDelta: 5000 });
  });
});

describe('attribution', () => {
  const window = { since: 0, holdout: { global: false, rules: [] } };
  it('prefers a click to an impression, and impressions only when the settings count them', () => {
    expect(touchPreference({ ...window, credit: true, impressions: true })).toEqual(['click', 'impression']);
    expect(touchPreference({ ...window, credit: true, impressions: false })).toEqual(['click']);
    expect(touchPreference({ ...window, credit: false, impressions: true })).toEqual([]);
  });
});

describe("an event's stored time", () => {
  it('is the client time, clamped to arrival', () => {
    const received = Date.parse('2026-06-01T12:00:00.000Z');
    expect(storedEventTime('2026-06-01T11:59:00.000Z', received)).toBe(received - 60_000);
    expect(storedEventTime('2026-06-01T13:00:00.000Z', received)).toBe(received);
  });
});

describe('webhook filtering', () => {
  it('delivers a type the endpoint chose, every type when it chose none, the test message always, nothing without an endpoint', () => {
    expect(endpointTakes({ events: ['trial.started'] }, 'trial.started')).toBe(true);
    expect(endpointTakes({ events: ['trial.started'] }, 'readiness.changed')).toBe(false);
    expect(endpointTakes({ events: null }, 'readiness.changed')).toBe(true);
    expect(endpointTakes({ events: [] }, TEST_WEBHOOK_TYPE)).toBe(true);
    expect(endpointTakes(null, 'trial.started')).toBe(false);
  });
});
