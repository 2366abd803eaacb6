import { expect, it } from 'vitest';
import { TEST_WEBHOOK_TYPE } from '../../shared/schemas/webhook';
import { describeStores } from '../helpers/stores';
import { MIN, seedEnvironment, T0 } from './money-helpers';

const URL_A = 'https://hooks.example.com/a';
const URL_B = 'https://hooks.example.com/b';

describeStores('webhook endpoints', ({ open }) => {
  it('creates an endpoint, then changes its URL and types but keeps the secret the host trusts', async () => {
    const store = await open();
    const env = await seedEnvironment(store);
    expect(await store.getWebhookEndpoint(env)).toBeNull();
    const first = await store.putWebhookEndpoint(env, { url: URL_A, events: ['trial.started'] }, 'whsec_first', T0);
    expect(first).toEqual({ created: true, endpoint: { url: URL_A, events: ['trial.started'], secret: 'whsec_first', createdAt: T0, updatedAt: T0 } });
    const second = await store.putWebhookEndpoint(env, { url: URL_B, events: null }, 'whsec_ignored', T0 + MIN);
    expect(second).toEqual({ created: false, endpoint: { url: URL_B, events: null, secret: 'whsec_first', createdAt: T0, updatedAt: T0 + MIN } });
    expect(await store.getWebhookEndpoint(env)).toEqual(second.endpoint);
  });

  it('rotates the secret of an endpoint, and answers null without one', async () => {
    const store = await open();
    const env = await seedEnvironment(store);
    expect(await store.rotateWebhookSecret(env, 'whsec_new', T0)).toBeNull();
    await store.putWebhookEndpoint(env, { url: URL_A, events: null }, 'whsec_old', T0);
    expect(await store.rotateWebhookSecret(env, 'whsec_new', T0 + MIN)).toEqual({ url: URL_A, events: null, secret: 'whsec_new', createdAt: T0, updatedAt: T0 + MIN });
  });

  it('queues only what the endpoint takes: its chosen types and the test message, nothing without an endpoint', async () => {
    const store = await open();
    const env = await seedEnvironment(store);
    expect(await store.enqueueWebhook(env, { id: 'msg_0', type: 'trial.started', payload: '{}' }, T0)).toBe(false);
    await store.putWebhookEndpoint(env, { url: URL_A, events: ['trial.started'] }, 'whsec_x', T0);
    expect(await store.enqueueWebhook(env, { id: 'msg_1', type: 'trial.started', payload: '{"a":1}' }, T0 + 1)).toBe(true);
    expect(await store.enqueueWebhook(env, { id: 'msg_2', type: 'admin.requested', payload: '{}' }, T0 + 2)).toBe(false);
    expect(await store.enqueueWebhook(env, { id: 'msg_3', type: TEST_WEBHOOK_TYPE, payload: '{}' }, T0 + 3)).toBe(true);
    const log = await store.listDeliveries(env, 10);
    expect(log.map((d) => d.id)).toEqual(['msg_3', 'msg_1']);
    expect(log[1]).toEqual({
      id: 'msg_1',
      environmentId: env,
      type: 'trial.started',
      payload: '{"a":1}',
      attempts: 0,
      status: 'pending',
      lastStatus: null,
      lastError: null,
      nextAttemptAt: T0 + 1,
      createdAt: T0 + 1,
      updatedAt: T0 + 1,
    });
  });

  it('lists the log newest first, the later queued first on a tie, up to the limit', async () => {
    const store = await open();
    const env = await seedEnvironment(store);
    await store.putWebhookEndpoint(env, { url: URL_A, events: null }, 'whsec_x', T0);
    for (const [id, at] of [['m1', T0], ['m2', T0 + 5], ['m3', T0]] as const) await store.enqueueWebhook(env, { id, type: 'trial.started', payload: '{}' }, at);
    expect((await store.listDeliveries(env, 10)).map((d) => d.id)).toEqual(['m2', 'm3', 'm1']);
    expect((await store.listDeliveries(env, 1)).map((d) => d.id)).toEqual(['m2']);
  });

  it('resends a failed delivery from its first attempt; a pending one stays as it is; another environment finds none', async () => {
    const store = await open();
    const env = await seedEnvironment(store);
    const other = await seedEnvironment(store);
    await store.putWebhookEndpoint(env, { url: URL_A, events: null }, 'whsec_x', T0);
    await store.enqueueWebhook(env, { id: 'm1', type: 'trial.started', payload: '{}' }, T0);
    await store.enqueueWebhook(env, { id: 'm2', type: 'trial.started', payload: '{}' }, T0);
    await store.recordDeliveryAttempt('m1', { status: 'failed', attempts: 7, lastStatus: 500, lastError: 'HTTP 500', nextAttemptAt: null }, T0 + MIN);
    const resent = await store.resendDelivery(env, 'm1', T0 + 2 * MIN);
    expect(resent).toEqual({
      outcome: 'queued',
      delivery: expect.objectContaining({ id: 'm1', status: 'pending', attempts: 0, lastStatus: 500, lastError: 'HTTP 500', nextAttemptAt: T0 + 2 * MIN, updatedAt: T0 + 2 * MIN }),
    });
    const pending = await store.resendDelivery(env, 'm2', T0 + 2 * MIN);
    expect(pending).toEqual({ outcome: 'not_failed', delivery: expect.objectContaining({ id: 'm2', status: 'pending', nextAttemptAt: T0, updatedAt: T0 }) });
    expect(await store.resendDelivery(other, 'm1', T0)).toEqual({ outcome: 'not_found' });
    expect(await store.resendDelivery(env, 'nope', T0)).toEqual({ outcome: 'not_found' });
  });
});
