import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReadinessHighWebhook, WebhookEndpointWithSecret } from '../../shared/schemas/webhook';
import { State } from '../../shared/schemas/state';
import { track } from '../helpers/events';
import { postEvents, postState } from '../helpers/http';
import { storeKinds } from '../helpers/stores';
import { APP_ORIGIN } from '../helpers/test-app';
import { createWebhookTestApp, secretCall, startReceiver, T0, verifyStandardWebhook, type Receiver, type WebhookTestApp } from '../server/webhook-helpers';

// `account.readiness_high` reaches a real HTTP receiver on loopback once each time an account
// enters the high band, signed as Standard Webhooks says (checked by the spec's own arithmetic),
// through the real app on each store (moved from test/server/readiness-webhook.test.ts).

describe.each(storeKinds.map((kind) => [kind] as const))('the account.readiness_high webhook on %s', (kind) => {
  let t: WebhookTestApp;
  let receiver: Receiver;
  let secret: string;
  beforeEach(async () => {
    t = await createWebhookTestApp({ allowPrivate: true, storeKind: kind });
    receiver = await startReceiver();
    const res = await secretCall(t, 'PUT', '/v1/webhooks', { url: receiver.url });
    expect(res.status).toBe(201);
    secret = WebhookEndpointWithSecret.parse(await res.json()).secret;
  });
  afterEach(async () => {
    await t.cleanup();
    await receiver.close();
  });

  const visit = async (body: Record<string, unknown>) => {
    const res = await postState(t.app, t.key, body, { Origin: APP_ORIGIN });
    expect(res.status, await res.clone().text()).toBe(200);
    return State.parse(await res.json()).readiness;
  };
  const owner = (apiCalls: number, extra: Record<string, unknown> = {}) =>
    visit({ user: 'u1', account: 'a1', plan: 'starter', role: 'owner', traits: { headcountGrowth: 20, fundedAt: '2026-10-01T00:00:00Z' }, usage: { api_calls: apiCalls }, ...extra });
  const queued = async () => (await t.store.listDeliveries(t.environment.id, 100)).filter((d) => d.type === 'account.readiness_high');

  it('arrives once, signed, when the account enters the high band, and again only after it left and came back', async () => {
    const at = new Date(T0 - 60_000).toISOString();
    const attempts = [1, 2, 3].map(() => track({ userId: 'u1', accountId: 'a1', name: 'upshift:gate:sso', at }));
    expect((await postEvents(t.app, t.key, { events: attempts }, { headers: { Origin: APP_ORIGIN } })).status).toBe(200);
    for (const user of ['u2', 'u3', 'u4', 'u5']) await visit({ user, account: 'a1', plan: 'starter' });

    // Starter: 10,000 API calls, 5 seats. 15 × 0.9 usage + 25 breadth (5 of 5) + 2 × 2 × 3
    // attempts by the owner + 25 growth (15 + 15, capped): 75.5, rounded 76.
    const high = Math.round(15 * 0.9 + 25 + 2 * 2 * 3 + 25);
    expect(await owner(9000)).toBe(high);
    await t.deliverer.idle();
    expect(receiver.received).toHaveLength(1);
    const [first] = receiver.received;
    expect(verifyStandardWebhook(secret, first!.headers, first!.body)).toBe(true);
    const body = ReadinessHighWebhook.parse(JSON.parse(first!.body));
    expect(body).toMatchObject({
      type: 'account.readiness_high',
      timestamp: new Date(T0).toISOString(),
      data: { accountId: 'a1', plan: 'starter', score: 76, band: 'high', fixFirst: false, previousBand: 'early', categories: { usage: 13.5, breadth: 25, exploration: 12, growth: 25 } },
    });
    expect(body.data.signals.map((s) => s.category)).toEqual(['usage', 'breadth', 'exploration', 'growth', 'growth']);

    // Staying high queues nothing more: the delivery would be in the store, committed with the score.
    expect(await owner(9100)).toBe(Math.round(15 * 0.91 + 25 + 12 + 25));
    expect(await queued()).toHaveLength(1);

    // Leaving (usage down: 15 × 0.1 + 62 = 63.5 → 64, moderate), then unhealthy while high (fix first): no webhook.
    expect(await owner(1000)).toBe(64);
    expect(await owner(9000, { health: 20 })).toBe(76);
    expect(await queued()).toHaveLength(1);

    // Entering again sends again.
    expect(await owner(9000)).toBe(76);
    await t.deliverer.idle();
    expect(receiver.received).toHaveLength(2);
    const second = receiver.received[1]!;
    expect(verifyStandardWebhook(secret, second.headers, second.body)).toBe(true);
    expect(second.headers['webhook-id']).not.toBe(first!.headers['webhook-id']);
    expect(ReadinessHighWebhook.parse(JSON.parse(second.body)).data).toMatchObject({ score: 76, band: 'high', previousBand: 'moderate' });
    expect((await queued()).map((d) => d.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('is not sent to an endpoint that chose other event types', async () => {
    expect((await secretCall(t, 'PUT', '/v1/webhooks', { url: receiver.url, events: ['trial.started'] })).status).toBe(200);
    for (const user of ['u2', 'u3', 'u4', 'u5']) await visit({ user, account: 'a1', plan: 'starter' });
    const at = new Date(T0 - 60_000).toISOString();
    await postEvents(t.app, t.key, { events: [1, 2, 3].map(() => track({ userId: 'u1', accountId: 'a1', name: 'upshift:gate:sso', at })) }, { headers: { Origin: APP_ORIGIN } });
    expect(await owner(9000)).toBe(76);
    expect(await t.store.getReadiness(t.environment.id, 'a1')).toMatchObject({ band: 'high' });
    expect(await queued()).toEqual([]);
  });
});
