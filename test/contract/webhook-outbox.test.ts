import { expect, it } from 'vitest';
import type { Store } from '../../server/store/types';
import type { DeliveryOutcome } from '../../server/store/webhook-types';
import { describeStores } from '../helpers/stores';
import { MIN, seedEnvironment, T0, twoStores } from './money-helpers';

const LEASE = 5 * MIN;

/** An environment with an endpoint taking every type, and `n` deliveries queued one ms apart from T0. */
async function queued(store: Store, n: number): Promise<{ env: string; ids: string[] }> {
  const env = await seedEnvironment(store);
  await store.putWebhookEndpoint(env, { url: 'https://hooks.example.com/in', events: null }, 'whsec_test', T0);
  const ids = Array.from({ length: n }, (_, i) => `msg_${String(i).padStart(3, '0')}`);
  for (const [i, id] of ids.entries()) {
    expect(await store.enqueueWebhook(env, { id, type: 'trial.started', payload: `{"n":${i}}` }, T0 + i)).toBe(true);
  }
  return { env, ids };
}

const retryAt = (at: number): DeliveryOutcome => ({ status: 'pending', attempts: 1, lastStatus: 500, lastError: 'HTTP 500', nextAttemptAt: at });

describeStores('webhook outbox', ({ kind, open }) => {
  const pair = twoStores();

  it('claims due deliveries oldest first, and not again while the lease holds', async () => {
    const store = await open();
    const { ids } = await queued(store, 5);
    expect((await store.claimDeliveries(T0 + 2, 10, T0 + LEASE, 'node-a')).map((d) => d.id)).toEqual(ids.slice(0, 3));
    expect((await store.claimDeliveries(T0 + 10, 10, T0 + LEASE, 'node-b')).map((d) => d.id)).toEqual(ids.slice(3));
    expect(await store.claimDeliveries(T0 + LEASE - 1, 10, T0 + 2 * LEASE, 'node-b')).toEqual([]);
  });

  it('two stores over one database, claiming at once, claim every delivery exactly once', async () => {
    const [a, b] = await pair(kind);
    const { ids } = await queued(a, 40);
    const claims = await Promise.all(
      Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? a : b).claimDeliveries(T0 + 100, 4, T0 + LEASE, i % 2 === 0 ? 'node-a' : 'node-b')),
    );
    const claimed = claims.flat().map((d) => d.id);
    expect(claimed.sort()).toEqual(ids);
  });

  it('hands a delivery whose lease ran out (its node died mid-send) to another claimant', async () => {
    const store = await open();
    const { ids } = await queued(store, 1);
    await store.claimDeliveries(T0, 10, T0 + LEASE, 'node-a');
    // Due again when the lease ends, and claimable from then on.
    expect(await store.nextDeliveryAt()).toBe(T0 + LEASE);
    expect(await store.claimDeliveries(T0 + LEASE - 1, 10, T0 + 2 * LEASE, 'node-b')).toEqual([]);
    expect((await store.claimDeliveries(T0 + LEASE, 10, T0 + 2 * LEASE, 'node-b')).map((d) => d.id)).toEqual(ids);
  });

  it("hands back only the releasing claimant's deliveries, due again at once", async () => {
    const store = await open();
    const { ids } = await queued(store, 3);
    await store.claimDeliveries(T0 + 1, 2, T0 + LEASE, 'node-a');
    await store.claimDeliveries(T0 + 2, 2, T0 + LEASE, 'node-b');
    expect(await store.releaseClaims('node-a')).toBe(2);
    expect(await store.nextDeliveryAt()).toBe(T0);
    expect((await store.claimDeliveries(T0 + 3, 10, T0 + LEASE, 'node-c')).map((d) => d.id)).toEqual(ids.slice(0, 2));
    expect(await store.releaseClaims('node-a')).toBe(0);
  });

  it('an attempt ends the claim: a retry is due at its own time, and a success or failure is never claimed again', async () => {
    const store = await open();
    const { env, ids } = await queued(store, 3);
    await store.claimDeliveries(T0 + 2, 10, T0 + LEASE, 'node-a');
    await store.recordDeliveryAttempt(ids[0]!, retryAt(T0 + MIN), T0 + 10);
    await store.recordDeliveryAttempt(ids[1]!, { status: 'succeeded', attempts: 1, lastStatus: 200, lastError: null, nextAttemptAt: null }, T0 + 10);
    await store.recordDeliveryAttempt(ids[2]!, { status: 'failed', attempts: 6, lastStatus: 500, lastError: 'HTTP 500', nextAttemptAt: null }, T0 + 10);
    expect(await store.nextDeliveryAt()).toBe(T0 + MIN);
    // Still inside node-a's lease, yet claimable: the record ended it.
    const again = await store.claimDeliveries(T0 + MIN, 10, T0 + LEASE, 'node-b');
    expect(again.map((d) => [d.id, d.attempts, d.lastError])).toEqual([[ids[0], 1, 'HTTP 500']]);
    expect(await store.releaseClaims('node-a')).toBe(0);
    expect((await store.listDeliveries(env, 10)).map((d) => [d.id, d.status])).toEqual([
      [ids[2], 'failed'],
      [ids[1], 'succeeded'],
      [ids[0], 'pending'],
    ]);
  });

  it('has nothing due and no next time when nothing is pending', async () => {
    const store = await open();
    await seedEnvironment(store);
    expect(await store.claimDeliveries(T0, 10, T0 + LEASE, 'node-a')).toEqual([]);
    expect(await store.nextDeliveryAt()).toBeNull();
  });
});
