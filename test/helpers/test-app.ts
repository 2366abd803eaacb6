import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App, type AppDeps } from '../../server/http/app';
import type { Logger } from '../../server/http/errors';
import { demoContent, publish } from '../../server/demo/seed';
import { openSqliteStore } from '../../server/store/sqlite';
import type { Environment, PublishedConfig } from '../../server/store/config-types';
import type { Store } from '../../server/store/types';
import { fakeDns } from './dns';
import { openTempStore, type StoreKind } from './stores';

/**
 * `UPSHIFT_TEST_STORE=postgres` runs every app-level test that does not read the SQLite file itself
 * on PostgreSQL: a way to sweep the whole suite over the second store by hand. CI runs the contract
 * suite (test/contract/) on both stores instead.
 */
const defaultStoreKind = (): StoreKind => (process.env.UPSHIFT_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite');

/** The origin every test environment allows. */
export const APP_ORIGIN = 'https://app.acme.test';

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown> | undefined;
}

/** A logger that records every call instead of printing it. */
export function recordingLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const log = (level: LogEntry['level']) => (message: string, fields?: Record<string, unknown>) => {
    entries.push({ level, message, fields });
  };
  return { entries, info: log('info'), warn: log('warn'), error: log('error') };
}

/** A fresh directory under the OS temp dir; `remove` deletes it with everything in it. */
export function tempDir(prefix = 'upshift-test-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestApp {
  app: App;
  /** The real store over `file`; `app` may see a wrapped version of it. */
  store: Store;
  file: string;
  environment: Environment;
  /** The environment's publishable key. */
  key: string;
  secretKey: string;
  /** The demo config as published, or null with `publish: false`. */
  published: PublishedConfig | null;
  logger: ReturnType<typeof recordingLogger>;
  /** Closes the store and deletes the database directory. */
  cleanup(): Promise<void>;
}

export interface TestAppOptions extends Omit<AppDeps, 'store' | 'logger'> {
  /** Publish `demoContent` after creating the environment (default true). */
  publish?: boolean;
  /** Lets a test put a fault-injecting store in front of the real one. */
  wrapStore?: (store: Store) => Store;
  /**
   * `postgres` runs the app on a fresh database of the run's PostgreSQL cluster (test/helpers/stores.ts);
   * `file` is then empty, so such a test observes through the app and the store only. Default `sqlite`.
   */
  storeKind?: StoreKind;
}

/**
 * The real app over a temporary SQLite file (never `:memory:`, so tests can open the same file
 * with a second connection), with one environment allowing `APP_ORIGIN`. Webhook URLs are checked
 * against a resolver that knows no name unless `webhooks` says otherwise: tests never touch real DNS.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const { publish: shouldPublish = true, wrapStore, storeKind = defaultStoreKind(), ...deps } = options;
  const tmp = tempDir();
  const file = storeKind === 'sqlite' ? join(tmp.dir, 'upshift.db') : '';
  const temp = storeKind === 'sqlite' ? null : await openTempStore(storeKind, deps.clock ? { clock: deps.clock } : {});
  const store = temp?.store ?? openSqliteStore(file, deps.clock && { clock: deps.clock });
  const { environment, secretKey } = await store.createEnvironment({ name: 'Test', allowedOrigins: [APP_ORIGIN] });
  const published = shouldPublish ? await publish(store, environment.id, demoContent) : null;
  const logger = recordingLogger();
  const webhooks = deps.webhooks ?? { allowPrivate: false, resolve: fakeDns() };
  const app = createApp({ ...deps, webhooks, store: wrapStore ? wrapStore(store) : store, logger });
  return {
    app,
    store,
    file,
    environment,
    key: environment.publishableKey,
    secretKey,
    published,
    logger,
    async cleanup() {
      if (temp) await temp.remove();
      else await store.close();
      tmp.remove();
    },
  };
}

/** Opens the database file read-only, as an independent observer of what the server stored. */
export function withReadonlyDb<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** How many rows the `events` table holds for these event ids (optionally in one environment). */
export function countStoredEvents(file: string, eventIds: readonly string[], environmentId?: string): number {
  if (eventIds.length === 0) return 0;
  return withReadonlyDb(file, (db) => {
    const placeholders = eventIds.map(() => '?').join(', ');
    const byEnv = environmentId === undefined ? '' : ' AND environment_id = ?';
    const params = environmentId === undefined ? [...eventIds] : [...eventIds, environmentId];
    const row = db.prepare(`SELECT COUNT(*) AS n FROM events WHERE event_id IN (${placeholders})${byEnv}`).get(...params) as { n: number };
    return row.n;
  });
}

/** All rows of the `events` table. */
export function countAllEvents(file: string): number {
  return withReadonlyDb(file, (db) => (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n);
}
