import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/store/sqlite';
import type { Store } from '../../server/store/types';
import { tempDir, withReadonlyDb } from '../helpers/test-app';

// The store stamps times from the clock it is given, never the machine's: a test's fake time, and
// one clock for the whole app, reach what it stores. (A second store must honour the same.)

const T = Date.UTC(2031, 4, 6, 7, 8, 9, 10);
let tmp: ReturnType<typeof tempDir>;
let store: Store;
let now: number;
beforeEach(() => {
  tmp = tempDir('upshift-store-clock-');
  now = T;
  store = openSqliteStore(`${tmp.dir}/upshift.db`, { clock: () => now });
});
afterEach(async () => {
  await store.close();
  tmp.remove();
});

describe('a store opened with a clock', () => {
  it('dates environments, published versions and drafts by it', async () => {
    const { environment } = await store.createEnvironment({ name: 'Prod', allowedOrigins: [] });
    expect(environment.createdAt).toBe(new Date(T).toISOString());
    now = T + 60_000;
    const published = await store.publishConfig(environment.id, () => '{}', undefined);
    expect(published.publishedAt).toBe(new Date(T + 60_000).toISOString());
    now = T + 120_000;
    await store.putDraftRule(environment.id, 'r1', { id: 'r1' });
    const updated = withReadonlyDb(`${tmp.dir}/upshift.db`, (db) => db.prepare('SELECT updated_at FROM draft_rules WHERE rule_id = ?').pluck().get('r1'));
    expect(updated).toBe(T + 120_000);
  });

  it('lists environments made in the same millisecond in the order they were made', async () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    for (const name of names) await store.createEnvironment({ name, allowedOrigins: [] });
    expect((await store.listEnvironments()).map((e) => e.name)).toEqual(names);
  });
});
