import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secretBox } from '../../server/infra/secrets/box';
import { UnreadableSecretsError } from '../../server/infra/secrets/sealed-store';
import { applyPragmas, migrate, openSqliteStore } from '../../server/store/sqlite';
import { prepareDatabaseFiles } from '../../server/store/sqlite-files';
import type { Store } from '../../server/store/types';
import { tempDir, withReadonlyDb } from '../helpers/test-app';
import { appOver, expectSecretsWork, modeOf, newEnvironment, occurrences, secretBytes, setSecrets } from './secrets-helpers';
import { startReceiver, type Receiver } from './webhook-helpers';

let tmp: ReturnType<typeof tempDir>;
let receiver: Receiver;
const open: Store[] = [];
const openStore = (file: string, key?: Buffer): Store => {
  const store = openSqliteStore(file, key ? { secrets: secretBox(key) } : {});
  open.push(store);
  return store;
};
beforeEach(async () => {
  tmp = tempDir('upshift-secrets-');
  receiver = await startReceiver();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await receiver.close();
  tmp.remove();
});

/** The modes of the folder, the database, its WAL and index, and the key file. */
const modes = (file: string) => ({
  folder: modeOf(join(file, '..')),
  db: modeOf(file),
  wal: modeOf(`${file}-wal`),
  shm: modeOf(`${file}-shm`),
  key: modeOf(file.replace(/\.db$/, '.key')),
});
const PRIVATE = { folder: '700', db: '600', wal: '600', shm: '600', key: '600' };

/** Runs `work` under `mask`, as a server started from a shell or container with that umask would. */
async function underUmask<T>(mask: number, work: () => Promise<T>): Promise<T> {
  const before = process.umask(mask);
  try {
    return await work();
  } finally {
    process.umask(before);
  }
}

describe('files at rest', () => {
  it('makes the folder 0700 and the database, WAL, index and key file 0600, even under umask 0, through checkpoints and a reopen', async () => {
    const file = join(tmp.dir, 'data', 'upshift.db');
    await underUmask(0, async () => {
      const store = openStore(file);
      await newEnvironment(store);
      expect(modes(file)).toEqual(PRIVATE);

      // A checkpoint empties the WAL; the next write grows it again, as the same file.
      const other = new Database(file);
      other.pragma('wal_checkpoint(TRUNCATE)');
      other.close();
      await newEnvironment(store);
      expect(modes(file)).toEqual(PRIVATE);

      // Closing the last connection removes the WAL and its index; reopening makes them anew.
      await store.close();
      expect(modes(file)).toEqual({ ...PRIVATE, wal: 'absent', shm: 'absent' });
      await newEnvironment(openStore(file));
      expect(modes(file)).toEqual(PRIVATE);
    });
  });

  it('tightens what an older Upshift left open: a 0755 folder, a 0644 database, WAL and index', async () => {
    const file = join(tmp.dir, 'data', 'upshift.db');
    const older = await underUmask(0o022, async () => {
      mkdirSync(join(tmp.dir, 'data'), { mode: 0o755 });
      const db = new Database(file);
      applyPragmas(db);
      migrate(db);
      // Still open, as a server that was killed leaves its WAL behind.
      db.prepare("INSERT INTO environments (id, name, publishable_key, secret_key_hash, allowed_origins, created_at) VALUES ('env_old', 'Old', 'pk_old', 'hash', '[]', '2026-01-01')").run();
      return db;
    });
    expect(modes(file)).toEqual({ folder: '755', db: '644', wal: '644', shm: '644', key: 'absent' });
    openStore(file);
    older.close();
    expect(modes(file)).toMatchObject({ folder: '700', db: '600', key: '600' });
    await newEnvironment(open[0]!);
    expect(modes(file)).toEqual(PRIVATE);
  });

  it('leaves the mode of a folder that holds other files, and says so', () => {
    const folder = join(tmp.dir, 'home');
    mkdirSync(folder, { mode: 0o755 });
    chmodSync(folder, 0o755);
    writeFileSync(join(folder, 'notes.txt'), 'not Upshift’s');
    const file = join(folder, 'upshift.db');
    expect(prepareDatabaseFiles(file)).toEqual({ folder: 'shared', notPrivate: [] });
    expect(modeOf(folder)).toBe('755');
    expect(modeOf(file)).toBe('600');
    expect(prepareDatabaseFiles(join(tmp.dir, 'own', 'upshift.db')).folder).toBe('created');
  });
});

