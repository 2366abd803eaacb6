import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach } from 'vitest';
import { secretBox } from '../../server/secrets/box';
import { newMasterKey } from '../../server/secrets/master-key';
import { openPostgresStore, type PostgresStore } from '../../server/store/postgres/store';
import { openSqliteStore } from '../../server/store/sqlite';
import type { Store } from '../../server/store/types';
import { tempPgDatabase, type StoreKind } from './stores';

/**
 * Two stores over ONE database, as two nodes (PostgreSQL) or two processes on one file (SQLite)
 * see it, for the races a single store cannot show; `remove` closes both and drops the database.
 */
export interface StorePair {
  a: Store;
  b: Store;
  /** The database both are over: a file path, or a postgres:// URL. */
  url: string;
  /** Reads the database directly, as an independent observer (SQL both dialects accept, no parameters). */
  read<T>(text: string): Promise<T[]>;
  /** Writes to the database directly, behind the stores' backs (a corrupt row, say). */
  write(text: string): Promise<void>;
  remove(): Promise<void>;
}

export async function openStorePair(kind: StoreKind, clock?: () => number): Promise<StorePair> {
  const options = clock ? { clock } : {};
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'upshift-pair-'));
    const a = openSqliteStore(join(dir, 'upshift.db'), options);
    const b = openSqliteStore(join(dir, 'upshift.db'), options);
    return {
      a,
      b,
      url: join(dir, 'upshift.db'),
      async read<T>(text: string) {
        const db = new Database(join(dir, 'upshift.db'), { readonly: true });
        try {
          return db.prepare(text).all() as T[];
        } finally {
          db.close();
        }
      },
      async write(text: string) {
        const db = new Database(join(dir, 'upshift.db'));
        try {
          db.exec(text);
        } finally {
          db.close();
        }
      },
      async remove() {
        await Promise.all([a.close(), b.close()]);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const database = await tempPgDatabase();
  const secrets = secretBox(newMasterKey());
  const a = await openPostgresStore(database.url, { ...options, secrets });
  const b = await openPostgresStore(database.url, { ...options, secrets });
  return {
    a,
    b,
    url: database.url,
    read: (text) => a.db.all(text),
    async write(text) {
      await a.db.run(text);
    },
    async remove() {
      await Promise.all([a.close(), b.close()]);
      await database.drop();
    },
  };
}

/**
 * A new environment's id. STAND-IN: until h-core's `createEnvironment` lands on PostgreSQL, its row
 * is written directly (the columns the schema requires); once it has, the store's own is used.
 */
export async function newEnvironmentId(store: Store, name = 'Test'): Promise<string> {
  if (typeof store.createEnvironment === 'function') return (await store.createEnvironment({ name, allowedOrigins: [] })).environment.id;
  const id = `env_${randomUUID()}`;
  await (store as PostgresStore).db.run(
    'INSERT INTO environments (id, name, publishable_key, secret_key_hash, created_at) VALUES ($1, $2, $3, $4, $5)',
    [id, name, `pk_${randomUUID()}`, `hash_${randomUUID()}`, new Date(0).toISOString()],
  );
  return id;
}

/** Inside a describe: opens pairs with `openStorePair` and removes each after its test. */
export function pairOpener(kind: StoreKind): (clock?: () => number) => Promise<StorePair> {
  const opened: StorePair[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((p) => p.remove()));
  });
  return async (clock) => {
    const pair = await openStorePair(kind, clock);
    opened.push(pair);
    return pair;
  };
}
