import type Database from 'better-sqlite3';
import { migrations as allMigrations, type Migration } from './migrations/index';

/**
 * WAL, durable commits, enforced foreign keys, and waiting instead of failing on a busy file.
 * `synchronous = FULL` syncs the WAL at every commit: an acknowledged event batch is one the widget
 * forgets, so it must survive a power cut or an OS crash too, not only a killed process (NORMAL
 * could lose the last commits then). It costs about 0.3 ms a transaction on this project's machines.
 */
export function applyPragmas(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

/**
 * Applies pending migrations in order, each in its own transaction. Refuses a database from a newer
 * Upshift. A migration is pending when its version is not recorded, not merely when it is above the
 * newest recorded: versions handed out to parallel branches can land after a higher one was applied
 * (24 merged after 26 had run), and would otherwise be skipped for good.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = allMigrations, clock: () => number = Date.now): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const current = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new Error(`database schema is at version ${current}, newer than this Upshift knows (${newest}); upgrade Upshift`);
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  let applied = 0;
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date(clock()).toISOString());
    })();
    applied++;
  }
  return applied;
}
