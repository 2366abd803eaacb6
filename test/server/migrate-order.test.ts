import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations, type Migration } from '../../server/store/migrations/index';
import { applyPragmas, migrate } from '../../server/store/sqlite-setup';
import { tempDir } from '../helpers/test-app';

// Migration versions are handed out to branches worked in parallel, so one can be merged after a
// higher version already ran on a database (24 after 26): it must still run, once.

let tmp: ReturnType<typeof tempDir>;
let db: Database.Database;
beforeEach(() => {
  tmp = tempDir('upshift-migrate-order-');
  db = new Database(join(tmp.dir, 'upshift.db'));
  applyPragmas(db);
});
afterEach(() => {
  db.close();
  tmp.remove();
});

const later: Migration = { version: 99, name: 'later', sql: 'CREATE TABLE later_branch (id INTEGER PRIMARY KEY);' };
const versions = () => (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version);

describe('migrate', () => {
  it('applies a migration whose version is below one already applied, and nothing twice', () => {
    const newest = migrations.at(-1)!;
    const before = migrations.filter((m) => m !== newest);
    expect(migrate(db, [...before, later])).toBe(before.length + 1);
    expect(versions()).not.toContain(newest.version);
    // The branch with the lower version is merged: its migration runs, the later one does not again.
    expect(migrate(db, [...migrations, later])).toBe(1);
    expect(versions()).toEqual([...migrations.map((m) => m.version), 99]);
    expect(migrate(db, [...migrations, later])).toBe(0);
  });

  it('still refuses a database from a newer Upshift', () => {
    migrate(db, [...migrations, later]);
    expect(() => migrate(db, migrations)).toThrow(/newer than this Upshift knows/);
  });
});
