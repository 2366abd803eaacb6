import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import type { Store } from '../../server/store/types';
import { createDeliverer, type Deliverer } from '../../server/services/webhooks/deliver';
import { describeStores } from '../helpers/stores';
import { seedEnvironment, twoStores } from './money-helpers';

/** A local host receiving webhooks: every `webhook-id` it got, in arrival order, and a wait for a count. */
async function receiver(): Promise<{ url: string; ids: string[]; reached(n: number): Promise<void>; close(): Promise<void> }> {
  const ids: string[] = [];
  const waiters: { n: number; resolve(): void }[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      ids.push(String(req.headers['webhook-id']));
      for (const w of waiters.filter((x) => ids.length >= x.n)) w.resolve();
      // A short pause before answering keeps both deliverers' sends overlapping.
      setTimeout(() => res.writeHead(200).end('ok'), 5);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    ids,
    reached: (n) => (ids.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Resolves once every delivery of `env` in the outbox has succeeded. */
async function allSucceeded(store: Store, env: string, n: number): Promise<void> {
  for (;;) {
    const log = await store.listDeliveries(env, n + 1);
    if (log.length === n && log.every((d) => d.status === 'succeeded')) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describeStores('webhook deliverers on two nodes', ({ kind }) => {
  const pair = twoStores();
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
  });

  const deliverer = (store: Store, claimant: string): Deliverer => {
    const d = createDeliverer({ store, claimant, destinations: { allowPrivate: true }, timeoutMs: 5000 });
    cleanup.unshift(() => d.stop());
    return d;
  };

  it('sends each of many webhooks once when both nodes run a deliverer over one database', async () => {
    const [a, b] = await pair(kind);
    const host = await receiver();
    cleanup.push(() => host.close());
    const env = await seedEnvironment(a);
    await a.putWebhookEndpoint(env, { url: host.url, events: null }, 'whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ=', Date.now());
    const N = 60;
    const ids = Array.from({ length: N }, (_, i) => `msg_${String(i).padStart(3, '0')}`);
    for (const [i, id] of ids.entries()) await (i % 2 ? a : b).enqueueWebhook(env, { id, type: 'trial.started', payload: `{"n":${i}}` }, Date.now());
    const one = deliverer(a, 'node-a');
    const two = deliverer(b, 'node-b');
    one.start();
    two.start();
    await Promise.all([host.reached(N), allSucceeded(a, env, N)]);
    // Both passes have finished: anything sent twice would have arrived by now.
    await Promise.all([one.idle(), two.idle()]);
    expect(host.ids).toHaveLength(N);
    expect([...host.ids].sort()).toEqual(ids);
  });

  it("sends what a node claimed and never reported once that node's lease runs out", async () => {
    const [a, b] = await pair(kind);
    const host = await receiver();
    cleanup.push(() => host.close());
    const env = await seedEnvironment(a);
    await a.putWebhookEndpoint(env, { url: host.url, events: null }, 'whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ=', Date.now());
    await a.enqueueWebhook(env, { id: 'msg_orphan', type: 'trial.started', payload: '{}' }, Date.now());
    // Node A claims it and dies before sending: no deliverer of its own ever reports.
    const now = Date.now();
    expect(await a.claimDeliveries(now, 10, now + 300, 'node-a')).toHaveLength(1);
    deliverer(b, 'node-b').start();
    await Promise.all([host.reached(1), allSucceeded(b, env, 1)]);
    expect(host.ids).toEqual(['msg_orphan']);
  });

  it('a node stopping hands back what it still holds, for the other node to send', async () => {
    const [a, b] = await pair(kind);
    const env = await seedEnvironment(a);
    await a.putWebhookEndpoint(env, { url: 'https://hooks.example.com/in', events: null }, 'whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ=', 1000);
    await a.enqueueWebhook(env, { id: 'msg_held', type: 'trial.started', payload: '{}' }, 1000);
    // Held for an hour by node A, as a record that failed would leave it.
    expect(await a.claimDeliveries(1000, 10, 1000 + 3_600_000, 'node-a')).toHaveLength(1);
    expect(await b.claimDeliveries(2000, 10, 60_000, 'node-b')).toEqual([]);
    await createDeliverer({ store: a, claimant: 'node-a' }).stop();
    expect((await b.claimDeliveries(2000, 10, 60_000, 'node-b')).map((d) => d.id)).toEqual(['msg_held']);
  });
});
