import { serve } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { createApp } from '../../server/http/app';
import type { Logger } from '../../server/http/errors';
import type { ConfigContent } from '../../shared/schemas/config';
import { publish, demoContent } from '../../server/demo/seed';
import { openSqliteStore } from '../../server/store/sqlite';
import type { Environment } from '../../server/store/config-types';
import type { Store } from '../../server/store/types';

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export interface LiveServer {
  url: string;
  dbFile: string;
  store: Store;
  environment: Environment;
  close(): Promise<void>;
}

/**
 * The real app over a temporary SQLite file, listening on a loopback port, with `content` (default
 * the demo's) published. `wrap` may put a fault-injecting app in front.
 */
export async function startLiveServer(options: { allowedOrigins?: string[]; wrap?: (app: Hono) => Hono; content?: ConfigContent } = {}): Promise<LiveServer> {
  const dir = mkdtempSync(join(tmpdir(), 'upshift-live-'));
  const dbFile = join(dir, 'upshift.db');
  const store = openSqliteStore(dbFile);
  const { environment } = await store.createEnvironment({ name: 'Test', allowedOrigins: options.allowedOrigins ?? ['*'] });
  await publish(store, environment.id, options.content ?? demoContent);
  const app = createApp({ store, logger: silentLogger });
  const handler = options.wrap ? options.wrap(app) : app;
  const server = serve({ fetch: handler.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    dbFile,
    store,
    environment,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
