import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { OutgoingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import pg from 'pg';
import { findPgBin, startCluster } from '../scripts/pg-cluster';
import { newMasterKey } from '../server/infra/secrets/master-key';
import { startServer, type ServerChild } from './child';
import { makeBatches, seeded } from './events';
import { runLoad } from './load';
import { measure, type Round } from './measure';
import { int, median, ratio, table } from './report';

const ROUNDS = 3;
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/**
 * CPU (µs) the cluster's processes have used so far: the postmaster and its children (backends,
 * WAL writer, checkpointer), from /proc. A SQLite server does this work in its own process, so a
 * fair per-request cost on PostgreSQL adds it to the node's.
 */
function clusterCpuMicros(dataDir: string): number {
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    if (Number(entry) === postmaster || ppid === postmaster) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks / TICKS_PER_SECOND) * 1e6;
}

/** A server whose CPU includes the database cluster's: what one PostgreSQL node costs in all. */
function withCluster(node: ServerChild, dataDir: string): ServerChild {
  return { ...node, cpuMicros: async () => (await node.cpuMicros()) + clusterCpuMicros(dataDir) };
}
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
async function twoNodeRound(a: ServerChild, b: ServerChild, dataDir: string): Promise<{ perSecond: number; microsPerOp: number }> {
  const cpuNow = async () => (await a.cpuMicros()) + (await b.cpuMicros()) + clusterCpuMicros(dataDir);
  const before = await cpuNow();
  const [ra, rb] = await Promise.all([runLoad(configLoad(a, a.port, CONCURRENCY / 2)), runLoad(configLoad(b, b.port, CONCURRENCY / 2))]);
  const cpu = (await cpuNow()) - before;
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

    // Costs on PostgreSQL include the cluster's CPU, as SQLite's include the database work done in-process.
    const pgA = withCluster(nodeA, join(cluster.dir, 'data'));
    const [cfgPg, cfgLite] = await configRounds(pgA, sqlite);
    const [ingPg, ingLite] = await ingestRounds(pgA, sqlite);
    const one: { perSecond: number; microsPerOp: number }[] = [];
    const two: { perSecond: number; microsPerOp: number }[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const single = async () => {
        const r = await measure(pgA, configLoad(pgA));
        one.push({ perSecond: r.perSecond, microsPerOp: r.serverMicrosPerOp });
      };
      const pair = async () => two.push(await twoNodeRound(nodeA, nodeB, join(cluster.dir, 'data')));
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
        ['GET /v1/config, server (+ database) µs/req', int(cpu(cfgLite)), int(cpu(cfgPg)), ratio(cpu(cfgPg) / cpu(cfgLite))],
        [`POST /v1/events (${BATCH}/batch), rows/s`, int(med(ingLite)), int(med(ingPg)), ratio(med(ingPg) / med(ingLite))],
        ['POST /v1/events, server (+ database) µs/row', int(cpu(ingLite)), int(cpu(ingPg)), ratio(cpu(ingPg) / cpu(ingLite))],
      ]),
      `Two PostgreSQL nodes against one, GET /v1/config, ${CONCURRENCY} in flight in all (split evenly over the two)`,
      table([
        ['', 'one node', 'two nodes', 'two/one'],
        ['req/s', int(med(one)), int(med(two)), ratio(med(two) / med(one))],
        ['server µs/req (both nodes + database)', int(cpuOf(one)), int(cpuOf(two)), ratio(cpuOf(two) / cpuOf(one))],
      ]),
      '  note: on a 2-core machine the load generator and both nodes share the cores, so two nodes cannot double req/s here;',
      '  the figure shows what a second node costs and that it serves the same config, not how far a cluster scales.',
    ].join('\n');
  } finally {
    for (const c of children) await c.stop();
    cluster.stop();
  }
}
