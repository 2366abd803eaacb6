import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, describe, inject } from 'vitest';
import { secretBox } from '../../server/infra/secrets/box';
import { newMasterKey } from '../../server/infra/secrets/master-key';
import { openSqliteStore } from '../../server/store/sqlite';
import { openPostgresStore } from '../../server/store/postgres/store';
import { adminQuery, databaseUrl } from './pg-template';
import type { Store } from '../../server/store/types';

export type StoreKind = 'sqlite' | 'postgres';

/** The run's PostgreSQL superuser URL (test/helpers/global-setup.ts), or null where it is not installed. */
export const postgresUrl: string | null = inject('postgresUrl');

/** The run's migrated, empty template database (test/helpers/pg-template.ts), or null without PostgreSQL. */
const postgresTemplate: string | null = inject('postgresTemplate');

/**
 * A new PostgreSQL database on the run's cluster, its URL and how to drop it. Each test gets its
 * own, so files running in parallel never see each other's rows. It is a copy of the run's
 * migrated template (no rows), as a node finds it after its first start; `{ empty: true }` gives
 * a database with no schema at all, for tests of migrating or of copying into a new database.
 */
export async function tempPgDatabase(options: { empty?: boolean } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  if (!postgresUrl) throw new Error('PostgreSQL is not available in this run');
  const superuser = postgresUrl;
  const name = `upshift_t_${randomBytes(6).toString('hex')}`;
  const template = options.empty || !postgresTemplate ? '' : ` TEMPLATE ${postgresTemplate}`;
  await adminQuery(superuser, `CREATE DATABASE ${name}${template}`);
  return {
    url: databaseUrl(superuser, name),
    drop: () => adminQuery(superuser, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

export interface TempStoreOptions {
  clock?: () => number;
}

/** A fresh, empty store of `kind` and how to remove it with its files or database. */
export async function openTempStore(kind: StoreKind, options: TempStoreOptions = {}): Promise<{ store: Store; remove(): Promise<void> }> {
  const clock = options.clock ? { clock: options.clock } : {};
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'upshift-store-'));
    const store = openSqliteStore(join(dir, 'upshift.db'), clock);
    return {
      store,
      async remove() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const database = await tempPgDatabase();
  const store = await openPostgresStore(database.url, { ...clock, secrets: secretBox(newMasterKey()) });
  return {
    store,
    async remove() {
      await store.close();
      await database.drop();
    },
  };
}

/** The kinds this run tests: SQLite always; PostgreSQL when installed (always in CI). */
export const storeKinds: readonly StoreKind[] = postgresUrl ? ['sqlite', 'postgres'] : ['sqlite'];

/**
 * The contract suite's frame: `body` runs once per store kind, inside `describe(<title> [kind])`,
 * with `open()` making a fresh empty store that is closed and removed after each test. Where
 * PostgreSQL is missing (never in CI) its variant is reported as skipped.
 */
export function describeStores(title: string, body: (ctx: { kind: StoreKind; open(options?: TempStoreOptions): Promise<Store> }) => void): void {
  for (const kind of ['sqlite', 'postgres'] as const) {
    if (!storeKinds.includes(kind)) {
      describe.skip(`${title} [${kind}: not installed here]`, () => body({ kind, open: () => Promise.reject(new Error('skipped')) }));
      continue;
    }
    describe(`${title} [${kind}]`, () => {
      const opened: { remove(): Promise<void> }[] = [];
      afterEach(async () => {
        await Promise.all(opened.splice(0).map((o) => o.remove()));
      });
      afterAll(async () => {
        await Promise.all(opened.splice(0).map((o) => o.remove()));
      });
      body({
        kind,
        async open(options) {
          const temp = await openTempStore(kind, options);
          opened.push(temp);
          return temp.store;
        },
      });
    });
  }
}
