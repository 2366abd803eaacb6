import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoContent, publish } from '../../server/demo/seed';
import { migrations } from '../../server/store/migrations/index';
import { applyPragmas, migrate, openSqliteStore } from '../../server/store/sqlite';
import type { Store } from '../../server/store/types';
import type { Event } from '../../shared/schemas/event';
import { click, impression, track } from '../helpers/events';
import { tempDir, withReadonlyDb } from '../helpers/test-app';

let tmp: ReturnType<typeof tempDir>;
let file: string;
const open: Store[] = [];

/** Opens the store over the test's file and closes it after the test. */
const openStore = (): Store => {
  const store = openSqliteStore(file);
  open.push(store);
  return store;
};

beforeEach(() => {
  tmp = tempDir('upshift-store-');
  file = join(tmp.dir, 'nested', 'upshift.db');
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  tmp.remove();
});

const events = (): Event[] => [impression(), click(), track()] as unknown as Event[];
const now = () => Date.now();
const migrationRows = () =>
  withReadonlyDb(file, (db) => db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all() as Array<{ version: number; name: string; applied_at: string }>);

describe('openSqliteStore', () => {
  it('keeps environments, configs and events across a reopen', async () => {
    const first = openStore();
    const { environment, secretKey } = await first.createEnvironment({ name: 'Prod', allowedOrigins: ['https://app.acme.test'] });
    const published = await publish(first, environment.id, demoContent);
    const batch = events();
    expect(await first.insertEvents(environment.id, batch, now())).toEqual({ accepted: 3, duplicates: 0 });
    await first.close();

    const second = openStore();
    expect(await second.listEnvironments()).toEqual([environment]);
    expect(await second.findEnvironmentByPublishableKey(environment.publishableKey)).toEqual(environment);
    expect(await second.findEnvironmentBySecretKey(secretKey)).toEqual(environment);
    expect(await second.getLiveConfig(environment.id)).toEqual(published);
    expect(await second.insertEvents(environment.id, batch, now())).toEqual({ accepted: 0, duplicates: 3 });
  });

  it('records each migration once and applies nothing new on reopen', async () => {
    await openStore().close();
    const rows = migrationRows();
    expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
    expect(rows.map((r) => r.name)).toEqual(migrations.map((m) => m.name));

    await openStore().close();
    expect(migrationRows()).toEqual(rows);

    const db = new Database(file);
    try {
      expect(migrate(db)).toBe(0);
    } finally {
      db.close();
    }
    expect(migrationRows()).toEqual(rows);
  });

  it('refuses a database from a newer Upshift with a clear error', async () => {
    await openStore().close();
    const newest = migrations.at(-1)!.version;
    const db = new Database(file);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(newest + 1, 'from_the_future', now());
    db.close();

    expect(() => openSqliteStore(file)).toThrow(new RegExp(`version ${newest + 1}.*newer.*upgrade Upshift`, 'i'));
  });

  it('stores only a digest of the secret key and finds the environment by the real key', async () => {
    const store = openStore();
    const { environment, secretKey } = await store.createEnvironment({ name: 'Prod', allowedOrigins: [] });
    expect(secretKey).toMatch(/^sk_/);

    const rows = withReadonlyDb(file, (db) => db.prepare('SELECT * FROM environments').all());
    expect(JSON.stringify(rows)).not.toContain(secretKey);
    expect(JSON.stringify(rows)).not.toContain(secretKey.slice(3));
    for (const suffix of ['', '-wal']) {
      if (existsSync(file + suffix)) expect(readFileSync(file + suffix).includes(secretKey.slice(3))).toBe(false);
    }

    expect(await store.findEnvironmentBySecretKey(secretKey)).toEqual(environment);
    expect(await store.findEnvironmentBySecretKey(`${secretKey}x`)).toBeNull();
    expect(await store.findEnvironmentBySecretKey(environment.publishableKey)).toBeNull();
  });

  it('opens every connection in WAL mode with commits synced to disk (FULL), since an acknowledged event is gone from the browser', () => {
    openStore();
    const db = new Database(file);
    try {
      applyPragmas(db);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });

  it('rejects calls after close', async () => {
    const store = openStore();
    await store.close();
    await expect(store.ping()).rejects.toThrow();
    await expect(store.listEnvironments()).rejects.toThrow();
  });
});

describe('cached lookups', () => {
  it('see an environment removed through another connection', async () => {
    const server = openStore();
    const { environment } = await server.createEnvironment({ name: 'Gone', allowedOrigins: [] });
    expect(await server.findEnvironmentByPublishableKey(environment.publishableKey)).not.toBeNull();
    const db = new Database(file);
    db.prepare('UPDATE environments SET deleted_at = 1 WHERE id = ?').run(environment.id);
    db.close();
    expect(await server.findEnvironmentByPublishableKey(environment.publishableKey)).toBeNull();
  });

  it('for a config request, see another connection’s publish from the next turn of the event loop, and their own at once', async () => {
    const server = openStore();
    const { environment } = await server.createEnvironment({ name: 'Prod', allowedOrigins: [] });
    await publish(server, environment.id, demoContent);
    expect((await server.liveConfigByPublishableKey(environment.publishableKey))?.live?.version).toBe(1);

    const script = openStore();
    await publish(script, environment.id, demoContent);
    // Checked once per turn: a request that comes after the commit comes in a later turn.
    await new Promise((resolve) => setImmediate(resolve));
    expect((await server.liveConfigByPublishableKey(environment.publishableKey))?.live?.version).toBe(2);

    await publish(server, environment.id, demoContent);
    expect((await server.liveConfigByPublishableKey(environment.publishableKey))?.live?.version).toBe(3);
  });
});
