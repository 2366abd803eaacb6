// A local example of Upshift on several nodes: a throwaway PostgreSQL cluster (Debian's
// `postgresql` package), two nodes running the built server, and the round-robin proxy in front.
// Run with `npx tsx deploy/run.ts` after `npm run build`; Ctrl-C stops everything. See deploy/README.md.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { freePort, startCluster } from '../scripts/pg-cluster';
import { formatMasterKey, newMasterKey } from '../server/infra/secrets/master-key';
import { startNode, type NodeProcess } from './node';
import { startProxy } from './proxy';

const root = resolve(import.meta.dirname, '..');
const entry = join(root, 'dist', 'server.js');
if (!existsSync(entry)) {
  console.error('dist/server.js is missing: run `npm run build` first.');
  process.exit(1);
}
const NODES = Number(process.env.NODES ?? 2);
const proxyPort = Number(process.env.PORT ?? 8080);

const cluster = await startCluster({ durable: true });
const admin = new pg.Client({ connectionString: cluster.url });
await admin.connect();
await admin.query('CREATE DATABASE upshift');
await admin.end();
const databaseUrl = cluster.url.replace(/\/postgres$/, '/upshift');
// One key for every node: each must open the secrets the others sealed.
const encryptionKey = formatMasterKey(newMasterKey());
const dataDir = mkdtempSync(join(tmpdir(), 'upshift-deploy-'));

const nodes: NodeProcess[] = [];
let proxy: Awaited<ReturnType<typeof startProxy>> | undefined;
async function stopAll(code: number): Promise<never> {
  await proxy?.close();
  // SIGTERM: each node finishes its requests, releases its claims and closes its pool.
  await Promise.all(nodes.map((n) => n.stop('SIGTERM')));
  cluster.stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  const publicUrl = `http://localhost:${proxyPort}`;
  // One after the other: the first seeds the demo, the others find it (they would also wait their turn).
  for (let i = 0; i < NODES; i++) {
    const env = {
      UPSHIFT_DATABASE_URL: databaseUrl,
      UPSHIFT_ENCRYPTION_KEY: encryptionKey,
      UPSHIFT_PUBLIC_URL: publicUrl,
      UPSHIFT_TRUST_PROXY: '1',
      UPSHIFT_DATA_DIR: dataDir,
    };
    nodes.push(await startNode({ entry, port: await freePort(), cwd: root, env, echo: `[node ${i + 1}]`, ownGroup: true }));
  }
  proxy = await startProxy(nodes.map((n) => n.url), proxyPort);
  console.log(
    [
      '',
      `Upshift on ${NODES} nodes (${nodes.map((n) => n.url).join(', ')}) behind ${proxy.url}`,
      `  Demo:       ${publicUrl}/demo`,
      `  Console:    ${publicUrl}/admin   (demo login in node 1's banner above)`,
      `  PostgreSQL: ${databaseUrl}   (data in ${cluster.dir}, removed on exit)`,
      '',
      'Press Ctrl-C to stop everything.',
    ].join('\n'),
  );
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  await stopAll(1);
}