describe('secrets at rest', () => {
  it('keeps every secret set through the API out of the database, its WAL and index, and still verifies, signs and checks with them', async () => {
    const file = join(tmp.dir, 'upshift.db');
    const store = openStore(file);
    const environment = await newEnvironment(store);
    const running = appOver(store, environment);
    const secrets = await setSecrets(running, receiver.url);

    // While the server runs, the new rows sit in the WAL.
    expect(occurrences(file, secretBytes(secrets))).toEqual([]);
    const stored = withReadonlyDb(file, (db) =>
      db.prepare('SELECT secret FROM identity_settings UNION ALL SELECT previous_secret FROM identity_settings UNION ALL SELECT secret FROM webhook_endpoints UNION ALL SELECT secret FROM stripe_endpoints').pluck().all(),
    );
    expect(stored).toEqual([expect.stringMatching(/^v1:/), expect.stringMatching(/^v1:/), expect.stringMatching(/^v1:/), expect.stringMatching(/^v1:/)]);
    await expectSecretsWork(running, secrets, receiver);

    // Closed, everything is checkpointed into the database file; reopened, the secrets still work.
    await running.deliverer.stop();
    await store.close();
    expect(occurrences(file, secretBytes(secrets))).toEqual([]);
    const again = appOver(openStore(file), environment);
    await expectSecretsWork(again, secrets, receiver);
    await again.deliverer.stop();
  });

  it('refuses to start with another key, saying so, and changes nothing', async () => {
    const file = join(tmp.dir, 'upshift.db');
    const key = randomBytes(32);
    const store = openStore(file, key);
    const environment = await newEnvironment(store);
    const secrets = await setSecrets(appOver(store, environment), receiver.url);
    await store.close();
    const before = withReadonlyDb(file, (db) => db.prepare('SELECT secret FROM webhook_endpoints').pluck().get());

    const wrong = (() => {
      try {
        openStore(file, randomBytes(32));
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(wrong).toBeInstanceOf(UnreadableSecretsError);
    expect((wrong as UnreadableSecretsError).reason).toBe('wrong_key');
    expect((wrong as Error).message).toBe('none of the 4 encrypted secrets in the database opens with this encryption key: it is not the key they were encrypted with');
    expect(withReadonlyDb(file, (db) => db.prepare('SELECT secret FROM webhook_endpoints').pluck().get())).toBe(before);

    const right = appOver(openStore(file, key), environment);
    await expectSecretsWork(right, secrets, receiver);
    await right.deliverer.stop();
  });

  it('binds each sealed secret to its row: one copied into another environment does not open there', async () => {
    const file = join(tmp.dir, 'upshift.db');
    const store = openStore(file);
    const a = await newEnvironment(store);
    const b = await newEnvironment(store);
    await setSecrets(appOver(store, a), receiver.url);
    await setSecrets(appOver(store, b), receiver.url);
    await store.close();

    const db = new Database(file);
    db.prepare('UPDATE webhook_endpoints SET secret = (SELECT secret FROM webhook_endpoints WHERE environment_id = ?) WHERE environment_id = ?').run(a.environmentId, b.environmentId);
    db.close();
    expect(() => openStore(file)).toThrow(
      `1 of the 8 encrypted secrets in the database do not open with this encryption key while the others do: they were altered, or copied from another row (webhook_endpoints.secret of ${b.environmentId})`,
    );
  });
});
