import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../deploy/proxy';

const open: (Server | Proxy)[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await ('url' in s ? s.close() : new Promise<void>((resolve) => s.close(() => resolve())));
});

/** A stand-in node: answers /healthz while `healthy`, and echoes its name, method, path, body and X-Forwarded-For. */
async function fakeNode(name: string) {
  const state = { healthy: true };
  const server = createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(state.healthy ? 200 : 503).end();
      return;
    }
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json', 'X-Node': name }).end(JSON.stringify({ name, method: req.method, url: req.url, body, forwarded: req.headers['x-forwarded-for'] ?? null })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, state };
}

interface Echo {
  name: string;
  method: string;
  url: string;
  body: string;
  forwarded: string | null;
}

describe('deploy/proxy.ts', () => {
  it('takes turns between the nodes and passes method, path, body and headers through, appending X-Forwarded-For', async () => {
    const [a, b] = [await fakeNode('a'), await fakeNode('b')];
    const proxy = await startProxy([a.url, b.url]);
    open.push(proxy);
    const names: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${proxy.url}/v1/events?key=pk_1`, { method: 'POST', body: `n=${i}`, headers: { 'X-Forwarded-For': '203.0.113.9' } });
      expect(res.headers.get('x-node')).toMatch(/^[ab]$/);
      const echo = (await res.json()) as Echo;
      expect(echo).toMatchObject({ method: 'POST', url: '/v1/events?key=pk_1', body: `n=${i}`, forwarded: '203.0.113.9, 127.0.0.1' });
      names.push(echo.name);
    }
    expect(names).toEqual(['a', 'b', 'a', 'b']);
  });

  it('skips a node whose health check fails, and one that refuses connections, and takes it back once healthy', async () => {
    const [a, b] = [await fakeNode('a'), await fakeNode('b')];
    b.state.healthy = false;
    const proxy = await startProxy([a.url, b.url], 0, 50);
    open.push(proxy);
    expect(proxy.healthy()).toEqual([a.url]);
    for (let i = 0; i < 3; i++) expect(((await (await fetch(`${proxy.url}/x`)).json()) as Echo).name).toBe('a');

    b.state.healthy = true;
    while (proxy.healthy().length < 2) await new Promise((r) => setTimeout(r, 20));
    const seen = new Set<string>();
    for (let i = 0; i < 2; i++) seen.add(((await (await fetch(`${proxy.url}/x`)).json()) as Echo).name);
    expect(seen).toEqual(new Set(['a', 'b']));

    // Node a goes away between health checks: the request that finds it gone fails, later ones go to b.
    await new Promise<void>((resolve) => a.server.close(() => resolve()));
    a.server.closeAllConnections();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${proxy.url}/x`)).status);
    expect(statuses.filter((s) => s === 502).length).toBeLessThanOrEqual(1);
    expect(statuses.slice(-2)).toEqual([200, 200]);
    expect(proxy.healthy()).toEqual([b.url]);
  });
});
