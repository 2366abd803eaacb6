import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import type { Store } from '../../server/store/types';
import { describeStores } from '../helpers/stores';
import { sharedDatabase } from '../helpers/store-pair';

const T = Date.UTC(2031, 4, 6, 7, 8, 9, 10);
/** The ETag the contract promises, worked out here from the body rather than taken from the store. */
const etagOf = (version: number, body: string) => `"v${version}-${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`;
const render = (version: number, publishedAt: string) => JSON.stringify({ version, publishedAt });
const publish = (store: Store, env: string, note: string | null = null) => store.publishConfig(env, render, { publishedBy: 'ana@acme.test', note, rolledBackTo: null });

describeStores('publishing', ({ kind, open }) => {
  it('numbers versions 1, 2, 3 per environment, dated by the clock, and serves the newest', async () => {
    let now = T;
    const store = await open({ clock: () => now });
    const { environment: a } = await store.createEnvironment({ name: 'A', allowedOrigins: [] });
    const { environment: b } = await store.createEnvironment({ name: 'B', allowedOrigins: [] });
    expect(await store.getLiveConfig(a.id)).toBeNull();
    for (const version of [1, 2, 3]) {
      now = T + version * 60_000;
      const publishedAt = new Date(now).toISOString();
      const body = render(version, publishedAt);
      const expected = { environmentId: a.id, version, etag: etagOf(version, body), body, publishedAt };
      expect(await publish(store, a.id)).toEqual(expected);
      expect(await store.getLiveConfig(a.id)).toEqual(expected);
    }
    expect((await publish(store, b.id)).version).toBe(1);
    expect((await store.getLiveConfig(a.id))?.version).toBe(3);
    expect(await store.getLiveConfig('env_missing')).toBeNull();
  });

  it('keeps every version: listed newest first with who, why and what a rollback restored, each readable whole', async () => {
    let now = T;
    const store = await open({ clock: () => now });
    const { environment } = await store.createEnvironment({ name: 'A', allowedOrigins: [] });
    const v1 = await publish(store, environment.id, 'launch');
    now += 1_000;
    const v2 = await store.publishConfig(environment.id, render, undefined);
    now += 1_000;
    const v3 = await store.publishConfig(environment.id, () => v1.body, { publishedBy: 'sk_ci (sk_live…)', note: null, rolledBackTo: 1 });
    const meta = (p: typeof v1) => ({ environmentId: p.environmentId, version: p.version, etag: p.etag, publishedAt: p.publishedAt });
    expect(await store.listConfigVersions(environment.id)).toEqual([
      { ...meta(v3), publishedBy: 'sk_ci (sk_live…)', note: null, rolledBackTo: 1 },
      { ...meta(v2), publishedBy: null, note: null, rolledBackTo: null },
      { ...meta(v1), publishedBy: 'ana@acme.test', note: 'launch', rolledBackTo: null },
    ]);
    // A rollback's body is the old one byte for byte, and its ETag differs only by version.
    expect(v3.body).toBe(v1.body);
    expect(v3.etag).toBe(etagOf(3, v1.body));
    expect(await store.getConfigVersion(environment.id, 2)).toEqual(v2);
    expect(await store.getConfigVersion(environment.id, 4)).toBeNull();
    expect(await store.listConfigVersions('env_missing')).toEqual([]);
  });

  it('gives concurrent publishes, through one store or two over one database, consecutive versions and never the same one', async () => {
    const db = await sharedDatabase(kind);
    const a = await db.open();
    const b = await db.open();
    const { environment } = await a.createEnvironment({ name: 'A', allowedOrigins: [] });
    const { environment: other } = await a.createEnvironment({ name: 'B', allowedOrigins: [] });
    const runs = Array.from({ length: 12 }, (_, i) => publish(i % 2 ? a : b, i % 3 === 2 ? other.id : environment.id, `n${i}`));
    const published = await Promise.all(runs);
    const versionsOf = (id: string) => published.filter((p) => p.environmentId === id).map((p) => p.version).sort((x, y) => x - y);
    expect(versionsOf(environment.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(versionsOf(other.id)).toEqual([1, 2, 3, 4]);
    // Each answer is what was stored under its version.
    for (const p of published) expect(await b.getConfigVersion(p.environmentId, p.version)).toEqual(p);
    expect((await a.listConfigVersions(environment.id)).map((v) => v.version)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('refuses to publish for an environment that does not exist', async () => {
    const store = await open();
    await expect(publish(store, 'env_missing')).rejects.toThrow();
    expect(await store.listConfigVersions('env_missing')).toEqual([]);
  });
});
