// The real server with the built widget (dist/), over a fresh SQLite file and the demo content, taking
// pages from any origin: the prompt bench's Upshift. Run by bench/run.ts in its own process.
import { serve } from '@hono/node-server';
import { join } from 'node:path';
import { createApp } from '../server/http/app';
import { loadAssets } from '../server/http/assets';
import type { Logger } from '../server/http/errors';
import { demoContent, publish } from '../server/demo/seed';
import { openSqliteStore } from '../server/store/sqlite';
import { exitWithParent, tellParent } from './protocol';

const dir = process.env.UPSHIFT_BENCH_DIR;
if (!dir) throw new Error('UPSHIFT_BENCH_DIR is not set');

const silent: Logger = { info() {}, warn() {}, error() {} };

const store = openSqliteStore(join(dir, 'pages.db'));
const { environment } = await store.createEnvironment({ name: 'Bench pages', allowedOrigins: ['*'] });
await publish(store, environment.id, demoContent);
const app = createApp({ store, logger: silent, rateLimit: false, assets: loadAssets(join(import.meta.dirname, '..', 'dist')) });

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  tellParent({ type: 'ready', port: info.port, publishableKey: environment.publishableKey });
});
exitWithParent(() => {
  server.close();
  void store.close();
});
