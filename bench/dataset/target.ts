import type Database from 'better-sqlite3';
import { createApp } from '../../server/app';
import type { Logger } from '../../server/errors';
import { publish } from '../../server/seed';
import { openSqliteStore, type SqliteStoreOptions } from '../../server/store/sqlite';
import { datasetContent } from './content';
import type { DatasetTarget } from './writer';

export const DATASET_ORIGIN = 'https://app.dataset.test';

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
