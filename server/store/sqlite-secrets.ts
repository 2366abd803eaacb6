import Database from 'better-sqlite3';
import { isSealed, type SecretBox, type SecretKind } from '../infra/secrets/box';
import { assertOpens, plainOf, type StoredSecret } from '../infra/secrets/sealed-store';
import { migrate } from './sqlite-setup';

/** Every table holding secrets Upshift reads back, one row per environment, and their secret columns. */
const TABLES: readonly { table: string; kind: SecretKind; columns: readonly string[] }[] = [
  { table: 'identity_settings', kind: 'identity', columns: ['secret', 'previous_secret'] },
  { table: 'webhook_endpoints', kind: 'webhook', columns: ['secret'] },
  { table: 'stripe_endpoints', kind: 'stripe', columns: ['secret'] },
];

type Row = Record<string, unknown> & { environment_id: string };

const secretsOf = (rows: readonly Row[], t: (typeof TABLES)[number]): StoredSecret[] =>
  rows.flatMap((row) =>
    t.columns
      .filter((column) => typeof row[column] === 'string')
      .map((column) => ({ kind: t.kind, environmentId: row.environment_id, value: row[column] as string, where: `${t.table}.${column}` })),
  );

/** Every stored secret, sealed or not. */
export function storedSecrets(db: Database.Database): StoredSecret[] {
  return TABLES.flatMap((t) => secretsOf(db.prepare(`SELECT * FROM ${t.table}`).all() as Row[], t));
}

/**
 * Rewrites every secret `next` changes (it answers the new value, or the same to keep it), in one
 * transaction: all or nothing. A table with any change is emptied and refilled with secure_delete
 * on, which zeroes its old pages whole, free space included, so neither the values replaced nor
 * ones rotated away long ago stay readable in the file; the WAL is then checkpointed and truncated,
 * so no old page stays in it either. Answers how many secrets changed.
 */
function rewriteSecrets(db: Database.Database, check: (all: StoredSecret[]) => void, next: (s: StoredSecret) => string): number {
  const secureDelete = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = ON');
  try {
    const changed = db
      .transaction(() => {
        check(storedSecrets(db));
        let n = 0;
        for (const t of TABLES) {
          const rows = db.prepare(`SELECT * FROM ${t.table}`).all() as Row[];
          let changedHere = 0;
          const updated = rows.map((row) => {
            const copy: Row = { ...row };
            for (const column of t.columns) {
              const value = row[column];
              if (typeof value !== 'string') continue;
              copy[column] = next({ kind: t.kind, environmentId: row.environment_id, value, where: `${t.table}.${column}` });
              if (copy[column] !== value) changedHere++;
            }
            return copy;
          });
          if (changedHere === 0) continue;
          n += changedHere;
          const columns = Object.keys(rows[0]!);
          db.prepare(`DELETE FROM ${t.table}`).run();
          const insert = db.prepare(`INSERT INTO ${t.table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
          for (const row of updated) insert.run(row);
        }
        return n;
      })
      .immediate();
    if (changed > 0) db.pragma('wal_checkpoint(TRUNCATE)');
    return changed;
  } finally {
    db.pragma(`secure_delete = ${secureDelete}`);
  }
}

/**
 * At start: refuses (`UnreadableSecretsError`) a key that does not open every sealed secret, before
 * writing anything, then seals any secret an older Upshift stored plain. Answers how many it sealed.
 */
export function sealPlainSecrets(db: Database.Database, box: SecretBox): number {
  return rewriteSecrets(
    db,
    (all) => assertOpens(all, box),
    (s) => (isSealed(s.value) ? s.value : box.seal(s.value, s.kind, s.environmentId)),
  );
}

/** Re-seals every secret from `from`'s key under `to`'s, plain ones included; nothing changes unless `from` opens them all. */
export function resealSecrets(db: Database.Database, from: SecretBox, to: SecretBox): number {
  return rewriteSecrets(
    db,
    (all) => assertOpens(all, from),
    (s) => to.seal(plainOf(s, from)!, s.kind, s.environmentId),
  );
}

/**
 * Runs `work` on `file` (migrated, as at start) with this connection alone on it, so no server
 * goes on using a key the work replaces. Throws when another process has the database open: an
 * Upshift server keeps it open, and in WAL mode that holds a lock an exclusive one cannot get.
 */
export function withDatabaseAlone<T>(file: string, work: (db: Database.Database) => T): T {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('busy_timeout = 0');
    try {
      // In exclusive locking mode the lock taken here is kept until the connection closes.
      db.exec('BEGIN EXCLUSIVE; COMMIT');
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'SQLITE_BUSY') throw e;
      throw new Error(`${file} is open in another process (is Upshift running?): stop it first, so that no server goes on with the old key`);
    }
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return work(db);
  } finally {
    db.close();
  }
}
