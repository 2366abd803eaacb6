import type { OutgoingHttpHeaders } from 'node:http';
import pg from 'pg';
import { findPgBin, startCluster } from '../scripts/pg-cluster';
import { newMasterKey } from '../server/secrets/master-key';
import { startServer, type ServerChild } from './child';
import { makeBatches, seeded } from './events';
import { runLoad } from './load';
import { measure, type Round } from './measure';
import { int, median, ratio, table } from './report';

const ROUNDS = 3;
const CONFIG_MS = 2_000;
const INGEST_MS = 3_000;
const CONCURRENCY = 32;
const BATCH = 50;
const INGEST_CONCURRENCY = 8;

const configLoad = (server: ServerChild, port = server.port, concurrency = CONCURRENCY) => ({
  port,
  method: 'GET' as const,
  path: '/v1/config',
  headers: { 'x-upshift-key': server.publishableKey!, accept: 'application/json' } satisfies OutgoingHttpHeaders,
  concurrency,
  durationMs: CONFIG_MS,
  maxRequests: 1_000_000,
  expectStatus: 200,
});

/** Config req/s and server µs per request on one server, median of alternating rounds with the other. */
async function configRounds(a: ServerChild, b: ServerChild): Promise<[Round[], Round[]]> {
  const ra: Round[] = [];
  const rb: Round[] = [];
  await measure(a, { ...configLoad(a), durationMs: 500 });
  await measure(b, { ...configLoad(b), durationMs: 500 });
  for (let i = 0; i < ROUNDS; i++) {
    const order: [ServerChild, Round[]][] = i % 2 === 0 ? [[a, ra], [b, rb]] : [[b, rb], [a, ra]];
    for (const [s, out] of order) out.push(await measure(s, configLoad(s)));
  }
  return [ra, rb];
}

/** Ingest rows/s and server µs per row on one server: the same generated batches for both. */
async function ingestRounds(a: ServerChild, b: ServerChild): Promise<[Round[], Round[]]> {
  const rand = seeded(17);
  const load = (s: ServerChild, count: number, durationMs: number) => {
    const bodies = makeBatches(count, BATCH, rand, Date.now()).map((events) => Buffer.from(JSON.stringify({ events })));
    return measure(
      s,
      {
        port: s.port,
        method: 'POST',
        path: '/v1/events',
        headers: { 'x-upshift-key': s.publishableKey!, 'content-type': 'application/json' },
        concurrency: INGEST_CONCURRENCY,
        durationMs,
        maxRequests: count,
        bodies,
        expectStatus: 200,
      },
      BATCH,
    );
  };
  const warmA = await load(a, 40, 30_000);
  const warmB = await load(b, 40, 30_000);
  const rate = Math.max(warmA.perSecond, warmB.perSecond) / BATCH;
  const perRound = Math.max(20, Math.min(4_000, Math.ceil((rate * INGEST_MS * 1.5) / 1000)));
  const ra: Round[] = [];
  const rb: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const order: [ServerChild, Round[]][] = i % 2 === 0 ? [[a, ra], [b, rb]] : [[b, rb], [a, ra]];
    for (const [s, out] of order) out.push(await load(s, perRound, INGEST_MS));
  }
  return [ra, rb];
}

/** Config req/s with the load spread over two nodes at once, and the CPU both spent. */
async function twoNodeRound(a: ServerChild, b: ServerChild): Promise<{ perSecond: number; microsPerOp: number }> {
  const before = (await a.cpuMicros()) + (await b.cpuMicros());
  const [ra, rb] = await Promise.all([runLoad(configLoad(a, a.port, CONCURRENCY / 2)), runLoad(configLoad(b, b.port, CONCURRENCY / 2))]);
  const cpu = (await a.cpuMicros()) + (await b.cpuMicros()) - before;
  const seconds = Math.max(ra.seconds, rb.seconds);
  return { perSecond: (ra.ok + rb.ok) / seconds, microsPerOp: cpu / (ra.ok + rb.ok) };
}

