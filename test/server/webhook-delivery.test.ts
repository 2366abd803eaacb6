import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeliverer, RETRY_DELAYS_MS } from '../../server/services/webhooks/deliver';
import { TrialStartedWebhook, WebhookDelivery, WebhookEndpointWithSecret } from '../../shared/schemas/webhook';
import { createWebhookTestApp, DAY, secretCall, signedTrials, startReceiver, T0, verifyStandardWebhook, type Receiver, type WebhookTestApp } from './webhook-helpers';

let t: WebhookTestApp;
let receiver: Receiver;
/** `POST /v1/trials` with the token of the person the body names, as the widget sends it. */
let postTrial: Awaited<ReturnType<typeof signedTrials>>;
beforeEach(async () => {
  // The receiver listens on 127.0.0.1, which only the development switch lets webhooks reach.
  t = await createWebhookTestApp({ allowPrivate: true });
  postTrial = await signedTrials(t);
});
afterEach(async () => {
  await t.cleanup();
  await receiver?.close();
});

const START = { userId: 'u1', accountId: 'a1', ruleId: 'try-reports-ab', feature: 'scheduled_reports', variant: 'long' };
const iso = (ms: number) => new Date(ms).toISOString();

/** Points the environment's webhook at a receiver answering the nth request with `status(n)`; returns the secret. */
async function hostReceives(status?: (n: number) => number): Promise<string> {
  receiver = await startReceiver(status);
  const res = await secretCall(t, 'PUT', '/v1/webhooks', { url: receiver.url, events: ['trial.started'] });
  expect(res.status).toBe(201);
  return WebhookEndpointWithSecret.parse(await res.json()).secret;
}

const deliveries = async () => {
  const res = await secretCall(t, 'GET', '/v1/webhooks/deliveries');
  expect(res.status).toBe(200);
  return WebhookDelivery.array().parse(((await res.json()) as { deliveries: unknown }).deliveries);
};

/** Fires every retry timer in turn until none is left, letting each attempt finish. */
async function runRetries(): Promise<number> {
  let fired = 0;
  while (t.time.fireNext()) {
    fired++;
    await t.deliverer.idle();
  }
  return fired;
}

