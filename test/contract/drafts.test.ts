import { expect, it } from 'vitest';
import { describeStores } from '../helpers/stores';
import { sharedDatabase } from '../helpers/store-pair';

const T = Date.UTC(2031, 4, 6, 7, 8, 9, 10);
const rule = (id: string, extra: Record<string, unknown> = {}) => ({ id, name: `Rule ${id}`, surfaces: ['banner'], ...extra });

describeStores('drafts', ({ kind, open }) => {
  it('creates, replaces, reads back exactly and deletes draft rules, listed by id in byte order', async () => {
    const store = await open();
    const { environment } = await store.createEnvironment({ name: 'Prod', allowedOrigins: [] });
    const { environment: other } = await store.createEnvironment({ name: 'Other', allowedOrigins: [] });
    expect(await store.listDraftRules(environment.id)).toEqual([]);
    expect(await store.getDraftRule(environment.id, 'a')).toBeNull();
    for (const id of ['b', 'a', 'B', 'a-1', '_z']) expect(await store.putDraftRule(environment.id, id, rule(id))).toBe(true);
    expect(await store.putDraftRule(environment.id, 'a', rule('a', { nested: { n: 1.5, none: null, list: [true, 'é'] } }))).toBe(false);
    await store.putDraftRule(other.id, 'a', rule('a', { other: true }));
    // Byte order (uppercase before underscore before lowercase), as SQLite's BINARY collation.
    expect((await store.listDraftRules(environment.id)).map((r) => (r as { id: string }).id)).toEqual(['B', '_z', 'a', 'a-1', 'b']);
    expect(await store.getDraftRule(environment.id, 'a')).toEqual(rule('a', { nested: { n: 1.5, none: null, list: [true, 'é'] } }));
    expect(await store.getDraftRule(other.id, 'a')).toEqual(rule('a', { other: true }));
    expect(await store.deleteDraftRule(environment.id, 'a')).toBe(true);
    expect(await store.deleteDraftRule(environment.id, 'a')).toBe(false);
    expect(await store.getDraftRule(environment.id, 'a')).toBeNull();
    expect(await store.getDraftRule(other.id, 'a')).not.toBeNull();
  });

  it('keeps a catalog and settings per environment, null until first saved', async () => {
    const store = await open();
    const { environment } = await store.createEnvironment({ name: 'Prod', allowedOrigins: [] });
    expect(await store.getDraftCatalog(environment.id)).toBeNull();
    expect(await store.getDraftSettings(environment.id)).toBeNull();
    await store.putDraftCatalog(environment.id, { plans: [{ id: 'pro' }] });
    await store.putDraftCatalog(environment.id, { plans: [{ id: 'team' }] });
    await store.putDraftSettings(environment.id, { budget: { perWeek: 2 }, globalHoldout: 0.05 });
    expect(await store.getDraftCatalog(environment.id)).toEqual({ plans: [{ id: 'team' }] });
    expect(await store.getDraftSettings(environment.id)).toEqual({ budget: { perWeek: 2 }, globalHoldout: 0.05 });
  });

  it('replaces all drafts at once, removing rules not given, and changes nothing when any rule fails', async () => {
    const store = await open();
    const { environment } = await store.createEnvironment({ name: 'Prod', allowedOrigins: [] });
    await store.putDraftRule(environment.id, 'old', rule('old'));
    await store.putDraftCatalog(environment.id, { plans: [] });
    await store.replaceDrafts(environment.id, { catalog: { plans: [{ id: 'pro' }] }, settings: { globalHoldout: 0 }, rules: [rule('y'), rule('x')] });
    expect(await store.listDraftRules(environment.id)).toEqual([rule('x'), rule('y')]);
    expect(await store.getDraftCatalog(environment.id)).toEqual({ plans: [{ id: 'pro' }] });
    expect(await store.getDraftSettings(environment.id)).toEqual({ globalHoldout: 0 });
    // The same id twice cannot be stored: the whole import is refused.
    await expect(store.replaceDrafts(environment.id, { catalog: { plans: ['changed'] }, settings: { changed: true }, rules: [rule('q'), rule('q')] })).rejects.toThrow();
    expect(await store.listDraftRules(environment.id)).toEqual([rule('x'), rule('y')]);
    expect(await store.getDraftCatalog(environment.id)).toEqual({ plans: [{ id: 'pro' }] });
    await store.replaceDrafts(environment.id, { catalog: null, settings: null, rules: [] });
    expect(await store.listDraftRules(environment.id)).toEqual([]);
  });

  it('answers "created" to exactly one of many puts of a new rule at once through two stores', async () => {
    const db = await sharedDatabase(kind);
    const [a, b] = [await db.open(), await db.open()];
    const { environment } = await a.createEnvironment({ name: 'Prod', allowedOrigins: [] });
    const created = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).putDraftRule(environment.id, 'r', rule('r', { i }))));
    expect(created.filter(Boolean)).toHaveLength(1);
    expect(await b.listDraftRules(environment.id)).toHaveLength(1);
  });

  it('stamps each write with the store’s clock', async () => {
    let now = T;
    const db = await sharedDatabase(kind);
    const store = await db.open({ clock: () => now });
    const { environment } = await store.createEnvironment({ name: 'Prod', allowedOrigins: [] });
    await store.putDraftRule(environment.id, 'r1', rule('r1'));
    now = T + 60_000;
    await store.putDraftCatalog(environment.id, {});
    now = T + 120_000;
    await store.replaceDrafts(environment.id, { catalog: {}, settings: {}, rules: [rule('r2')] });
    const stamps = async (table: string) => (await db.query<{ updated_at: number | string }>(`SELECT updated_at FROM ${table}`)).map((r) => Number(r.updated_at));
    expect(await stamps('draft_rules')).toEqual([T + 120_000]);
    expect(await stamps('draft_catalogs')).toEqual([T + 120_000]);
    expect(await stamps('draft_settings')).toEqual([T + 120_000]);
    now = T + 180_000;
    await store.putDraftRule(environment.id, 'r2', rule('r2', { v: 2 }));
    expect(await stamps('draft_rules')).toEqual([T + 180_000]);
  });
});
