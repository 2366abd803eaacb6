import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { startNode, type NodeProcess } from '../../deploy/node';
import { startProxy, type Proxy } from '../../deploy/proxy';
import { freePort } from '../../scripts/pg-cluster';
import { formatMasterKey, newMasterKey } from '../../server/infra/secrets/master-key';
import { root } from '../helpers/readme';
import { postgresUrl, tempPgDatabase } from '../helpers/stores';
import { tempDir } from '../helpers/test-app';

interface Deployment {
  url: string;
  nodes: NodeProcess[];
  proxy: Proxy;
  key: string;
  secretKey: string;
  /** Stored events among `ids`, counted in PostgreSQL itself. */
  stored(ids: string[]): Promise<number>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Two nodes started at the same moment on one fresh database, behind deploy/proxy.ts, as deploy/run.ts runs them. */
async function deploy(): Promise<Deployment> {
  const database = await tempPgDatabase();
  cleanups.push(() => database.drop());
  const dir = tempDir('upshift-nodes-');
  cleanups.push(() => dir.remove());
  const env = {
    UPSHIFT_DATABASE_URL: database.url,
    UPSHIFT_ENCRYPTION_KEY: formatMasterKey(newMasterKey()),
    UPSHIFT_DATA_DIR: dir.dir,
    UPSHIFT_TRUST_PROXY: '1',
    UPSHIFT_DEMO: '1',
    UPSHIFT_WEBHOOK_ALLOW_PRIVATE: '1',
  };
  const [a, b] = await Promise.all([0, 1].map(async () => startNode({ entry: join(root, 'server', 'main.ts'), tsx: true, port: await freePort(), cwd: root, env })));
  const nodes = [a!, b!];
  cleanups.push(() => Promise.all(nodes.map((n) => n.stop('SIGKILL'))).then(() => undefined));
  const proxy = await startProxy(nodes.map((n) => n.url), 0, 200);
  cleanups.push(() => proxy.close());
  // Started together, they seeded one demo between them: both print its key.
  const keys = nodes.map((n) => /Publishable key: (pk_\w+)/.exec(n.output())?.[1]);
  expect(keys[0]).toBeDefined();
  expect(keys[1]).toBe(keys[0]);
  const secretKey = nodes.map((n) => /Secret key:\s+(sk_\w+)/.exec(n.output())?.[1]).find((k) => k !== undefined);
  if (!secretKey) throw new Error(`no secret key in either banner:\n${nodes.map((n) => n.output()).join('\n')}`);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  cleanups.push(() => client.end());
  return {
    url: proxy.url,
    nodes,
    proxy,
    key: keys[0]!,
    secretKey,
    async stored(ids) {
      return Number((await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM events WHERE event_id = ANY($1::text[])', [ids])).rows[0]!.n);
    },
  };
}

const track = (id: string) => ({ id, type: 'track', name: 'multi.node', at: new Date().toISOString(), userId: 'u1', accountId: 'acct-1' });

async function postEvents(base: string, key: string, ids: string[]): Promise<Response> {
  return fetch(`${base}/v1/events?key=${key}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ events: ids.map(track) }) });
}

const secret = (d: Deployment, base: string, method: string, path: string, body?: unknown) =>
  fetch(`${base}${path}`, { method, headers: { Authorization: `Bearer ${d.secretKey}`, 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

describe.skipIf(!postgresUrl)('two nodes on one PostgreSQL behind a proxy', () => {
  it('serves a publish made through node A from node B within 1 s', async () => {
    const d = await deploy();
    const [a, b] = d.nodes as [NodeProcess, NodeProcess];
    const before = (await (await fetch(`${b.url}/v1/config?key=${d.key}`)).json()) as { version: number };
    const published = await secret(d, a.url, 'POST', '/v1/publish');
    expect(published.status).toBe(201);
    const { version } = (await published.json()) as { version: number };
    expect(version).toBeGreaterThan(before.version);
    const deadline = Date.now() + 1_000;
    let served = before.version;
    while (served !== version && Date.now() < deadline) served = ((await (await fetch(`${b.url}/v1/config?key=${d.key}`)).json()) as { version: number }).version;
    expect(served).toBe(version);
  });

  it('stores events sent through both nodes with repeated ids exactly once', async () => {
    const d = await deploy();
    const ids = Array.from({ length: 60 }, () => crypto.randomUUID());
    const batches = Array.from({ length: 6 }, (_, i) => ids.slice(i * 10, i * 10 + 10));
    // Every batch three times at once: to each node directly and through the proxy.
    const targets = [...d.nodes.map((n) => n.url), d.url];
    const answers = await Promise.all(batches.flatMap((batch) => targets.map(async (t) => (await postEvents(t, d.key, batch)).json() as Promise<{ accepted: number; duplicates: number }>)));
    expect(answers.reduce((n, r) => n + r.accepted, 0)).toBe(ids.length);
    expect(answers.reduce((n, r) => n + r.duplicates, 0)).toBe(ids.length * 2);
    expect(await d.stored(ids)).toBe(ids.length);
  });

  it('with both nodes running deliverers, each webhook reaches the receiver once', async () => {
    const d = await deploy();
    const received: string[] = [];
    const receiver: Server = createServer((req, res) => {
      received.push(String(req.headers['webhook-id']));
      req.resume().on('end', () => res.writeHead(200).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    expect((await secret(d, d.url, 'PUT', '/v1/webhooks', { url: hook })).status).toBeLessThan(300);
    const sent = 20;
    // Queued through the proxy, so both nodes queue and both deliverers are kicked.
    const queued = await Promise.all(Array.from({ length: sent }, () => secret(d, d.url, 'POST', '/v1/webhooks/test')));
    expect(queued.map((r) => r.status).every((s) => s < 300)).toBe(true);
    // Wait until every delivery is recorded as sent, then stop both nodes: a stopping node finishes
    // the sends it has started, so once both have exited nothing more can arrive.
    for (let left = 300; ; left--) {
      const log = (await (await secret(d, d.url, 'GET', '/v1/webhooks/deliveries')).json()) as { deliveries: { status: string }[] };
      if (log.deliveries.length >= sent && log.deliveries.every((x) => x.status === 'succeeded')) break;
      if (left === 0) throw new Error(`deliveries not all sent: ${JSON.stringify(log.deliveries.map((x) => x.status))}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await Promise.all(d.nodes.map((n) => n.stop('SIGTERM')))).toEqual([0, 0]);
    expect(received).toHaveLength(sent);
    expect(new Set(received).size).toBe(sent);
  });

  it('loses no acknowledged event when a node is killed mid-ingest, and the other keeps serving', async () => {
    const d = await deploy();
    const acknowledged: string[] = [];
    let batchesAcked = 0;
    let killed = false;
    let ackedAfterKill = 0;
    const sender = async () => {
      while (ackedAfterKill < 20) {
        const ids = Array.from({ length: 5 }, () => crypto.randomUUID());
        const res = await postEvents(d.url, d.key, ids).catch(() => null);
        if (res?.status !== 200) continue;
        const body = (await res.json()) as { accepted: number };
        expect(body.accepted).toBe(ids.length);
        acknowledged.push(...ids);
        batchesAcked++;
        if (killed) ackedAfterKill++;
        if (!killed && batchesAcked >= 20) {
          killed = true;
          d.nodes[0]!.proc.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 4 }, sender));
    expect(await d.nodes[0]!.exited).toBe(null);
    expect(await d.stored(acknowledged)).toBe(acknowledged.length);
    expect((await fetch(`${d.url}/v1/config?key=${d.key}`)).status).toBe(200);
    expect(d.proxy.healthy()).toEqual([d.nodes[1]!.url]);
  });
});
