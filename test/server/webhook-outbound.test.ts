import type { LookupAddress } from 'node:dns';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DestinationRefused, guardedLookup, postWebhook } from '../../server/services/webhooks/outbound';
import { fakeDns } from '../helpers/dns';

type Answer = { err: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family: number | undefined };

/** Calls a socket lookup the way net.connect does and collects its answer. */
const ask = (lookup: LookupFunction, hostname: string, options: Parameters<LookupFunction>[1]) =>
  new Promise<Answer>((resolve) => lookup(hostname, options, (err, address, family) => resolve({ err, address, family })));

const DNS = fakeDns({
  'both.acme.test': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
  'v4.acme.test': ['93.184.216.34'],
  'mixed.acme.test': ['93.184.216.34', '127.0.0.1'],
  'loop.acme.test': ['127.0.0.1', '::1'],
});

describe('guardedLookup', () => {
  const lookup = guardedLookup({ allowPrivate: false, resolve: DNS });

  it('hands back every address when asked for all, as net.connect does when it races families', async () => {
    expect(await ask(lookup, 'both.acme.test', { all: true })).toMatchObject({
      err: null,
      address: [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
      ],
    });
  });

  it('hands back one address of the family asked for', async () => {
    expect(await ask(lookup, 'both.acme.test', { family: 6 })).toEqual({ err: null, address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 });
    expect(await ask(lookup, 'both.acme.test', {})).toEqual({ err: null, address: '93.184.216.34', family: 4 });
    expect((await ask(lookup, 'v4.acme.test', { family: 6 })).err).toMatchObject({ code: 'ENOTFOUND' });
  });

  it.each([
    ['a name resolving to loopback', 'loop.acme.test'],
    ['a name resolving to a public and a loopback address', 'mixed.acme.test'],
    ['localhost, by name, before any resolver', 'localhost'],
    ['a subdomain of localhost', 'x.localhost.'],
  ])('refuses %s', async (_, name) => {
    const { err } = await ask(lookup, name, { all: true });
    expect(err).toBeInstanceOf(DestinationRefused);
    expect(err?.message).toBe('destination not allowed');
  });

  it('passes a resolver failure through as it is', async () => {
    expect((await ask(lookup, 'nowhere.acme.test', {})).err).toMatchObject({ code: 'ENOTFOUND' });
  });

  it('lets loopback through with allowPrivate', async () => {
    const open = guardedLookup({ allowPrivate: true, resolve: DNS });
    expect(await ask(open, 'loop.acme.test', { family: 4 })).toEqual({ err: null, address: '127.0.0.1', family: 4 });
  });
});

describe('postWebhook', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(handler);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  }

  it('sends the body with its length and headers, and answers the status', async () => {
    let seen: { method?: string | undefined; length?: string | undefined; type?: string | undefined; body: string } = { body: '' };
    const url = await listen((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        seen = { method: req.method, length: req.headers['content-length'], type: req.headers['content-type'], body };
        res.writeHead(202).end();
      });
    });
    const status = await postWebhook({ url, headers: { 'content-type': 'application/json' }, body: '{"ü":1}', timeoutMs: 2000 }, { allowPrivate: true });
    expect(status).toBe(202);
    expect(seen).toEqual({ method: 'POST', length: '8', type: 'application/json', body: '{"ü":1}' });
  });

  it('answers with the status line, not waiting for a body that never ends', async () => {
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('still going');
    });
    expect(await postWebhook({ url, headers: {}, body: '{}', timeoutMs: 2000 }, { allowPrivate: true })).toBe(200);
  });

  it('fails with a TimeoutError when no status line comes in time', async () => {
    const url = await listen(() => undefined);
    await expect(postWebhook({ url, headers: {}, body: '{}', timeoutMs: 200 }, { allowPrivate: true })).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('refuses a URL that names an internal address before making any connection', async () => {
    let connections = 0;
    const url = await listen((_req, res) => res.end());
    server!.on('connection', () => connections++);
    await expect(postWebhook({ url, headers: {}, body: '{}', timeoutMs: 2000 }, { allowPrivate: false })).rejects.toBeInstanceOf(DestinationRefused);
    expect(connections).toBe(0);
  });
});
