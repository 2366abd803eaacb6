import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newIdentitySecret } from '../../server/services/identity-token';
import { openSqliteStore } from '../../server/store/sqlite';
import type { Store } from '../../server/store/types';
import { newWebhookSecret } from '../../server/services/webhooks/sign';
import { tempDir, withReadonlyDb } from '../helpers/test-app';
import { appOver, expectSecretsWork, modeOf, newEnvironment, newStripeSecret, occurrences, secretBytes, setSecrets, type Secrets } from './secrets-helpers';
import { startReceiver, T0, type Receiver } from './webhook-helpers';

let tmp: ReturnType<typeof tempDir>;
let receiver: Receiver;
const open: Store[] = [];
beforeEach(async () => {
  tmp = tempDir('upshift-secrets-migration-');
  receiver = await startReceiver();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await receiver.close();
  tmp.remove();
});

/**
 * Writes the secrets in the clear with the very statements the code before encryption ran: identity
 * turned on, then rotated three times, with an overlap, without, and with again; a webhook endpoint
 * and a Stripe secret. Answers the live secrets, the two rotated away (earlier versions of the
 * page in the WAL still hold them until a checkpoint), and the connection, still open.
 */
function writePlainAsBefore(file: string, environmentId: string, webhookUrl: string): { secrets: Secrets; rotatedAway: string[]; db: Database.Database } {
  const [first, second, third, fourth] = [newIdentitySecret(), newIdentitySecret(), newIdentitySecret(), newIdentitySecret()];
  const secrets: Secrets = { identity: fourth, previousIdentity: third, webhook: newWebhookSecret(), stripe: newStripeSecret() };
  const db = new Database(file);
  const at = T0 - 1000;
  db.prepare(
    `INSERT INTO identity_settings (environment_id, required, secret, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (environment_id) DO UPDATE SET required = excluded.required, updated_at = excluded.updated_at`,
  ).run(environmentId, 1, first, at, at);
  const rotate = db.prepare(
    `INSERT INTO identity_settings (environment_id, required, secret, created_at, updated_at) VALUES (@env, 0, @secret, @at, @at)
     ON CONFLICT (environment_id) DO UPDATE SET
       previous_secret = CASE WHEN @previousUntil IS NULL THEN NULL ELSE identity_settings.secret END,
       previous_expires_at = @previousUntil,
       secret = excluded.secret, updated_at = excluded.updated_at`,
  );
  rotate.run({ env: environmentId, secret: second, at, previousUntil: at + 60_000 });
  rotate.run({ env: environmentId, secret: third, at, previousUntil: null });
  rotate.run({ env: environmentId, secret: fourth, at, previousUntil: T0 + 3_600_000 });
  db.prepare('INSERT INTO webhook_endpoints (environment_id, url, events, secret, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    environmentId,
    webhookUrl,
    JSON.stringify(['trial.started']),
    secrets.webhook,
    at,
    at,
  );
  db.prepare(
    `INSERT INTO stripe_endpoints (environment_id, secret, created_at, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (environment_id) DO UPDATE SET secret = excluded.secret, updated_at = excluded.updated_at`,
  ).run(environmentId, secrets.stripe, at, at);
  return { secrets, rotatedAway: [first, second], db };
}

const storedValues = (file: string) =>
  withReadonlyDb(file, (db) =>
    db.prepare('SELECT secret FROM identity_settings UNION ALL SELECT previous_secret FROM identity_settings UNION ALL SELECT secret FROM webhook_endpoints UNION ALL SELECT secret FROM stripe_endpoints').pluck().all(),
  );

describe('secrets an older Upshift stored in the clear', () => {
  it('are encrypted on start, gone from the files (with those rotated away long ago), and keep working', async () => {
    const before = join(tmp.dir, 'upshift.db');
    const first = openSqliteStore(before);
    const environment = await newEnvironment(first);
    await first.close();
    const { secrets, rotatedAway, db } = writePlainAsBefore(before, environment.environmentId, receiver.url);
    // The older server was killed: its database and WAL as they were are what the new one starts on.
    const file = join(tmp.dir, 'killed', 'upshift.db');
    mkdirSync(join(tmp.dir, 'killed'));
    for (const suffix of ['', '-wal']) copyFileSync(`${before}${suffix}`, `${file}${suffix}`);
    db.close();
    expect(storedValues(file)).toEqual([secrets.identity, secrets.previousIdentity, secrets.webhook, secrets.stripe]);
    expect(occurrences(file, [secrets.webhook, ...rotatedAway]).map((o) => o.split(' in ')[0])).toEqual([secrets.webhook, ...rotatedAway]);

    const store = openSqliteStore(file);
    open.push(store);
    expect(modeOf(join(tmp.dir, 'killed', 'upshift.key'))).toBe('600');
    expect(storedValues(file)).toEqual(Array(4).fill(expect.stringMatching(/^v1:/)));
    // Checked while the server runs: start-up checkpoints what it rewrote, so the WAL holds none of it either.
    expect(occurrences(file, [...secretBytes(secrets), ...rotatedAway])).toEqual([]);
    const running = appOver(store, environment);
    await expectSecretsWork(running, secrets, receiver);
    await running.deliverer.stop();

    // The next start finds nothing left to encrypt, and changes nothing.
    const sealed = storedValues(file);
    await store.close();
    const again = openSqliteStore(file);
    open.push(again);
    expect(storedValues(file)).toEqual(sealed);
    await expectSecretsWork(appOver(again, environment), secrets, receiver);
  });

  it('are encrypted alongside ones already sealed, with every other row and column kept', async () => {
    const file = join(tmp.dir, 'upshift.db');
    const store = openSqliteStore(file);
    const sealedEnv = await newEnvironment(store);
    const plainEnv = await newEnvironment(store);
    const running = appOver(store, sealedEnv);
    const sealedSecrets = await setSecrets(running, receiver.url);
    await running.deliverer.stop();
    await store.close();
    const { secrets, db } = writePlainAsBefore(file, plainEnv.environmentId, receiver.url);
    db.close();
    const rows = () =>
      withReadonlyDb(file, (db) => ({
        identity: db.prepare('SELECT environment_id, required, previous_expires_at, created_at, updated_at FROM identity_settings ORDER BY environment_id').all(),
        webhooks: db.prepare('SELECT environment_id, url, events, created_at, updated_at FROM webhook_endpoints ORDER BY environment_id').all(),
        stripe: db.prepare('SELECT environment_id, created_at, updated_at FROM stripe_endpoints ORDER BY environment_id').all(),
      }));
    const before = rows();

    const reopened = openSqliteStore(file);
    open.push(reopened);
    expect(rows()).toEqual(before);
    expect(occurrences(file, secretBytes(secrets))).toEqual([]);
    const a = appOver(reopened, sealedEnv);
    await expectSecretsWork(a, sealedSecrets, receiver);
    await a.deliverer.stop();
    const b = appOver(reopened, plainEnv);
    await expectSecretsWork(b, secrets, receiver);
    await b.deliverer.stop();
  });
});
