import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secretBox } from '../../server/infra/secrets/box';
import { formatMasterKey, parseMasterKey } from '../../server/infra/secrets/master-key';
import { rekey } from '../../server/infra/secrets/rekey';
import { UnreadableSecretsError } from '../../server/infra/secrets/sealed-store';
import { openSqliteStore } from '../../server/store/sqlite';
import { resealSecrets, storedSecrets, withDatabaseAlone } from '../../server/store/sqlite-secrets';
import type { Store } from '../../server/store/types';
import { tempDir, withReadonlyDb } from '../helpers/test-app';
import { appOver, expectSecretsWork, modeOf, newEnvironment, occurrences, setSecrets, type Secrets } from './secrets-helpers';
import { startReceiver, type Receiver } from './webhook-helpers';

let tmp: ReturnType<typeof tempDir>;
let receiver: Receiver;
let file: string;
let keyFile: string;
const open: Store[] = [];
beforeEach(async () => {
  tmp = tempDir('upshift-rekey-');
  receiver = await startReceiver();
  file = join(tmp.dir, 'upshift.db');
  keyFile = join(tmp.dir, 'upshift.key');
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await receiver.close();
  tmp.remove();
});

const openStore = (key?: Buffer): Store => {
  const store = openSqliteStore(file, key ? { secrets: secretBox(key) } : {});
  open.push(store);
  return store;
};

/** A database with every secret set through the API, closed again as a stopped server leaves it. */
async function stoppedServerWithSecrets(key?: Buffer) {
  const store = openStore(key);
  const environment = await newEnvironment(store);
  const running = appOver(store, environment);
  const secrets = await setSecrets(running, receiver.url);
  await running.deliverer.stop();
  await store.close();
  return { environment, secrets };
}

/** The stored (sealed) values, as read straight from the file. */
const sealedValues = () => withReadonlyDb(file, (db) => storedSecrets(db).map((s) => s.value));

/** Opens the store with `key` and checks every secret still works. */
async function expectWorksWith(environment: Awaited<ReturnType<typeof newEnvironment>>, secrets: Secrets, key?: Buffer) {
  const running = appOver(openStore(key), environment);
  await expectSecretsWork(running, secrets, receiver);
  await running.deliverer.stop();
}

const startError = (key: Buffer): unknown => {
  try {
    openStore(key);
  } catch (e) {
    return e;
  }
  return null;
};

