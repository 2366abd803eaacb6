// The work of `npm run db:copy` (scripts/db-copy.ts): every table of a SQLite deployment into an
// empty, migrated PostgreSQL database, in one transaction, then counted on both sides.
import type Database from 'better-sqlite3';
import type { PgDb, Sql } from '../server/store/postgres/db';

/** Rows per INSERT: PostgreSQL takes at most 65,535 parameters a statement. */
const MAX_PARAMS = 60_000;
const MAX_ROWS = 1_000;

/** Each dialect keeps its own migration history; nothing else is skipped. */
const NOT_COPIED = new Set(['schema_migrations']);

export interface TableCount {
  table: string;
  sqlite: number;
  postgres: number;
}

interface PgColumn {
  table_name: string;
  column_name: string;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
  is_identity: 'YES' | 'NO';
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The SQLite file's tables and their columns, in creation order. */
export function sqliteTables(source: Database.Database): Map<string, string[]> {
  const names = source.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid").pluck().all() as string[];
  const tables = new Map<string, string[]>();
  for (const name of names) {
    if (NOT_COPIED.has(name)) continue;
    tables.set(name, source.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').pluck().all(name) as string[]);
  }
  return tables;
}

/** Whether SQLite keeps `table` without a rowid (then it is read in key order). */
const withoutRowid = (source: Database.Database, table: string): boolean =>
  /WITHOUT\s+ROWID/i.test((source.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table) as string | undefined) ?? '');

/** `tables` ordered so every table comes after those its foreign keys point at. */
async function parentsFirst(db: Sql, tables: string[]): Promise<string[]> {
  const edges = await db.all<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent FROM pg_constraint c
     WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`,
  );
  const unquote = (n: string) => n.replace(/^"(.*)"$/, '$1');
  const parents = new Map<string, Set<string>>();
  for (const e of edges) if (e.child !== e.parent) parents.set(unquote(e.child), (parents.get(unquote(e.child)) ?? new Set()).add(unquote(e.parent)));
  const ordered: string[] = [];
  const placed = new Set<string>();
  const place = (t: string, path: Set<string>) => {
    if (placed.has(t) || path.has(t)) return;
    path.add(t);
    for (const p of parents.get(t) ?? []) if (tables.includes(p)) place(p, path);
    placed.add(t);
    ordered.push(t);
  };
  for (const t of tables) place(t, new Set());
  return ordered;
}

async function pgColumns(db: PgDb): Promise<Map<string, PgColumn[]>> {
  const rows = await db.all<PgColumn>(
    `SELECT table_name, column_name, is_nullable, column_default, is_identity FROM information_schema.columns
     WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  const tables = new Map<string, PgColumn[]>();
  for (const r of rows) if (!NOT_COPIED.has(r.table_name)) tables.set(r.table_name, [...(tables.get(r.table_name) ?? []), r]);
  return tables;
}

/**
 * What would be lost or refused: a SQLite table or column PostgreSQL lacks, or a PostgreSQL column
 * that must be filled but has no SQLite counterpart. A migration added on one side only shows here
 * rather than as silently dropped data.
 */
export function schemaProblems(sqlite: Map<string, string[]>, pg: Map<string, PgColumn[]>): string[] {
  const problems: string[] = [];
  for (const [table, columns] of sqlite) {
    const target = pg.get(table);
    if (!target) {
      problems.push(`table ${table} exists in SQLite but not in PostgreSQL`);
      continue;
    }
    const names = new Set(target.map((c) => c.column_name));
    for (const c of columns) if (!names.has(c)) problems.push(`column ${table}.${c} exists in SQLite but not in PostgreSQL`);
    for (const c of target) {
      const filled = c.is_nullable === 'YES' || c.column_default !== null || c.is_identity === 'YES';
      if (!columns.includes(c.column_name) && !filled) problems.push(`column ${table}.${c.column_name} is required in PostgreSQL but does not exist in SQLite`);
    }
  }
  return problems;
}

async function insertBatch(sql: Sql, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const params: unknown[] = [];
  const tuples = rows.map((row) => `(${row.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`);
  // OVERRIDING SYSTEM VALUE keeps copied ids (events.seq, audit_log.id) where PostgreSQL would generate them.
  await sql.run(`INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) OVERRIDING SYSTEM VALUE VALUES ${tuples.join(', ')}`, params);
}

/** Moves every identity column's sequence past the copied ids, so the next row gets a new one. */
async function resetIdentities(sql: Sql, pg: Map<string, PgColumn[]>): Promise<void> {
  for (const [table, columns] of pg) {
    for (const c of columns) {
      if (c.is_identity !== 'YES') continue;
      await sql.run(
        `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT MAX(${quote(c.column_name)}) FROM ${quote(table)}), 0) + 1, false)`,
        [quote(table), c.column_name],
      );
    }
  }
}

/**
 * Copies every table in one transaction (a failure leaves the target as empty as it was), each in
 * rowid order so identity columns PostgreSQL numbers (`seq` where SQLite ordered by rowid) keep the
 * same order. Refuses a target holding any row, and rolls back when a table's counts differ.
 * Answers both sides' counts per table.
 */
export async function copyTables(source: Database.Database, db: PgDb, onTable: (table: string, rows: number) => void = () => {}): Promise<TableCount[]> {
  const sqlite = sqliteTables(source);
  const pg = await pgColumns(db);
  const problems = schemaProblems(sqlite, pg);
  if (problems.length > 0) throw new Error(`the two schemas differ, so the copy would lose data:\n  ${problems.join('\n  ')}`);
  return db.tx(async (sql) => {
    for (const table of pg.keys()) {
      if (await sql.one(`SELECT 1 FROM ${quote(table)} LIMIT 1`)) throw new Error(`the PostgreSQL database is not empty (table ${table} has rows); copy into a new, empty database`);
    }
    for (const table of await parentsFirst(sql, [...sqlite.keys()])) {
      const columns = sqlite.get(table) ?? [];
      const perBatch = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / columns.length)));
      const read = source.prepare(`SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)}${withoutRowid(source, table) ? '' : ' ORDER BY rowid'}`).raw();
      let batch: unknown[][] = [];
      let copied = 0;
      for (const row of read.iterate() as IterableIterator<unknown[]>) {
        batch.push(row);
        if (batch.length === perBatch) {
          await insertBatch(sql, table, columns, batch);
          copied += batch.length;
          batch = [];
        }
      }
      if (batch.length > 0) await insertBatch(sql, table, columns, batch);
      onTable(table, copied + batch.length);
    }
    await resetIdentities(sql, pg);
    const counts: TableCount[] = [];
    for (const table of sqlite.keys()) {
      const s = (source.prepare(`SELECT COUNT(*) AS n FROM ${quote(table)}`).get() as { n: number }).n;
      const p = (await sql.one<{ n: number }>(`SELECT COUNT(*) AS n FROM ${quote(table)}`))?.n ?? 0;
      counts.push({ table, sqlite: s, postgres: p });
    }
    // Thrown inside the transaction, so a copy that does not add up is rolled back, not left half right.
    const wrong = counts.filter((c) => c.sqlite !== c.postgres);
    if (wrong.length > 0) throw new Error(`row counts differ, nothing was kept: ${wrong.map((c) => `${c.table} (SQLite ${c.sqlite}, PostgreSQL ${c.postgres})`).join(', ')}`);
    return counts;
  });
}
