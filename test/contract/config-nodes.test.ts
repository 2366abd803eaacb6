import { describe, expect, it } from 'vitest';
import type { PostgresStore } from '../../server/store/postgres/store';
import type { Store } from '../../server/store/types';
import { describeStores, storeKinds } from '../helpers/stores';
import { eventually, sharedDatabase } from '../helpers/store-pair';

// Two stores over one database stand for two nodes (PostgreSQL: LISTEN/NOTIFY) or two processes
// on one file (SQLite: PRAGMA data_version). Each caches environments by key and live configs, and
// must serve what the other wrote within a second: the bound for every node.

const publish = (store: Store, environmentId: string, note: string) =>
  store.publishConfig(environmentId, (version) => JSON.stringify({ version, note }), { publishedBy: null, note, rolledBackTo: null });

/**
 * Resolves once `store` (PostgreSQL) has dropped `environmentId`'s entries, i.e. heard its
 * notification; at once for SQLite, whose stores check data_version on every lookup.
 */
function heard(kind: 'sqlite' | 'postgres', store: Store, environmentId: string): Promise<void> {
  if (kind === 'sqlite') return Promise.resolve();
  return new Promise((resolve) => {
    const stop = (store as PostgresStore).configCache.onDrop((id) => {
      if (id !== environmentId) return;
      stop();
      resolve();
    });
  });
}

/** A and B over one database, B's caches already holding the environment and its live config. */
async function twoNodes(kind: 'sqlite' | 'postgres') {
  const db = await sharedDatabase(kind);
  const a = await db.open();
  const b = await db.open();
  const { environment } = await a.createEnvironment({ name: 'Prod', allowedOrigins: ['https://app.acme.test'] });
  // B must have heard this publish before it caches, or the late notification would empty its cache again.
  const bHeard = heard(kind, b, environment.id);
  await publish(a, environment.id, 'first');
  await bHeard;
  expect((await b.getLiveConfig(environment.id))?.version).toBe(1);
  expect((await b.findEnvironmentByPublishableKey(environment.publishableKey))?.id).toBe(environment.id);
  return { db, a, b, environment };
}

describeStores('config across nodes', ({ kind }) => {
  it('serves on B, within a second, a version published through A', async () => {
    const { a, b, environment } = await twoNodes(kind);
    const second = await publish(a, environment.id, 'second');
    expect(await eventually(() => b.getLiveConfig(environment.id), (c) => c?.version === 2)).toEqual(second);
    // And a rollback, which is a publish too.
    await a.publishConfig(environment.id, () => '{"rolled":true}', { publishedBy: 'ops@acme.test', note: null, rolledBackTo: 1 });
    expect((await eventually(() => b.getLiveConfig(environment.id), (c) => c?.version === 3))?.body).toBe('{"rolled":true}');
  });

  it('serves the first version on B although B had cached "nothing published yet"', async () => {
    const db = await sharedDatabase(kind);
    const a = await db.open();
    const b = await db.open();
    const { environment } = await a.createEnvironment({ name: 'New', allowedOrigins: [] });
    expect(await b.getLiveConfig(environment.id)).toBeNull();
    await publish(a, environment.id, 'first');
    expect((await eventually(() => b.getLiveConfig(environment.id), (c) => c !== null))?.version).toBe(1);
  });

  it('stops accepting the old publishable key on B once A rotates it without grace', async () => {
    const { a, b, environment } = await twoNodes(kind);
    const rotated = await a.rotatePublishableKey(environment.id, 'pk_test_rotated_now', null);
    expect(rotated).toMatchObject({ publishableKey: 'pk_test_rotated_now', previousPublishableKey: environment.publishableKey, previousKeyExpiresAt: null });
    // The store still finds the environment by its previous key; the caller refuses it since it has no grace (expiry null).
    const seen = await eventually(
      () => b.findEnvironmentByPublishableKey(environment.publishableKey),
      (e) => e?.publishableKey === 'pk_test_rotated_now',
    );
    expect(seen).toMatchObject({ previousPublishableKey: environment.publishableKey, previousKeyExpiresAt: null });
    expect((await b.findEnvironmentByPublishableKey('pk_test_rotated_now'))?.id).toBe(environment.id);
    // A second rotation drops the first key altogether: B no longer finds it.
    await a.rotatePublishableKey(environment.id, 'pk_test_rotated_again', 5_000);
    expect(await eventually(() => b.findEnvironmentByPublishableKey(environment.publishableKey), (e) => e === null)).toBeNull();
    expect(await b.findEnvironmentByPublishableKey('pk_test_rotated_now')).toMatchObject({ previousKeyExpiresAt: 5_000 });
  });

  it('sees on B an environment renamed, re-originated or deleted through A', async () => {
    const { a, b, environment } = await twoNodes(kind);
    await a.updateEnvironment(environment.id, { allowedOrigins: ['https://new.acme.test'] });
    const updated = await eventually(
      () => b.findEnvironmentByPublishableKey(environment.publishableKey),
      (e) => e?.allowedOrigins[0] === 'https://new.acme.test',
    );
    expect(updated?.name).toBe('Prod');
    expect(await a.deleteEnvironment(environment.id, 1_000)).toBe(true);
    expect(await eventually(() => b.findEnvironmentByPublishableKey(environment.publishableKey), (e) => e === null)).toBeNull();
  });

  it('serves its own writes at once, without waiting for any notification', async () => {
    const { a, environment } = await twoNodes(kind);
    await publish(a, environment.id, 'second');
    expect((await a.getLiveConfig(environment.id))?.version).toBe(2);
    await a.rotatePublishableKey(environment.id, 'pk_test_own', null);
    expect((await a.findEnvironmentByPublishableKey(environment.publishableKey))?.publishableKey).toBe('pk_test_own');
  });

  it('never caches an unknown key: an environment made later is found by it', async () => {
    const db = await sharedDatabase(kind);
    const a = await db.open();
    const b = await db.open();
    const { environment } = await a.createEnvironment({ name: 'Later', allowedOrigins: [] });
    await a.rotatePublishableKey(environment.id, 'pk_test_later', null);
    // B was never asked for the new key before it existed in the database.
    expect(await b.findEnvironmentByPublishableKey('pk_test_unknown')).toBeNull();
    await a.rotatePublishableKey(environment.id, 'pk_test_unknown', null);
    expect((await eventually(() => b.findEnvironmentByPublishableKey('pk_test_unknown'), (e) => e !== null))?.id).toBe(environment.id);
  });
});

