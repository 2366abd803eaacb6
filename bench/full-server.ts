// The real server as `npm start` builds it, over a fresh SQLite file: run by bench/run.ts in its own process.
import { serve } from '@hono/node-server';
import { join } from 'node:path';
import { createApp } from '../server/app';
import type { Logger } from '../server/errors';
import { demoContent, publish } from '../server/seed';
import { openSqliteStore } from '../server/store/sqlite';
import { answerCpuQueries, exitWithParent, tellParent } from './protocol';

const dir = process.env.UPSHIFT_BENCH_DIR;
if (!dir) throw new Error('UPSHIFT_BENCH_DIR is not set');

const silent: Logger = { info() {}, warn() {}, error() {} };

const store = openSqliteStore(join(dir, 'server.db'));
const { environment } = await store.createEnvironment({ name: 'Bench', allowedOrigins: [] });
await publish(store, environment.id, demoContent);
const app = createApp({ store, logger: silent, rateLimit: false });

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  tellParent({ type: 'ready', port: info.port, publishableKey: environment.publishableKey });
});
answerCpuQueries();
exitWithParent(() => {
  server.close();
  void store.close();
});