describe('rekey with the key file', () => {
  it('re-encrypts every secret under a new key it writes to the key file: the old key no longer opens them, the new one does', async () => {
    const { environment, secrets } = await stoppedServerWithSecrets();
    const oldKey = parseMasterKey(readFileSync(keyFile, 'utf8'))!;
    const before = sealedValues();

    expect(rekey({ dbFile: file, currentKey: undefined, newKey: undefined })).toEqual({ ok: true, source: 'file', keyFile, resealed: 4, finished: false });
    const newKey = parseMasterKey(readFileSync(keyFile, 'utf8'))!;
    expect(newKey.equals(oldKey)).toBe(false);
    expect(modeOf(keyFile)).toBe('600');
    expect(existsSync(`${keyFile}.new`)).toBe(false);

    const after = withReadonlyDb(file, (db) => storedSecrets(db));
    expect(after.map((s) => secretBox(oldKey).open(s.value, s.kind, s.environmentId))).toEqual([null, null, null, null]);
    expect(after.map((s) => secretBox(newKey).open(s.value, s.kind, s.environmentId))).toEqual([secrets.identity, secrets.previousIdentity, secrets.webhook, secrets.stripe]);
    // Not even in free space or the WAL: the old key, if it leaked, opens nothing left in the files.
    expect(occurrences(file, before)).toEqual([]);
    expect((startError(oldKey) as UnreadableSecretsError).reason).toBe('wrong_key');
    await expectWorksWith(environment, secrets);
  });

  it('takes the new key from UPSHIFT_NEW_ENCRYPTION_KEY, and refuses a malformed one or the current one, changing nothing', async () => {
    const { environment, secrets } = await stoppedServerWithSecrets();
    const current = readFileSync(keyFile, 'utf8');
    const before = sealedValues();
    expect(rekey({ dbFile: file, currentKey: undefined, newKey: 'too-short' })).toEqual({ ok: false, error: expect.stringContaining('UPSHIFT_NEW_ENCRYPTION_KEY is malformed: it must be 32 random bytes') });
    expect(rekey({ dbFile: file, currentKey: undefined, newKey: current })).toEqual({ ok: false, error: 'UPSHIFT_NEW_ENCRYPTION_KEY is the current key; give a new one' });
    expect(sealedValues()).toEqual(before);
    expect(readFileSync(keyFile, 'utf8')).toBe(current);

    const chosen = randomBytes(32);
    expect(rekey({ dbFile: file, currentKey: undefined, newKey: chosen.toString('hex') })).toMatchObject({ ok: true, resealed: 4 });
    expect(readFileSync(keyFile, 'utf8')).toBe(`${formatMasterKey(chosen)}\n`);
    await expectWorksWith(environment, secrets);
  });

  it('is all or nothing: one altered secret leaves every secret and the key file as they were', async () => {
    await stoppedServerWithSecrets();
    const other = await newEnvironment(openStore());
    await setSecrets(appOver(open.at(-1)!, other), receiver.url);
    await open.at(-1)!.close();
    const db = new Database(file);
    db.prepare('UPDATE stripe_endpoints SET secret = (SELECT secret FROM webhook_endpoints WHERE environment_id = ?) WHERE environment_id = ?').run(other.environmentId, other.environmentId);
    db.close();
    const before = sealedValues();
    const key = readFileSync(keyFile, 'utf8');

    const result = rekey({ dbFile: file, currentKey: undefined, newKey: undefined });
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^Nothing was changed: 1 of the 8 encrypted secrets .* \(stripe_endpoints\.secret of env_\w+\)\. Restore the database from a backup/) });
    expect(sealedValues()).toEqual(before);
    expect(readFileSync(keyFile, 'utf8')).toBe(key);
    expect(existsSync(`${keyFile}.new`)).toBe(false);
  });

  it('refuses while a server has the database open', async () => {
    await stoppedServerWithSecrets();
    openStore();
    const before = sealedValues();
    expect(rekey({ dbFile: file, currentKey: undefined, newKey: undefined })).toEqual({
      ok: false,
      error: `Nothing was changed: ${file} is open in another process (is Upshift running?): stop it first, so that no server goes on with the old key`,
    });
    expect(sealedValues()).toEqual(before);
    expect(existsSync(`${keyFile}.new`)).toBe(false);
  });

  it('finishes a run that stopped after the database moved to the new key, and ignores one that stopped before', async () => {
    const { environment, secrets } = await stoppedServerWithSecrets();
    // Stopped before the database changed: the pending key opens nothing there.
    writeFileSync(`${keyFile}.new`, formatMasterKey(randomBytes(32)), { mode: 0o600 });
    expect(rekey({ dbFile: file, currentKey: undefined, newKey: undefined })).toMatchObject({ ok: true, resealed: 4, finished: false });
    await expectWorksWith(environment, secrets);
    await open.at(-1)!.close();

    // Stopped after: the database is under the pending key, the key file still holds the one before.
    const pendingKey = randomBytes(32);
    const before = parseMasterKey(readFileSync(keyFile, 'utf8'))!;
    withDatabaseAlone(file, (db) => resealSecrets(db, secretBox(before), secretBox(pendingKey)));
    writeFileSync(`${keyFile}.new`, formatMasterKey(pendingKey), { mode: 0o600 });
    expect((startError(before) as UnreadableSecretsError).reason).toBe('wrong_key');
    expect(rekey({ dbFile: file, currentKey: undefined, newKey: undefined })).toEqual({ ok: true, source: 'file', keyFile, resealed: 0, finished: true });
    expect(parseMasterKey(readFileSync(keyFile, 'utf8'))!.equals(pendingKey)).toBe(true);
    await expectWorksWith(environment, secrets);
  });
});

describe('rekey with UPSHIFT_ENCRYPTION_KEY', () => {
  it('re-encrypts under UPSHIFT_NEW_ENCRYPTION_KEY and leaves the key files alone', async () => {
    const oldKey = randomBytes(32);
    const { environment, secrets } = await stoppedServerWithSecrets(oldKey);
    expect(rekey({ dbFile: file, currentKey: formatMasterKey(oldKey), newKey: undefined })).toEqual({
      ok: false,
      error: 'With the key in UPSHIFT_ENCRYPTION_KEY, give the new key in UPSHIFT_NEW_ENCRYPTION_KEY (e.g. `openssl rand -base64 32`): Upshift has nowhere to keep a key it makes',
    });
    const wrong = rekey({ dbFile: file, currentKey: randomBytes(32).toString('hex'), newKey: randomBytes(32).toString('hex') });
    expect(wrong).toEqual({ ok: false, error: expect.stringContaining('Nothing was changed: none of the 4 encrypted secrets in the database opens with this encryption key') });

    const newKey = randomBytes(32);
    expect(rekey({ dbFile: file, currentKey: oldKey.toString('hex'), newKey: formatMasterKey(newKey) })).toEqual({ ok: true, source: 'env', resealed: 4 });
    expect(existsSync(keyFile)).toBe(false);
    expect((startError(oldKey) as UnreadableSecretsError).reason).toBe('wrong_key');
    await expectWorksWith(environment, secrets, newKey);
  });
});
