// `npm run db:copy -- --from ./data/upshift.db --to postgres://…`: moves a SQLite deployment up
// to PostgreSQL. The target is migrated first and must be empty; the copy is one transaction, so a
// failure leaves it empty again. Sealed secrets are copied as they are: start the nodes with the
// same key (the key file beside the SQLite database, given as UPSHIFT_ENCRYPTION_KEY).
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openPgDb } from '../server/store/postgres/db';
import { migratePg } from '../server/store/postgres/migrate';
import { migrations as sqliteMigrations } from '../server/store/migrations/index';
import { copyTables } from './db-copy-tables';

function fail(message: string): never {
  console.error(`db:copy: ${message}`);
  process.exit(1);
}

const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } });
if (!values.from || !values.to) fail('usage: npm run db:copy -- --from ./data/upshift.db --to postgres://user:password@host:5432/upshift');
if (!existsSync(values.from)) fail(`${values.from} does not exist`);
if (!/^postgres(ql)?:\/\//i.test(values.to)) fail('--to must be a PostgreSQL URL (postgres://…)');

const source = new Database(values.from, { readonly: true, fileMustExist: true });
// A file an older Upshift left has another schema: starting this Upshift on it once migrates it.
const applied = new Set(source.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
const missing = sqliteMigrations.filter((m) => !applied.has(m.version));
if (missing.length > 0) fail(`${values.from} lacks SQLite migrations ${missing.map((m) => m.version).join(', ')}: start this Upshift on it once (it migrates on start), stop it, then copy`);

const target = openPgDb(values.to, { max: 2, applicationName: 'upshift db:copy' });
let exitCode = 0;
try {
  await migratePg(target);
  const counts = await copyTables(source, target);
  const width = Math.max(...counts.map((c) => c.table.length));
  console.log(`${'table'.padEnd(width)}  ${'sqlite'.padStart(10)}  ${'postgresql'.padStart(10)}`);
  for (const c of counts) console.log(`${c.table.padEnd(width)}  ${String(c.sqlite).padStart(10)}  ${String(c.postgres).padStart(10)}`);
  const rows = counts.reduce((n, c) => n + c.postgres, 0);
  console.log(`Copied ${counts.length} tables, ${rows} rows; every count matches. Start the nodes with UPSHIFT_ENCRYPTION_KEY set to this database's key.`);
} catch (e) {
  console.error(`db:copy: ${e instanceof Error ? e.message : String(e)}`);
  exitCode = 1;
} finally {
  source.close();
  await target.close();
}
process.exit(exitCode);
