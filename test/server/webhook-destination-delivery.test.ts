import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebhookDelivery } from '../../shared/schemas/webhook';
import { fakeDns } from '../helpers/dns';
import { createWebhookTestApp, secretCall, signedTrials, startReceiver, type Receiver, type WebhookTestApp, type WebhookTestAppOptions } from './webhook-helpers';

// Delivery checks the address it actually connects to, over real loopback HTTP: a name that
// resolved to a public address when saved and to 127.0.0.1 when sent (DNS rebinding), an endpoint
// an older server stored, a redirect inward. The receiver must see no connection at all.

const START = { userId: 'u1', accountId: 'a1', ruleId: 'try-reports', feature: 'scheduled_reports' };
const PUBLIC = '93.184.216.34';

let t: WebhookTestApp | undefined;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
  for (const close of closers.splice(0)) await close();
});

async function app(options: WebhookTestAppOptions): Promise<WebhookTestApp> {
  t = await createWebhookTestApp(options);
  return t;
}

async function receiver(): Promise<Receiver> {
  const r = await startReceiver();
  closers.push(() => r.close());
  return r;
}

const portOf = (url: string) => new URL(url).port;

/** A name that resolves to a public address until the endpoint is saved, then to loopback. */
function rebinding() {
  let answer = [PUBLIC];
  const dns = fakeDns({ 'hooks.rebind.test': () => answer });
  return { dns, rebind: () => (answer = ['127.0.0.1']) };
}

/** Saves the endpoint, starts a trial and waits for the deliverer to record its first attempt. */
async function deliverOnce(app: WebhookTestApp, url: string): Promise<WebhookDelivery> {
  const put = await secretCall(app, 'PUT', '/v1/webhooks', { url, events: ['trial.started'] });
  expect(put.status, await put.clone().text()).toBe(201);
  return attempt(app);
}

async function attempt(app: WebhookTestApp): Promise<WebhookDelivery> {
  // A trial needs a verified person: the demo's way, a token signed with the environment's secret.
  expect((await (await signedTrials(app))(START)).status).toBe(201);
  await app.deliverer.idle();
  const res = await secretCall(app, 'GET', '/v1/webhooks/deliveries');
  const [delivery] = WebhookDelivery.array().parse(((await res.json()) as { deliveries: unknown }).deliveries);
  expect(delivery?.attempts).toBe(1);
  return delivery!;
}

describe('webhook delivery checks the address it connects to', () => {
  it('refuses a name that resolved to a public address when saved and to loopback when sent (DNS rebinding)', async () => {
    const { dns, rebind } = rebinding();
    const a = await app({ resolve: dns });
    const r = await receiver();
    const put = await secretCall(a, 'PUT', '/v1/webhooks', { url: `http://hooks.rebind.test:${portOf(r.url)}/hooks`, events: ['trial.started'] });
    expect(put.status).toBe(201);
    rebind();

    const delivery = await attempt(a);
    expect(delivery).toMatchObject({ status: 'pending', lastStatus: null, lastError: 'destination not allowed' });
    // Once when saved, once when sent: the second answer is the one that counted.
    expect(dns.calls).toEqual(['hooks.rebind.test', 'hooks.rebind.test']);
    expect(r.connections()).toBe(0);
    expect(r.received).toHaveLength(0);
  });

  it('sends to that same rebinding name once private destinations are allowed: the check, not the resolver, stopped it', async () => {
    const { dns, rebind } = rebinding();
    const a = await app({ resolve: dns, allowPrivate: true });
    const r = await receiver();
    expect((await secretCall(a, 'PUT', '/v1/webhooks', { url: `http://hooks.rebind.test:${portOf(r.url)}/hooks`, events: ['trial.started'] })).status).toBe(201);
    rebind();
    expect(await attempt(a)).toMatchObject({ status: 'succeeded', lastStatus: 200, lastError: null });
    expect(r.received).toHaveLength(1);
    expect(r.received[0]!.headers.host).toBe(`hooks.rebind.test:${portOf(r.url)}`);
  });

  it('keeps refusing on every retry, then fails the delivery, without ever connecting', async () => {
    const { dns, rebind } = rebinding();
    const a = await app({ resolve: dns });
    const r = await receiver();
    expect((await secretCall(a, 'PUT', '/v1/webhooks', { url: `http://hooks.rebind.test:${portOf(r.url)}/hooks` })).status).toBe(201);
    rebind();
    await attempt(a);
    while (a.time.fireNext()) await a.deliverer.idle();
    const [delivery] = WebhookDelivery.array().parse(((await (await secretCall(a, 'GET', '/v1/webhooks/deliveries')).json()) as { deliveries: unknown }).deliveries);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 7, lastStatus: null, lastError: 'destination not allowed' });
    expect(r.connections()).toBe(0);
  });

  it.each(['open', 'closed'])('says only "destination not allowed" for a %s port, so the log cannot scan the network', async (state) => {
    const { dns, rebind } = rebinding();
    const a = await app({ resolve: dns });
    const r = await receiver();
    if (state === 'closed') await r.close();
    expect((await secretCall(a, 'PUT', '/v1/webhooks', { url: `http://hooks.rebind.test:${portOf(r.url)}/hooks` })).status).toBe(201);
    rebind();
    expect(await attempt(a)).toMatchObject({ status: 'pending', lastStatus: null, lastError: 'destination not allowed' });
    expect(r.connections()).toBe(0);
  });

  it.each([
    ['a loopback address', (port: string) => `http://127.0.0.1:${port}/hooks`],
    ['an odd spelling of loopback', (port: string) => `http://0x7f000001:${port}/hooks`],
    ['IPv4-mapped loopback', (port: string) => `http://[::ffff:127.0.0.1]:${port}/hooks`],
    ['localhost', (port: string) => `http://localhost:${port}/hooks`],
  ])('refuses an endpoint an older server saved at %s', async (_, urlFor) => {
    const a = await app({});
    const r = await receiver();
    // Saved straight into the store, as a server without the check at save would have.
    await a.store.putWebhookEndpoint(a.environment.id, { url: urlFor(portOf(r.url)), events: null }, 'whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3', 0);
    expect(await attempt(a)).toMatchObject({ status: 'pending', lastStatus: null, lastError: 'destination not allowed' });
    expect(r.connections()).toBe(0);
  });
});

describe('webhook redirects', () => {
  it.each([301, 302, 307, 308])('are not followed: a %i to an internal URL is a failed attempt and the target sees nothing', async (status) => {
    const a = await app({ allowPrivate: true });
    const inside = await receiver();
    const redirector = createServer((_req, res) => res.writeHead(status, { Location: inside.url }).end());
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => redirector.close(() => resolve())));
    const { port } = redirector.address() as AddressInfo;

    const delivery = await deliverOnce(a, `http://127.0.0.1:${port}/hooks`);
    expect(delivery).toMatchObject({ status: 'pending', lastStatus: status, lastError: `HTTP ${status}` });
    expect(inside.connections()).toBe(0);
  });
});
