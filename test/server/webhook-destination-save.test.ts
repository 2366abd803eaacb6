import { afterEach, describe, expect, it } from 'vitest';
import { classifyAddress } from '../../server/services/webhooks/destination';
import { systemResolve, type DestinationPolicy } from '../../server/services/webhooks/outbound';
import { WebhookEndpointWithSecret } from '../../shared/schemas/webhook';
import { fakeDns } from '../helpers/dns';
import { expectApiError } from '../helpers/http';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { secretCall } from './webhook-helpers';

// PUT /v1/webhooks refuses, with a 400 at "url", a destination inside the network: by address in
// any spelling, or by a name that resolves there.

const DNS = {
  'hooks.acme.test': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
  'loop.acme.test': ['127.0.0.1'],
  'split.acme.test': ['93.184.216.34', '10.0.0.7'],
  'metadata.acme.test': ['169.254.169.254'],
  'mapped.acme.test': ['::ffff:192.168.0.1'],
};

let t: TestApp | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

async function app(webhooks: Partial<DestinationPolicy> = {}): Promise<TestApp> {
  await t?.cleanup();
  t = await createTestApp({ webhooks: { allowPrivate: false, resolve: fakeDns(DNS), ...webhooks } });
  return t;
}

const put = (a: TestApp, url: string) => secretCall(a, 'PUT', '/v1/webhooks', { url });

async function expectRefused(a: TestApp, url: string, because: string | RegExp) {
  const res = await put(a, url);
  const body = (await res.clone().json()) as { error: { code: string; message: string; details: { issues: { path: string; code: string; message: string }[] } } };
  const error = await expectApiError(res, 400, 'invalid_request');
  expect(error.message).toMatch(/^Invalid webhook endpoint at "url": must not point inside a private network/);
  expect(body.error.details.issues).toEqual([{ path: 'url', code: 'custom', message: expect.stringMatching(because) }]);
}

const stored = async (a: TestApp) => ((await (await secretCall(a, 'GET', '/v1/webhooks')).json()) as { webhook: { url: string } | null }).webhook;

describe('PUT /v1/webhooks refuses destinations inside the network', () => {
  it.each([
    ['http://127.0.0.1/hooks', '127.0.0.1 is a loopback address'],
    ['http://127.1/hooks', '127.0.0.1 is a loopback address'],
    ['http://0x7f000001/hooks', '127.0.0.1 is a loopback address'],
    ['http://2130706433/hooks', '127.0.0.1 is a loopback address'],
    ['http://0177.0.0.1/hooks', '127.0.0.1 is a loopback address'],
    ['http://127.0.0.1:8787/v1/events', 'loopback'],
    ['http://[::1]/hooks', '::1 is a loopback address'],
    ['http://[0:0:0:0:0:0:0:1]:8080/hooks', 'loopback'],
    ['http://[::ffff:127.0.0.1]/hooks', 'loopback'],
    ['http://localhost/hooks', 'localhost is a loopback address'],
    ['https://LocalHost.:443/hooks', 'localhost is a loopback address'],
    ['http://admin.localhost/hooks', 'admin.localhost is a loopback address'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://[fe80::1]/hooks', 'link-local'],
    ['http://10.1.2.3/hooks', 'private-network'],
    ['http://172.16.0.1/hooks', 'private-network'],
    ['http://192.168.1.20:3000/hooks', 'private-network'],
    ['http://100.100.100.200/', 'carrier-grade NAT'],
    ['http://[fd12:3456::1]/hooks', 'unique-local'],
    ['http://224.0.0.251/hooks', 'multicast'],
    ['http://0.0.0.0:8787/hooks', 'unspecified'],
    ['http://[::]/hooks', 'unspecified'],
  ])('%s (%s)', async (url, because) => {
    const a = await app();
    await expectRefused(a, url, because);
    expect(await stored(a)).toBeNull();
  });

  it.each([
    ['loop.acme.test', 'loop.acme.test resolves to a loopback address'],
    ['split.acme.test', 'split.acme.test resolves to a private-network address'],
    ['metadata.acme.test', 'metadata.acme.test resolves to a link-local address'],
    ['mapped.acme.test', 'mapped.acme.test resolves to a private-network address'],
  ])('refuses %s, a name resolving inside, even when it also resolves outside', async (name, because) => {
    const a = await app();
    await expectRefused(a, `https://${name}/hooks`, because);
  });

  it('keeps the endpoint it had when a new URL is refused', async () => {
    const a = await app();
    expect((await put(a, 'https://hooks.acme.test/upshift')).status).toBe(201);
    await expectRefused(a, 'http://127.1/upshift', 'loopback');
    expect((await stored(a))?.url).toBe('https://hooks.acme.test/upshift');
  });

  it('accepts a public address and a name resolving only to public ones', async () => {
    const a = await app();
    expect((await put(a, 'https://93.184.216.34/hooks')).status).toBe(201);
    expect((await put(a, 'https://hooks.acme.test/hooks')).status).toBe(200);
    expect((await put(a, 'https://[2606:4700:4700::1111]/hooks')).status).toBe(200);
  });

  it('accepts a name that does not resolve, or whose resolver fails, leaving the check to delivery', async () => {
    const a = await app({ resolve: fakeDns() });
    expect((await put(a, 'https://not-yet.acme.test/hooks')).status).toBe(201);
    const broken = await app({ resolve: () => Promise.reject(new TypeError('resolver exploded')) });
    expect((await put(broken, 'https://hooks.acme.test/hooks')).status).toBe(201);
    expect(broken.logger.entries.filter((e) => e.level === 'error')).toEqual([]);
  });

  it('with allowPrivate, accepts loopback and private networks but still refuses metadata, multicast and unspecified', async () => {
    const a = await app({ allowPrivate: true });
    for (const url of ['http://127.0.0.1:4000/hooks', 'http://localhost:4000/hooks', 'http://[::1]/hooks', 'http://10.0.0.2/hooks', 'https://loop.acme.test/hooks']) {
      const res = await put(a, url);
      expect(res.status, url).toBeLessThan(300);
      expect(WebhookEndpointWithSecret.parse(await res.json()).webhook.url).toBe(url);
    }
    await expectRefused(a, 'http://169.254.169.254/', 'link-local');
    await expectRefused(a, 'https://metadata.acme.test/', 'link-local');
    await expectRefused(a, 'http://224.0.0.1/', 'multicast');
    await expectRefused(a, 'http://0.0.0.0/', 'unspecified');
  });

  it('names the development switch only where it would help', async () => {
    const a = await app();
    await expectRefused(a, 'http://127.0.0.1/', /UPSHIFT_WEBHOOK_ALLOW_PRIVATE=1/);
    await expectRefused(a, 'http://169.254.169.254/', /^(?!.*UPSHIFT_WEBHOOK_ALLOW_PRIVATE).*$/);
  });
});

describe('systemResolve', () => {
  it('answers every address of a name as the operating system resolves it', async () => {
    const addresses = await systemResolve('localhost');
    expect(addresses.length).toBeGreaterThan(0);
    for (const { address } of addresses) expect(classifyAddress(address)).toBe('loopback');
  });
});
