import { createHmac } from 'node:crypto';
import { mkdirSync, unlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { secretBox } from '../infra/secrets/box';
import { ENCRYPTION_KEY_VAR, KEY_FORMAT, keyFileFor, loadMasterKey, parseMasterKey, unreadableAdvice, type KeySource } from '../infra/secrets/master-key';
import { UnreadableSecretsError } from '../infra/secrets/sealed-store';
import { openPostgresStore } from './postgres/store';
import { databaseFileFrom, prepareDatabaseFiles, type DatabaseFiles } from './sqlite-files';
import { openSqliteStore } from './sqlite';
import type { Store } from './types';
import { localExclusive, type Exclusive } from './exclusive';
import { pgExclusive } from './postgres/exclusive';

/** The store `server/main.ts` runs on, and what the start-up banner says about it. */
export interface OpenedStore {
  store: Store;
  kind: 'sqlite' | 'postgres';
  /** The database for the banner: a file path, or the URL without its password. */
  database: string;
  keySource: KeySource;
  /** Where the demo's keys and owner password are written (beside the SQLite file; `UPSHIFT_DATA_DIR` on PostgreSQL). */
  dataDir: string;
  /** How SQLite's files were left (null on PostgreSQL), for the banner's warnings. */
  files: DatabaseFiles | null;
  /**
   * Runs start-up work that must happen once (demo seeding, classifying stored conversions) while
   * holding a database-wide lock, so nodes starting together take turns and the later ones find it done.
   */
  once<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * The first owner's setup token. SQLite: random per start. PostgreSQL: derived from the shared
   * encryption key, so every node behind the balancer accepts the one any of them printed.
   */
  setupToken(): string;
  /** Background jobs (retention) run on one node at a time: an advisory lock on PostgreSQL, this process's own guard on SQLite. */
  exclusive: Exclusive;
}

/** Same on every node and every release: nodes starting together queue on it. */
export const STARTUP_LOCK = 0x75707374; // "upst"

const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//i.test(url);

/** The URL as the banner shows it: the password, if any, masked. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

function causeOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Opens the store the environment asks for: `UPSHIFT_DATABASE_URL=postgres://…` selects
 * PostgreSQL, which needs `UPSHIFT_ENCRYPTION_KEY` (there is no key file beside a server database,
 * and every node must seal with the same key); otherwise SQLite at `UPSHIFT_DB`, as always.
 * Answers an error sentence for the operator instead of throwing.
 */
export async function openConfiguredStore(env: NodeJS.ProcessEnv, randomToken: () => string): Promise<OpenedStore | { error: string }> {
  const url = env.UPSHIFT_DATABASE_URL;
  if (url !== undefined && url !== '') return openPostgres(url, env);
  return openSqlite(env, randomToken);
}

async function openPostgres(url: string, env: NodeJS.ProcessEnv): Promise<OpenedStore | { error: string }> {
  if (!isPostgresUrl(url)) return { error: `UPSHIFT_DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/upshift, got "${redactUrl(url)}"` };
  const keyText = env[ENCRYPTION_KEY_VAR];
  if (keyText === undefined || keyText.trim() === '') {
    return { error: `${ENCRYPTION_KEY_VAR} is required with UPSHIFT_DATABASE_URL: a server database has no key file beside it, and every node must be given the same key (${KEY_FORMAT}).` };
  }
  const key = parseMasterKey(keyText);
  if (!key) return { error: `${ENCRYPTION_KEY_VAR} is malformed (${keyText.trim().length} characters): it must be ${KEY_FORMAT}.` };
  const dataDir = resolve(env.UPSHIFT_DATA_DIR || 'data');
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (e) {
    return { error: `Cannot create UPSHIFT_DATA_DIR ${dataDir}: ${causeOf(e)}` };
  }
  const shown = redactUrl(url);
  let store: Awaited<ReturnType<typeof openPostgresStore>>;
  try {
    store = await openPostgresStore(url, { secrets: secretBox(key) });
  } catch (e) {
    const advice = e instanceof UnreadableSecretsError ? ` ${unreadableAdvice(e.reason, { kind: 'env' })}` : '';
    return { error: `Cannot open the database at ${shown}: ${causeOf(e)}.${advice}` };
  }
  const { pool } = store.db;
  return {
    store,
    kind: 'postgres',
    database: shown,
    keySource: { kind: 'env' },
    dataDir,
    files: null,
    exclusive: pgExclusive(store.db),
    async once(fn) {
      // A session-level lock on a client of its own: the work inside uses the pool freely.
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK]);
        try {
          return await fn();
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK]);
        }
      } finally {
        client.release();
      }
    },
    setupToken: () => createHmac('sha256', key).update('upshift first-owner setup token').digest('hex').slice(0, 40),
  };
}

function openSqlite(env: NodeJS.ProcessEnv, randomToken: () => string): OpenedStore | { error: string } {
  const dbFile = databaseFileFrom(env.UPSHIFT_DB);
  const keyFile = keyFileFor(dbFile);
  const envKey = env[ENCRYPTION_KEY_VAR];
  // A key given in the environment is checked before anything is created, so a typo leaves nothing behind.
  const givenKey = envKey === undefined ? undefined : loadMasterKey(envKey, keyFile);
  if (givenKey && 'error' in givenKey) return givenKey;
  let files: DatabaseFiles;
  try {
    files = prepareDatabaseFiles(dbFile);
  } catch (e) {
    return { error: `Cannot create the database at ${dbFile}: ${causeOf(e)}` };
  }
  const master = givenKey ?? loadMasterKey(undefined, keyFile);
  if ('error' in master) return master;
  let store: Store;
  try {
    store = openSqliteStore(dbFile, { secrets: secretBox(master.key) });
  } catch (e) {
    if (e instanceof UnreadableSecretsError) {
      // A key made just now for a database that already had one would only mislead the next start.
      if (master.source.kind === 'file' && master.source.created) unlinkSync(master.source.file);
      return { error: `Cannot open the database at ${dbFile}: ${causeOf(e)}. ${unreadableAdvice(e.reason, master.source)}` };
    }
    return { error: `Cannot open the database at ${dbFile}: ${causeOf(e)}` };
  }
  return {
    store,
    kind: 'sqlite',
    database: dbFile,
    keySource: master.source,
    dataDir: dirname(dbFile),
    files,
    exclusive: localExclusive(),
    // One process owns a SQLite file's start-up.
    once: (fn) => fn(),
    setupToken: randomToken,
  };
}
