import pg from 'pg';

/**
 * The few calls the PostgreSQL store makes, over a pool or over one transaction's client alike, so
 * a module's SQL reads the same in and out of a transaction. Parameters are `$1…$n`.
 */
export interface Sql {
  /** Every row. */
  all<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** The first row, or undefined. */
  one<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** How many rows the statement inserted, updated or deleted. */
  run(text: string, params?: readonly unknown[]): Promise<number>;
}

export interface PgDb extends Sql {
  readonly pool: pg.Pool;
  /**
   * Runs `fn` in one transaction (READ COMMITTED) and commits, or rolls back and rethrows. A
   * serialization failure or deadlock, which PostgreSQL asks the client to retry, is retried from
   * the start up to four times, so `fn` must not have effects outside the database.
   */
  tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * bigint, numeric and counts come back as numbers, as SQLite's do: every integer the store keeps
 * (epoch ms, counts, cents) is below 2^53.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

const RETRYABLE = new Set(['40001', '40P01']);

function over(q: pg.Pool | pg.PoolClient): Sql {
  return {
    async all<T>(text: string, params?: readonly unknown[]) {
      return (await q.query(text, params as unknown[])).rows as T[];
    },
    async one<T>(text: string, params?: readonly unknown[]) {
      return (await q.query(text, params as unknown[])).rows[0] as T | undefined;
    },
    async run(text: string, params?: readonly unknown[]) {
      return (await q.query(text, params as unknown[])).rowCount ?? 0;
    },
  };
}

export interface PgDbOptions {
  /** Most connections this process holds. Default 10. */
  max?: number;
  /** `application_name` shown in pg_stat_activity. */
  applicationName?: string;
}

/** A pool over `url` (postgres://user:password@host:port/database). */
export function openPgDb(url: string, options: PgDbOptions = {}): PgDb {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types, application_name: options.applicationName ?? 'upshift' });
  // An idle client whose server went away errors here; the pool drops it and makes a new one.
  pool.on('error', () => {});
  const base = over(pool);
  return {
    ...base,
    pool,
    async tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        let broken = false;
        try {
          await client.query('BEGIN');
          const result = await fn(over(client));
          await client.query('COMMIT');
          return result;
        } catch (e) {
          try {
            await client.query('ROLLBACK');
          } catch {
            broken = true;
          }
          if (attempt < 5 && RETRYABLE.has((e as { code?: string }).code ?? '')) continue;
          throw e;
        } finally {
          client.release(broken);
        }
      }
    },
    async close() {
      await pool.end();
    },
  };
}
