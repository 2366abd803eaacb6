// The real server as `npm start` builds it, run by bench/run.ts in its own process: over a fresh
// SQLite file, or over PostgreSQL when UPSHIFT_BENCH_DATABASE_URL is set (with UPSHIFT_BENCH_JOIN=1 a
// second node joins the first one's environment instead of making its own).
import { serve } from '@hono/node-server';
import { join } from 'node:path';
import { createApp } from '../server/http/app';
import type { Logger } from '../server/http/errors';
import { secretBox } from '../server/infra/secrets/box';
import { parseMasterKey } from '../server/infra/secrets/master-key';
import { demoContent, publish } from '../server/demo/seed';
import { openPostgresStore } from '../server/store/postgres/store';
import { openSqliteStore } from '../server/store/sqlite';
import type { Store } from '../server/store/types';
import { answerCpuQueries, exitWithParent, tellParent } from './protocol';

const dir = process.env.UPSHIFT_BENCH_DIR;
if (!dir) throw new Error('UPSHIFT_BENCH_DIR is not set');
const url = process.env.UPSHIFT_BENCH_DATABASE_URL;

const silent: Logger = { info() {}, warn() {}, error() {} };

async function openStore(): Promise<Store> {
  if (!url) return openSqliteStore(join(dir!, 'server.db'));
  const key = parseMasterKey(process.env.UPSHIFT_ENCRYPTION_KEY ?? '');
  if (!key) throw new Error('UPSHIFT_ENCRYPTION_KEY is not set');
  return openPostgresStore(url, { secrets: secretBox(key) });
}

const store = await openStore();
const joined = process.env.UPSHIFT_BENCH_JOIN === '1' ? (await store.listEnvironments())[0] : undefined;
const environment = joined ?? (await store.createEnvironment({ name: 'Bench', allowedOrigins: [] })).environment;
if (!joined) await publish(store, environment.id, demoContent);
const app = createApp({ store, logger: silent, rateLimit: false });

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  tellParent({ type: 'ready', port: info.port, publishableKey: environment.publishableKey });
});
answerCpuQueries();
exitWithParent(() => {
  server.close();
  void store.close();
});
