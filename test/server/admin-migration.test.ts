import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app';
import { hashSecret, newPublishableKey, newSecretKey } from '../../server/infra/keys';
import { migrations } from '../../server/store/migrations/index';
import { openSqliteStore } from '../../server/store/sqlite';
import { applyPragmas, migrate } from '../../server/store/sqlite-setup';
import type { Store } from '../../server/store/types';
import { SecretKeyView } from '../../shared/schemas/admin';
import { addPerson, signedIn } from '../helpers/admin-client';
import { expectApiError } from '../helpers/http';
import { recordingLogger, tempDir } from '../helpers/test-app';
import { secretCall } from './webhook-helpers';

// A database made before migration 16 (one secret key per environment, in `environments`) opened
// by the current store: each environment's key moved into `secret_keys` as "Default" and still works.

let tmp: ReturnType<typeof tempDir>;
let file: string;
const open: Store[] = [];
beforeEach(() => {
  tmp = tempDir('upshift-migration-16-');
  file = join(tmp.dir, 'upshift.db');
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  tmp.remove();
});

interface OldEnvironment {
  id: string;
  name: string;
  publishableKey: string;
  secretKey: string;
  createdAt: string;
}

/** Migrations 1–15 only, and environments written as the code before 16 wrote them. */
function databaseBefore16(environments: OldEnvironment[]): void {
  const db = new Database(file);
  try {
    applyPragmas(db);
    const before = migrations.filter((m) => m.version < 16);
    expect(before.map((m) => m.version)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    migrate(db, before);
    const insert = db.prepare('INSERT INTO environments (id, name, publishable_key, secret_key_hash, allowed_origins, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    for (const e of environments) insert.run(e.id, e.name, e.publishableKey, hashSecret(e.secretKey), JSON.stringify(['https://app.acme.test']), e.createdAt);
  } finally {
    db.close();
  }
}

const old = (id: string, name: string, createdAt: string): OldEnvironment => ({ id, name, publishableKey: newPublishableKey(), secretKey: newSecretKey(), createdAt });

describe('migration 16 (workspaces)', () => {
  it('keeps each environment’s secret key working, as its "Default" key', async () => {
    const production = old('env_production0001', 'Production', '2026-06-01T08:00:00.000Z');
    const staging = old('env_staging00000001', 'Staging', '2026-07-15T12:30:00.000Z');
    databaseBefore16([production, staging]);

    const store = openSqliteStore(file);
    open.push(store);
    const app = createApp({ store, logger: recordingLogger() });

    for (const env of [production, staging]) {
      const res = await secretCall({ app, secretKey: env.secretKey }, 'GET', '/v1/settings');
      expect(res.status, await res.clone().text()).toBe(200);
      // The key acts for its own environment: a setting written with it is read back there only.
      expect((await secretCall({ app, secretKey: env.secretKey }, 'PUT', '/v1/settings', { holdout: env === production ? 5 : 10 })).status).toBe(200);
    }
    expect(await store.getDraftSettings(production.id)).toEqual({ holdout: 5 });
    expect(await store.getDraftSettings(staging.id)).toEqual({ holdout: 10 });

    // The console lists it by name, dated as its environment, marked used.
    await addPerson(store, 'ada@acme.com', 'owner');
    const ada = await signedIn(app, 'ada@acme.com');
    const keys = SecretKeyView.array().parse((await ada.ok<{ keys: unknown }>('GET', `/v1/admin/environments/${production.id}/secret-keys`)).keys);
    expect(keys).toEqual([{ id: expect.stringMatching(/^key_/), name: 'Default', prefix: 'sk_…', createdAt: production.createdAt, lastUsedAt: expect.any(String) }]);

    // Revoked in the console, the old key stops working like any other.
    expect((await ada.delete(`/v1/admin/environments/${production.id}/secret-keys/${keys[0]!.id}`)).status).toBe(204);
    await expectApiError(await secretCall({ app, secretKey: production.secretKey }, 'GET', '/v1/settings'), 401, 'unknown_key');
    expect((await secretCall({ app, secretKey: staging.secretKey }, 'GET', '/v1/settings')).status).toBe(200);
  });

  it('keeps the publishable keys, with no grace key and nothing deleted', async () => {
    const production = old('env_production0001', 'Production', '2026-06-01T08:00:00.000Z');
    databaseBefore16([production]);
    const store = openSqliteStore(file);
    open.push(store);
    expect(await store.findEnvironmentByPublishableKey(production.publishableKey)).toMatchObject({ id: production.id, name: 'Production', previousPublishableKey: null, previousKeyExpiresAt: null });
    expect((await store.listEnvironments()).map((e) => e.id)).toEqual([production.id]);
  });

  it('leaves a database with no environments with no keys', async () => {
    databaseBefore16([]);
    const store = openSqliteStore(file);
    open.push(store);
    expect(await store.authenticateSecretKey(newSecretKey(), Date.now())).toBeNull();
  });
});
