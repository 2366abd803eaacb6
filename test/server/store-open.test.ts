import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { formatMasterKey, newMasterKey } from '../../server/infra/secrets/master-key';
import { openConfiguredStore, redactUrl, STARTUP_LOCK, type OpenedStore } from '../../server/store/open';
import { root } from '../helpers/readme';
import { postgresUrl, tempPgDatabase } from '../helpers/stores';
import { tempDir } from '../helpers/test-app';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function open(env: NodeJS.ProcessEnv): Promise<OpenedStore> {
  const opened = await openConfiguredStore(env, () => 'random-token');
  if ('error' in opened) throw new Error(opened.error);
  cleanups.push(() => opened.store.close());
  return opened;
}

describe('choosing the store from the environment', () => {
  it('opens SQLite at UPSHIFT_DB without UPSHIFT_DATABASE_URL, with its demo files beside it and a random setup token', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const file = join(dir.dir, 'sub', 'upshift.db');
    const opened = await open({ UPSHIFT_DB: file });
    expect(opened.kind).toBe('sqlite');
    expect(opened.database).toBe(file);
    expect(opened.dataDir).toBe(join(dir.dir, 'sub'));
    expect(opened.keySource).toEqual({ kind: 'file', file: join(dir.dir, 'sub', 'upshift.key'), created: true });
    expect(opened.setupToken()).toBe('random-token');
    expect(await opened.once(async () => 7)).toBe(7);
  });

  it('refuses PostgreSQL without UPSHIFT_ENCRYPTION_KEY, with a malformed one, and a URL that is not PostgreSQL', async () => {
    const url = 'postgres://upshift:hunter2@127.0.0.1:1/upshift';
    expect(await openConfiguredStore({ UPSHIFT_DATABASE_URL: url }, () => '')).toEqual({ error: expect.stringMatching(/^UPSHIFT_ENCRYPTION_KEY is required with UPSHIFT_DATABASE_URL/) });
    expect(await openConfiguredStore({ UPSHIFT_DATABASE_URL: url, UPSHIFT_ENCRYPTION_KEY: 'short' }, () => '')).toEqual({ error: expect.stringMatching(/^UPSHIFT_ENCRYPTION_KEY is malformed \(5 characters\)/) });
    const mysql = await openConfiguredStore({ UPSHIFT_DATABASE_URL: 'mysql://root:hunter2@db/upshift' }, () => '');
    expect(mysql).toEqual({ error: expect.stringMatching(/must be a PostgreSQL URL/) });
    expect(JSON.stringify(mysql)).not.toContain('hunter2');
  });

  it('masks the password of a URL it prints', () => {
    expect(redactUrl('postgres://upshift:hunter2@db.internal:5432/upshift')).toBe('postgres://upshift:***@db.internal:5432/upshift');
    expect(redactUrl('postgres://upshift@db.internal/upshift')).toBe('postgres://upshift@db.internal/upshift');
  });

  it('server/main.ts exits 1 with the reason when UPSHIFT_DATABASE_URL comes without a key', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, UPSHIFT_DATABASE_URL: 'postgres://upshift@127.0.0.1:1/upshift', PORT: '0' };
    delete env.UPSHIFT_ENCRYPTION_KEY;
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'server', 'main.ts')], { cwd: root, env, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('UPSHIFT_ENCRYPTION_KEY is required with UPSHIFT_DATABASE_URL');
  });
});

describe.skipIf(!postgresUrl)('two nodes starting on one PostgreSQL database', () => {
  async function twoNodes() {
    const database = await tempPgDatabase({ empty: true });
    cleanups.push(() => database.drop());
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const env = { UPSHIFT_DATABASE_URL: database.url, UPSHIFT_ENCRYPTION_KEY: formatMasterKey(newMasterKey()), UPSHIFT_DATA_DIR: join(dir.dir, 'data') };
    const [a, b] = await Promise.all([open(env), open(env)]);
    return { a: a!, b: b!, database, env };
  }

  it('opens PostgreSQL with the key from the environment and the demo files in UPSHIFT_DATA_DIR', async () => {
    const { a, env } = await twoNodes();
    expect(a.kind).toBe('postgres');
    expect(a.keySource).toEqual({ kind: 'env' });
    expect(a.dataDir).toBe(env.UPSHIFT_DATA_DIR);
    expect(a.files).toBeNull();
  });

  it('runs start-up work one node at a time: the second waits on the lock until the first is done', async () => {
    const { a, b, database } = await twoNodes();
    const order: string[] = [];
    let finishFirst!: () => void;
    const firstMayFinish = new Promise<void>((resolve) => (finishFirst = resolve));
    let firstEntered!: () => void;
    const firstIn = new Promise<void>((resolve) => (firstEntered = resolve));
    const first = a.once(async () => {
      order.push('a in');
      firstEntered();
      await firstMayFinish;
      order.push('a out');
    });
    await firstIn;
    const second = b.once(async () => void order.push('b in'));
    // The signal that the second node is queued: PostgreSQL lists its advisory lock as not granted.
    const observer = new pg.Client({ connectionString: database.url });
    await observer.connect();
    cleanups.push(() => observer.end());
    for (;;) {
      const waiting = await observer.query(
        "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND objid = $1",
        [STARTUP_LOCK],
      );
      // Or the second got in without waiting, which the assertion below reports.
      if (waiting.rowCount || order.includes('b in')) break;
    }
    expect(order).toEqual(['a in']);
    finishFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['a in', 'a out', 'b in']);
  });

  it('gives every node sharing a key the same setup token, and another key another one', async () => {
    const { a, b, env } = await twoNodes();
    expect(a.setupToken()).toBe(b.setupToken());
    expect(a.setupToken()).toMatch(/^[0-9a-f]{40}$/);
    const other = await open({ ...env, UPSHIFT_ENCRYPTION_KEY: formatMasterKey(newMasterKey()) });
    expect(other.setupToken()).not.toBe(a.setupToken());
  });
});
