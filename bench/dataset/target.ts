import type Database from 'better-sqlite3';
import { createApp } from '../../server/http/app';
import type { Logger } from '../../server/http/errors';
import { publish } from '../../server/demo/seed';
import { openSqliteStore, type SqliteStoreOptions } from '../../server/store/sqlite';
import { datasetContent } from './content';
import type { DatasetTarget } from './writer';

export const DATASET_ORIGIN = 'https://app.dataset.test';

/**
 * The events' indexes that no read made while loading needs (the writes' own reads go through
 * events_by_user and events_by_account_type; the unique ones decide what is stored). Built once
 * at the end, from the same DDL, they cost a sort instead of millions of scattered inserts.
 */
const LATE_INDEXES = ['events_by_rule', 'events_by_account', 'events_by_receipt'];

const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * A new environment in the SQLite file, with the dataset's config published, and the real app over
 * it with a settable clock and no per-client rate limit (one "client" sends everyone's traffic).
 * Webhooks are never delivered: the environment has no endpoint.
 */
export async function openDatasetTarget(file: string, options: SqliteStoreOptions = {}, logger: Logger = quiet): Promise<DatasetTarget & { configVersion: number }> {
  let db: Database.Database | undefined;
  const store = openSqliteStore(file, { ...options, onOpen: (d) => ((db = d), options.onOpen?.(d)) });
  const { environment, secretKey } = await store.createEnvironment({ name: 'Analytics dataset', allowedOrigins: [DATASET_ORIGIN] });
  const published = await publish(store, environment.id, datasetContent);
  let now = Date.now();
  const app = createApp({ store, clock: () => now, logger, rateLimit: false });
  // Trials and requests to the admins come from people the dataset does not sign tokens for.
  const identity = await app.request('/v1/identity', {
    method: 'PUT',
    headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ required: false, unverifiedActions: true }),
  });
  if (!identity.ok) throw new Error(`PUT /v1/identity answered ${identity.status}: ${await identity.text()}`);
  return {
    app,
    store,
    environmentId: environment.id,
    publishableKey: environment.publishableKey,
    secretKey,
    origin: DATASET_ORIGIN,
    setClock: (ms) => (now = ms),
    deferEventIndexes() {
      const get = db!.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND name = ?").pluck();
      const ddl = LATE_INDEXES.map((name) => {
        const sql = get.get(name);
        if (typeof sql !== 'string') throw new Error(`no index ${name} on events`);
        db!.exec(`DROP INDEX ${name}`);
        return sql;
      });
      return () => {
        for (const sql of ddl) db!.exec(sql);
      };
    },
    async inOneTransaction(write) {
      // Nothing else uses the connection meanwhile, so the awaits inside cannot interleave other writes.
      db!.exec('BEGIN IMMEDIATE');
      try {
        await write();
        db!.exec('COMMIT');
      } catch (e) {
        if (db!.inTransaction) db!.exec('ROLLBACK');
        throw e;
      }
    },
    configVersion: published.version,
  };
}
