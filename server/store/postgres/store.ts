import type { SecretBox } from '../../secrets/box';
import { liveConfigByKeyVia } from '../config-lookup';
import type { Store } from '../types';
import { openPgDb, type PgDb } from './db';
import { migratePg } from './migrate';

export interface PostgresStoreOptions {
  /** The app's clock (epoch ms), as for SQLite. Default `Date.now`. */
  clock?: () => number;
  /** Seals identity, webhook and Stripe signing secrets. Required: a server database has no key file beside it; every node must be given the same key. */
  secrets: SecretBox;
  /** Most connections this process holds. Default 10. */
  maxConnections?: number;
}

/** A PostgreSQL store, and the pool under it for jobs that need the database itself (advisory locks, LISTEN). */
export interface PostgresStore extends Store {
  readonly db: PgDb;
}

/**
 * The server-database store: the same contract as SQLite's (`test/contract/` runs one suite on
 * both), for several stateless nodes over one PostgreSQL. Migrates on open, under an advisory lock.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions): Promise<PostgresStore> {
  const db = openPgDb(url, options.maxConnections === undefined ? {} : { max: options.maxConnections });
  const clock = options.clock ?? Date.now;
  try {
    await migratePg(db, undefined, clock);
  } catch (e) {
    await db.close();
    throw e;
  }
  let closed = false;
  const store = {
    db,
    // Looked up through the store itself when called, once its environment and publishing methods are there.
    liveConfigByPublishableKey: (key: string) => liveConfigByKeyVia(store as unknown as Store)(key),
    async ping() {
      await db.one('SELECT 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.close();
    },
  };
  // Filled in module by module; the cast goes once every method is there.
  return store as unknown as PostgresStore;
}
