import { expect, it } from 'vitest';
import type { NewAuditRecord } from '../../server/store/workspace-types';
import { describeStores } from '../helpers/stores';
import { sharedDatabase } from '../helpers/store-pair';

const T = Date.UTC(2031, 4, 6, 7, 8, 9, 10);
const entry = (i: number, over: Partial<NewAuditRecord> = {}): NewAuditRecord => ({
  at: T + i * 1_000,
  actor: { type: 'person', id: i % 2 ? 'usr_ana' : 'usr_bob', label: i % 2 ? 'ana@acme.test' : 'bob@acme.test' },
  environmentId: i % 3 ? 'env_prod' : null,
  kind: i % 2 ? 'rule' : 'environment',
  action: 'update',
  target: `t${i}`,
  changes: [{ path: 'name', before: `a${i}`, after: `b${i}` }],
  ip: i % 4 ? '203.0.113.7' : null,
  ...over,
});

describeStores('the audit log', ({ kind, open }) => {
  it('appends entries with rising ids and answers them whole, newest first', async () => {
    const store = await open();
    const first = await store.appendAudit(entry(1));
    const second = await store.appendAudit(entry(2, { actor: { type: 'key', id: 'key_1', label: 'CI (sk_live…)' }, changes: [] }));
    expect(first).toEqual({ ...entry(1), id: first.id });
    expect(second.id).toBeGreaterThan(first.id);
    expect(await store.listAudit({ limit: 10 })).toEqual([second, first]);
  });

  it('filters by actor, kind, environment and inclusive time, and pages back by id', async () => {
    const store = await open();
    const all = [];
    for (let i = 0; i < 12; i++) all.push(await store.appendAudit(entry(i)));
    const newest = [...all].reverse();
    const ids = (rs: { id: number }[]) => rs.map((r) => r.id);
    expect(ids(await store.listAudit({ actor: 'usr_ana', limit: 50 }))).toEqual(ids(newest.filter((e) => e.actor.id === 'usr_ana')));
    expect(ids(await store.listAudit({ kind: 'environment', limit: 50 }))).toEqual(ids(newest.filter((e) => e.kind === 'environment')));
    expect(ids(await store.listAudit({ environment: 'env_prod', limit: 50 }))).toEqual(ids(newest.filter((e) => e.environmentId === 'env_prod')));
    expect(ids(await store.listAudit({ from: T + 3_000, to: T + 5_000, limit: 50 }))).toEqual(ids(newest.filter((e) => e.at >= T + 3_000 && e.at <= T + 5_000)));
    expect(ids(await store.listAudit({ actor: 'usr_bob', kind: 'environment', from: T + 4_000, limit: 50 }))).toEqual(ids(newest.filter((e) => e.actor.id === 'usr_bob' && e.at >= T + 4_000)));
    const page1 = await store.listAudit({ limit: 5 });
    const page2 = await store.listAudit({ limit: 5, before: page1.at(-1)!.id });
    const page3 = await store.listAudit({ limit: 5, before: page2.at(-1)!.id });
    expect(ids([...page1, ...page2, ...page3])).toEqual(ids(newest));
    expect(await store.listAudit({ limit: 5, before: all[0]!.id })).toEqual([]);
  });

  it('is refused UPDATE and DELETE by the database itself', async () => {
    const db = await sharedDatabase(kind);
    const store = await db.open();
    const kept = await store.appendAudit(entry(1));
    await expect(db.query("UPDATE audit_log SET action = 'forged'")).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    expect(await store.listAudit({ limit: 10 })).toEqual([kept]);
  });
});

describeStores('origin activity', ({ kind, open }) => {
  const activity = (origin: string, minute: number, configFetches: number, events: number, environmentId = 'env_prod') => ({ environmentId, origin, minute, configFetches, events });

  it('adds counts to the minutes they name, and answers per origin the last config fetch and recent events, most recent first', async () => {
    const store = await open();
    await store.recordOriginActivity([]);
    await store.recordOriginActivity([
      activity('https://a.test', 100, 2, 0),
      activity('https://a.test', 100, 1, 3),
      activity('https://b.test', 105, 0, 7),
      activity('https://c.test', 90, 1, 1),
      activity('https://z.test', 105, 1, 0),
      activity('https://a.test', 105, 0, 1, 'env_other'),
    ]);
    await store.recordOriginActivity([activity('https://a.test', 102, 0, 4), activity('https://b.test', 95, 1, 2)]);
    expect(await store.originActivity('env_prod', { seenSince: 95, eventsSince: 101, limit: 10 })).toEqual([
      { origin: 'https://b.test', lastConfigMinute: 95, events: 7 },
      { origin: 'https://z.test', lastConfigMinute: 105, events: 0 },
      { origin: 'https://a.test', lastConfigMinute: 100, events: 4 },
    ]);
    expect(await store.originActivity('env_prod', { seenSince: 0, eventsSince: 0, limit: 2 })).toEqual([
      { origin: 'https://b.test', lastConfigMinute: 95, events: 9 },
      { origin: 'https://z.test', lastConfigMinute: 105, events: 0 },
    ]);
    expect(await store.originActivity('env_prod', { seenSince: 0, eventsSince: 0, limit: 10 })).toContainEqual({ origin: 'https://a.test', lastConfigMinute: 100, events: 7 });
    expect(await store.originActivity('env_prod', { seenSince: 106, eventsSince: 0, limit: 10 })).toEqual([]);
  });

  it('loses no count when many batches land at once through two stores', async () => {
    const db = await sharedDatabase(kind);
    const [a, b] = [await db.open(), await db.open()];
    const batch = [activity('https://b.test', 7, 1, 2), activity('https://a.test', 7, 1, 1), activity('https://b.test', 8, 0, 1)];
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).recordOriginActivity(i % 3 ? batch : [...batch].reverse())));
    expect(await a.originActivity('env_prod', { seenSince: 0, eventsSince: 0, limit: 10 })).toEqual([
      { origin: 'https://b.test', lastConfigMinute: 7, events: 60 },
      { origin: 'https://a.test', lastConfigMinute: 7, events: 20 },
    ]);
  });
});