/**
 * The same server over PostgreSQL against SQLite (config and ingest), and two PostgreSQL nodes
 * against one (config), all in this run. PostgreSQL runs as a throwaway durable cluster (fsync on,
 * as SQLite's `synchronous = FULL`) on this machine, so both stores pay for durable commits.
 */
export async function postgresBench(sqlite: ServerChild, dir: string): Promise<string> {
  if (!findPgBin()) return 'PostgreSQL: not installed here (Debian: apt-get install -y postgresql); section skipped';
  const cluster = await startCluster({ durable: true });
  const children: ServerChild[] = [];
  try {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE bench');
    await admin.end();
    const env = {
      UPSHIFT_BENCH_DIR: dir,
      UPSHIFT_BENCH_DATABASE_URL: cluster.url.replace(/\/postgres$/, '/bench'),
      UPSHIFT_ENCRYPTION_KEY: newMasterKey().toString('hex'),
    };
    const nodeA = await startServer('full-server.ts', env);
    children.push(nodeA);
    const nodeB = await startServer('full-server.ts', { ...env, UPSHIFT_BENCH_JOIN: '1' });
    children.push(nodeB);

    const [cfgPg, cfgLite] = await configRounds(nodeA, sqlite);
    const [ingPg, ingLite] = await ingestRounds(nodeA, sqlite);
    const one: { perSecond: number; microsPerOp: number }[] = [];
    const two: { perSecond: number; microsPerOp: number }[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const single = async () => {
        const r = await measure(nodeA, configLoad(nodeA));
        one.push({ perSecond: r.perSecond, microsPerOp: r.serverMicrosPerOp });
      };
      const pair = async () => two.push(await twoNodeRound(nodeA, nodeB));
      if (i % 2 === 0) {
        await single();
        await pair();
      } else {
        await pair();
        await single();
      }
    }
    const med = (rs: readonly { perSecond: number }[]) => median(rs.map((r) => r.perSecond));
    const cpu = (rs: readonly Round[]) => median(rs.map((r) => r.serverMicrosPerOp));
    const cpuOf = (rs: readonly { microsPerOp: number }[]) => median(rs.map((r) => r.microsPerOp));
    return [
      `PostgreSQL against SQLite, same server code, median of ${ROUNDS} alternating rounds (PostgreSQL: a local durable cluster)`,
      table([
        ['', 'SQLite', 'PostgreSQL', 'PG/SQLite'],
        ['GET /v1/config, req/s', int(med(cfgLite)), int(med(cfgPg)), ratio(med(cfgPg) / med(cfgLite))],
        ['GET /v1/config, server µs/req', int(cpu(cfgLite)), int(cpu(cfgPg)), ratio(cpu(cfgPg) / cpu(cfgLite))],
        [`POST /v1/events (${BATCH}/batch), rows/s`, int(med(ingLite)), int(med(ingPg)), ratio(med(ingPg) / med(ingLite))],
        ['POST /v1/events, server µs/row', int(cpu(ingLite)), int(cpu(ingPg)), ratio(cpu(ingPg) / cpu(ingLite))],
      ]),
      `Two PostgreSQL nodes against one, GET /v1/config, ${CONCURRENCY} in flight in all (split evenly over the two)`,
      table([
        ['', 'one node', 'two nodes', 'two/one'],
        ['req/s', int(med(one)), int(med(two)), ratio(med(two) / med(one))],
        ['server µs/req (both nodes)', int(cpuOf(one)), int(cpuOf(two)), ratio(cpuOf(two) / cpuOf(one))],
      ]),
      '  note: on a 2-core machine the load generator and both nodes share the cores, so two nodes cannot double req/s here;',
      '  the figure shows what a second node costs and that it serves the same config, not how far a cluster scales.',
    ].join('\n');
  } finally {
    for (const c of children) await c.stop();
    cluster.stop();
  }
}
