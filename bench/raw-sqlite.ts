import Database from 'better-sqlite3';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { applyPragmas, INSERT_EVENT_SQL, openSqliteStore } from '../server/store/sqlite';

type Row = Record<string, string | number | null>;

export interface RawInserter {
  environmentId: string;
  /** Inserts each batch in its own `BEGIN IMMEDIATE` transaction; returns rows stored, wall seconds and CPU µs taken. */
  insert(batches: readonly (readonly Row[])[]): { rows: number; seconds: number; cpuMicros: number };
  close(): void;
}

/**
 * The ingest baseline: better-sqlite3 alone on a file migrated by the real store, opened with the
 * store's pragmas, so schema, indexes and the foreign key check are the same as the server's.
 */
export async function openRawInserter(dir: string): Promise<RawInserter> {
  const file = join(dir, 'raw.db');
  const store = openSqliteStore(file);
  const { environment } = await store.createEnvironment({ name: 'Bench raw', allowedOrigins: [] });
  await store.close();

  const db = new Database(file);
  applyPragmas(db);
  const stmt = db.prepare(INSERT_EVENT_SQL);
  const insertBatch = db.transaction((rows: readonly Row[]) => {
    let changes = 0;
    for (const row of rows) changes += stmt.run(row).changes;
    return changes;
  });

  return {
    environmentId: environment.id,
    insert(batches) {
      let rows = 0;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      for (const batch of batches) rows += insertBatch.immediate(batch);
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      return { rows, seconds, cpuMicros: cpu.user + cpu.system };
    },
    close: () => db.close(),
  };
}