describe('trial.started webhooks', () => {
  it('sends one signed trial.started webhook per trial; a repeated click sends nothing', async () => {
    const secret = await hostReceives();
    expect((await postTrial(START)).status).toBe(201);
    await t.deliverer.idle();

    expect(receiver.received).toHaveLength(1);
    const [hook] = receiver.received;
    expect(verifyStandardWebhook(secret, hook!.headers, hook!.body)).toBe(true);
    expect(hook!.headers['webhook-id']).toMatch(/^msg_[0-9a-f-]{36}$/);
    expect(hook!.headers['webhook-timestamp']).toBe(String(T0 / 1000));
    expect(hook!.headers['content-type']).toBe('application/json');
    expect(TrialStartedWebhook.parse(JSON.parse(hook!.body))).toEqual({
      type: 'trial.started',
      timestamp: iso(T0),
      data: { accountId: 'a1', userId: 'u1', feature: 'scheduled_reports', ruleId: 'try-reports-ab', variant: 'long', startedAt: iso(T0), endsAt: iso(T0 + 14 * DAY) },
    });

    expect((await postTrial(START)).status).toBe(200);
    expect((await postTrial({ ...START, userId: 'u2' })).status).toBe(200);
    await t.deliverer.idle();
    expect(receiver.received).toHaveLength(1);
    expect(await deliveries()).toEqual([
      expect.objectContaining({ id: hook!.headers['webhook-id'], type: 'trial.started', status: 'succeeded', attempts: 1, lastStatus: 200, lastError: null, nextAttemptAt: null }),
    ]);
  });

  it('sends null for the variant when the rule has none, and nothing for a trial that ended', async () => {
    await hostReceives();
    await postTrial({ ...START, ruleId: 'try-reports', variant: undefined });
    await t.deliverer.idle();
    expect((JSON.parse(receiver.received[0]!.body) as TrialStartedWebhook).data.variant).toBeNull();
    t.time.set(T0 + 30 * DAY);
    expect((await postTrial(START)).status).toBe(409);
    await t.deliverer.idle();
    expect(receiver.received).toHaveLength(1);
    expect(await deliveries()).toHaveLength(1);
  });

  it('retries after 500s with backoff, with the same id and body, until the host answers 200', async () => {
    const secret = await hostReceives((n) => (n < 2 ? 500 : 200));
    await postTrial(START);
    await t.deliverer.idle();

    expect(await deliveries()).toEqual([
      expect.objectContaining({ status: 'pending', attempts: 1, lastStatus: 500, lastError: 'HTTP 500', nextAttemptAt: iso(T0 + 5_000) }),
    ]);
    expect(t.time.fireNext()).toBe(true);
    await t.deliverer.idle();
    expect(await deliveries()).toEqual([expect.objectContaining({ status: 'pending', attempts: 2, nextAttemptAt: iso(T0 + 35_000) })]);
    expect(await runRetries()).toBe(1);

    expect(await deliveries()).toEqual([
      expect.objectContaining({ status: 'succeeded', attempts: 3, lastStatus: 200, lastError: null, nextAttemptAt: null, updatedAt: iso(T0 + 35_000) }),
    ]);
    expect(receiver.received.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(receiver.received.map((r) => r.headers['webhook-timestamp'])).toEqual([T0, T0 + 5_000, T0 + 35_000].map((ms) => String(ms / 1000)));
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    for (const r of receiver.received) expect(verifyStandardWebhook(secret, r.headers, r.body)).toBe(true);
  });

  it('marks the delivery failed after the whole schedule when the host keeps failing', async () => {
    await hostReceives(() => 503);
    await postTrial(START);
    await t.deliverer.idle();
    expect(await runRetries()).toBe(RETRY_DELAYS_MS.length);

    expect(receiver.received).toHaveLength(RETRY_DELAYS_MS.length + 1);
    // With the jitter at its midpoint each wait is the schedule's: 5 s, 30 s, 2 min, 10 min, 30 min, 2 h.
    const sent = receiver.received.map((r) => Number(r.headers['webhook-timestamp']) * 1000 - T0);
    expect(sent.slice(1).map((at, i) => at - sent[i]!)).toEqual([...RETRY_DELAYS_MS]);
    expect(await deliveries()).toEqual([
      expect.objectContaining({ status: 'failed', attempts: 7, lastStatus: 503, lastError: 'HTTP 503', nextAttemptAt: null }),
    ]);
    expect(t.logger.entries).toContainEqual(expect.objectContaining({ level: 'warn', message: 'webhook delivery failed for good' }));
  });

  it('retries a host that cannot be reached, recording the network error', async () => {
    await hostReceives();
    await receiver.close();
    await postTrial(START);
    await t.deliverer.idle();
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null });
    expect(delivery!.lastError).toMatch(/ECONNREFUSED/);
  });

  it('signs a retry with the secret in force when it is sent', async () => {
    await hostReceives((n) => (n === 0 ? 500 : 200));
    await postTrial(START);
    await t.deliverer.idle();
    const rotated = WebhookEndpointWithSecret.parse(await (await secretCall(t, 'POST', '/v1/webhooks/rotate')).json()).secret;
    await runRetries();
    const retry = receiver.received[1]!;
    expect(verifyStandardWebhook(rotated, retry.headers, retry.body)).toBe(true);
    expect((await deliveries())[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('sends, on start, what a stopped server left pending', async () => {
    const secret = await hostReceives();
    await t.deliverer.stop();
    expect((await postTrial(START)).status).toBe(201);
    expect(receiver.received).toHaveLength(0);
    expect(await deliveries()).toEqual([expect.objectContaining({ status: 'pending', attempts: 0 })]);

    // The next process over the same database.
    const next = createDeliverer({ store: t.store, clock: t.time.clock, timer: t.time.timer, destinations: t.destinations });
    next.start();
    await next.idle();
    await next.stop();
    expect(receiver.received).toHaveLength(1);
    expect(verifyStandardWebhook(secret, receiver.received[0]!.headers, receiver.received[0]!.body)).toBe(true);
    expect(await deliveries()).toEqual([expect.objectContaining({ status: 'succeeded', attempts: 1 })]);
  });
});