describe.runIf(storeKinds.includes('postgres'))('the PostgreSQL config listener', () => {
  const listeners = `SELECT pid FROM pg_stat_activity WHERE application_name = 'upshift-config-listener' AND datname = current_database()`;
  /** A publish that notifies nobody, as a write by hand or by another program would. */
  const silentPublish = (db: Awaited<ReturnType<typeof sharedDatabase>>, environmentId: string, version: number) =>
    db.query(`INSERT INTO config_versions (environment_id, version, etag, body, published_at) VALUES ('${environmentId}', ${version}, '"v${version}"', '{}', 'x')`);

  it('keeps serving from its cache what no notification said changed', async () => {
    const { db, b, environment } = await twoNodes('postgres');
    await silentPublish(db, environment.id, 2);
    // No notification was sent, so B answers from memory: the cache is really in use.
    expect((await b.getLiveConfig(environment.id))?.version).toBe(1);
  });

  it('drops everything when its connection is lost, reconnects, and hears notifications again', async () => {
    const { db, a, b, environment } = await twoNodes('postgres');
    expect(await db.query(listeners)).toHaveLength(2);
    // The timeout waits until both backends have exited (PostgreSQL 14+), so the listeners really are gone.
    await db.query(`SELECT pg_terminate_backend(pid, 10000) FROM (${listeners}) l`);
    // While nobody listens, a silent change must still reach B: its cache was dropped with the connection.
    await silentPublish(db, environment.id, 2);
    expect((await eventually(() => b.getLiveConfig(environment.id), (c) => c?.version === 2))?.etag).toBe('"v2"');
    // Both listeners come back (backoff starts at 100 ms) and B caches again, then hears A's next publish.
    await eventually(() => db.query(listeners), (rows) => rows.length === 2, 3_000);
    await publish(a, environment.id, 'third');
    expect((await eventually(() => b.getLiveConfig(environment.id), (c) => c?.version === 3))?.version).toBe(3);
  });

  it('ends its listener on close', async () => {
    const { db, a, b } = await twoNodes('postgres');
    await a.close();
    await b.close();
    expect(await eventually(() => db.query(listeners), (rows) => rows.length === 0)).toEqual([]);
  });
});
