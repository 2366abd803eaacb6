import type { PgDb } from './db';
import { migrations as allMigrations } from './migrations/index';

/** A PostgreSQL schema change. Versions are PostgreSQL's own, unrelated to SQLite's; each is applied once, in its own transaction. */
export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

/** Any number, the same in every Upshift: nodes starting together take turns migrating. */
const MIGRATION_LOCK = 0x75707368; // "upsh"

/**
 * Applies pending migrations in order, each in its own transaction, under a transaction-level
 * advisory lock, so several nodes starting at once migrate the database once. Refuses a database
 * from a newer Upshift. Answers how many were applied.
 */
export async function migratePg(db: PgDb, migrations: readonly PgMigration[] = allMigrations, clock: () => number = Date.now): Promise<number> {
  // Under the lock too: CREATE TABLE IF NOT EXISTS is not safe against itself, and two nodes
  // starting on an empty database would otherwise both try to create the table.
  await db.tx(async (sql) => {
    await sql.run('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await sql.run('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  });
  const newest = migrations.at(-1)?.version ?? 0;
  let applied = 0;
  for (const m of migrations) {
    const done = await db.tx(async (sql) => {
      await sql.run('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const current = (await sql.one<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations'))?.v ?? 0;
      if (current > newest) {
        throw new Error(`database schema is at version ${current}, newer than this Upshift knows (${newest}); upgrade Upshift`);
      }
      if (await sql.one('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version])) return false;
      await sql.run(m.sql);
      await sql.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date(clock()).toISOString()]);
      return true;
    });
    if (done) applied++;
  }
  return applied;
}
