import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { onTestFinished } from 'vitest';
import { secretBox, type SecretBox } from '../../server/infra/secrets/box';
import { newMasterKey } from '../../server/infra/secrets/master-key';
import { openPostgresStore } from '../../server/store/postgres/store';
import { openSqliteStore } from '../../server/store/sqlite';
import type { Store } from '../../server/store/types';
import { tempPgDatabase, type StoreKind } from './stores';

/**
 * One database and the means to open several stores over it, as several processes (SQLite) or
 * nodes (PostgreSQL) do, plus `query` for what the test reads or writes behind the stores' backs.
 */
export interface SharedDatabase {
  kind: StoreKind;
  /** A store over the database, sealing with `secrets` (the database's own key unless given). */
  open(options?: { clock?: () => number; secrets?: SecretBox }): Promise<Store>;
  /** Runs one statement with no parameters (written to mean the same in both dialects) over its own connection; answers its rows. */
  query<T = Record<string, unknown>>(text: string): Promise<T[]>;
}

/** A fresh database of `kind`; it and every store opened over it are removed when the test ends. */
export async function sharedDatabase(kind: StoreKind): Promise<SharedDatabase> {
  const box = secretBox(newMasterKey());
  const stores: Store[] = [];
  let remove: () => Promise<void>;
  let connect: (options: { clock?: () => number; secrets?: SecretBox }) => Promise<Store>;
  let query: SharedDatabase['query'];
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'upshift-pair-'));
    const file = join(dir, 'upshift.db');
    connect = async (o) => openSqliteStore(file, { secrets: o.secrets ?? box, ...(o.clock ? { clock: o.clock } : {}) });
    query = async <T>(text: string) => {
      const db = new Database(file);
      try {
        const statement = db.prepare(text);
        return (statement.reader ? statement.all() : (statement.run(), [])) as T[];
      } finally {
        db.close();
      }
    };
    remove = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const database = await tempPgDatabase();
    connect = (o) => openPostgresStore(database.url, { secrets: o.secrets ?? box, ...(o.clock ? { clock: o.clock } : {}) });
    query = async <T>(text: string) => {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        return (await client.query(text)).rows as T[];
      } finally {
        await client.end();
      }
    };
    remove = () => database.drop();
  }
  onTestFinished(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await remove();
  });
  return {
    kind,
    async open(options = {}) {
      const store = await connect(options);
      stores.push(store);
      return store;
    },
    query,
  };
}

/**
 * Calls `read` until `done` holds for its answer, failing once `ms` have passed: for a change made
 * through one store that another must come to serve (a notification carries it, at its own pace).
 */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 1_000): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (performance.now() > deadline) throw new Error(`still ${JSON.stringify(value)} after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A new environment's id, made through the store as the app makes it. */
export async function newEnvironmentId(store: Store, name = 'Test'): Promise<string> {
  return (await store.createEnvironment({ name, allowedOrigins: [] })).environment.id;
}

/** Two stores `a` and `b` over one shared database, as two nodes; `read` and `write` go behind their backs. */
export interface StorePair {
  a: Store;
  b: Store;
  read<T>(text: string): Promise<T[]>;
  write(text: string): Promise<void>;
}

/** Opens a `StorePair` of `kind` (removed when the test ends), each store on `clock` when given. */
export function pairOpener(kind: StoreKind): (clock?: () => number) => Promise<StorePair> {
  return async (clock) => {
    const db = await sharedDatabase(kind);
    const options = clock ? { clock } : {};
    const [a, b] = [await db.open(options), await db.open(options)];
    return {
      a,
      b,
      read: <T>(text: string) => db.query<T>(text),
      async write(text) {
        await db.query(text);
      },
    };
  };
}
