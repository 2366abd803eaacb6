import { expect, it } from 'vitest';
import { DEFAULT_RETENTION_DAYS, DISMISSAL_RETENTION_DAYS, MIN_RETENTION_DAYS, retentionCutoff, rollUpOldEvents } from '../../server/services/retention';
import { ROLL_UP_CHUNK } from '../../server/store/rows/retention';
import type { Store } from '../../server/store/types';
import { Event } from '../../shared/schemas/event';
import { click, dismiss, dropped, impression, track, type RawEvent } from '../helpers/events';
import { describeStores } from '../helpers/stores';
import { newEnvironmentId, pairOpener, type StorePair } from '../helpers/store-pair';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 6, 1, 15);
const daysAgo = (n: number) => NOW - n * DAY;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const CUTOFF = retentionCutoff(NOW, DEFAULT_RETENTION_DAYS);

/** Stores `events` as arriving `n` days ago, each dated a minute before arrival unless it has its own `at`. */
async function receive(store: Store, env: string, n: number, events: RawEvent[]): Promise<string[]> {
  const arrived = daysAgo(n);
  await store.insertEvents(env, events.map((e) => Event.parse({ ...e, at: e['at'] ?? new Date(arrived - 60_000).toISOString() })), arrived);
  return events.map((e) => String(e['id']));
}
const noAt = (make: (o?: RawEvent) => RawEvent, o: RawEvent = {}): RawEvent => ({ ...make(o), at: undefined });

async function seed(store: Store) {
  const env = await newEnvironmentId(store);
  const old = [
    ...(await receive(store, env, 120, [noAt(impression), noAt(impression), noAt(click), noAt(track)])),
    ...(await receive(store, env, 100, [noAt(impression, { variant: 'b' }), noAt(track, { name: 'x' })])),
    ...(await receive(store, env, 91, [noAt(impression), noAt(click)])),
  ];
  const dismissal = await receive(store, env, 100, [noAt(dismiss, { tier: undefined })]);
  const recent = [
    ...(await receive(store, env, 30, [noAt(impression), noAt(dismiss)])),
    ...(await receive(store, env, 2, [noAt(impression), noAt(track)])),
    // Queued offline for months: arrived recently, so kept, but counted on the day it happened.
    ...(await receive(store, env, 1, [impression({ at: new Date(daysAgo(120) - 60_000).toISOString() })])),
  ];
  return { env, old, dismissal, recent };
}

const RANGES: [number, number][] = [[200, 0], [120, 120], [119, 91], [100, 30], [30, 0]];
const allCounts = (store: Store, env: string) => Promise.all(RANGES.map(([from, to]) => store.eventCounts(env, dayOf(daysAgo(from)), dayOf(daysAgo(to)))));
const storedIds = async (pair: StorePair) => (await pair.read<{ event_id: string }>('SELECT event_id FROM events')).map((r) => r.event_id).sort();
const rollupRows = (pair: StorePair) => pair.read('SELECT environment_id, day, rule_id, variant, tier, surface, type, name, count FROM event_rollups ORDER BY day, rule_id, variant, tier, surface, type, name');

describeStores('event retention', ({ kind }) => {
  const openPair = pairOpener(kind);

  it('rolls up events received before the cut-off, deletes them and keeps the rest, dismissals a year and a day', async () => {
    const pair = await openPair();
    const { old, dismissal, recent } = await seed(pair.a);
    expect(await rollUpOldEvents(pair.a, null, CUTOFF, NOW)).toBe(old.length);
    expect(await storedIds(pair)).toEqual([...dismissal, ...recent].sort());
  });

  it('leaves every figure unchanged, however often it runs', async () => {
    const pair = await openPair();
    const { env } = await seed(pair.a);
    const before = await allCounts(pair.a, env);
    expect(before[0]!.reduce((n, c) => n + c.count, 0)).toBe(14);
    await rollUpOldEvents(pair.a, env, CUTOFF, NOW);
    const stored = await rollupRows(pair);
    expect(await allCounts(pair.a, env)).toEqual(before);
    expect(await rollUpOldEvents(pair.a, null, CUTOFF, NOW)).toBe(0);
    expect(await rollupRows(pair)).toEqual(stored);
  });

  it('counts by rule, variant, tier, surface, type and name on the UTC day each event happened', async () => {
    const pair = await openPair();
    const { env } = await seed(pair.a);
    await rollUpOldEvents(pair.a, null, CUTOFF, NOW);
    const day120 = dayOf(daysAgo(120) - 60_000);
    expect(await pair.a.eventCounts(env, day120, day120)).toEqual([
      { ruleId: null, variant: null, tier: null, surface: null, type: 'track', name: 'report.exported', count: 1 },
      { ruleId: 'api-usage-ladder', variant: null, tier: 'p85', surface: 'banner', type: 'impression', name: null, count: 3 },
      { ruleId: 'api-usage-ladder', variant: 'b', tier: 'p85', surface: 'banner', type: 'click', name: null, count: 1 },
    ]);
    await expect(pair.a.eventCounts(env, '2026-1-1', day120)).rejects.toThrow(RangeError);
  });

  it("counts widgets' dropped-event reports by the events they dropped, a corrupt report as one", async () => {
    const pair = await openPair();
    const env = await newEnvironmentId(pair.a);
    const [report] = await receive(pair.a, env, 120, [noAt(dropped, { count: 7 }), noAt(dropped, { count: 5 })]);
    await receive(pair.a, env, 2, [noAt(dropped, { count: 3 })]);
    for (const [i, props] of ['NULL', "'not json'", `'{"count":0}'`, `'{"count":"4"}'`, `'{"count":2.9}'`].entries()) {
      await pair.write(`INSERT INTO events (environment_id, event_id, type, user_id, account_id, props, occurred_at, received_at)
        SELECT environment_id, 'broken-${i}', type, user_id, account_id, ${props}, occurred_at, received_at FROM events WHERE event_id = '${report}'`);
    }
    const droppedIn = async () => (await pair.a.eventCounts(env, dayOf(daysAgo(200)), dayOf(NOW))).filter((c) => c.type === 'dropped').reduce((n, c) => n + c.count, 0);
    const expected = 7 + 5 + 3 + 1 + 1 + 1 + 4 + 2;
    expect(await droppedIn()).toBe(expected);
    expect(await rollUpOldEvents(pair.a, null, CUTOFF, NOW)).toBe(7);
    expect(await droppedIn()).toBe(expected);
  });

  it('adds a later roll-up of the same day to the counts already rolled up', async () => {
    const pair = await openPair();
    const { env } = await seed(pair.a);
    await rollUpOldEvents(pair.a, null, retentionCutoff(NOW, 100.5), NOW);
    const before = await allCounts(pair.a, env);
    await rollUpOldEvents(pair.a, null, retentionCutoff(NOW, MIN_RETENTION_DAYS), NOW);
    expect(await allCounts(pair.a, env)).toEqual(before);
  });

  it('rolls up a backlog of several steps whole, once, even when two stores run it at the same time', async () => {
    const pair = await openPair();
    const env = await newEnvironmentId(pair.a);
    const n = 2 * ROLL_UP_CHUNK + 321;
    // Arriving over 40 days, 100 to a batch, with batches sharing an arrival time across a step's edge.
    for (let i = 0; i < n; i += 100) {
      const make = [click, impression, track] as const;
      await receive(pair.a, env, 150 - Math.floor((40 * i) / n), Array.from({ length: Math.min(100, n - i) }, (_, k) => noAt(make[k % 3]!)));
    }
    const recent = await receive(pair.a, env, 1, [noAt(impression)]);
    const before = await allCounts(pair.a, env);
    const [x, y] = await Promise.all([pair.a, pair.b].map((s) => rollUpOldEvents(s, null, CUTOFF, NOW)));
    expect(x! + y!).toBe(n);
    expect(await allCounts(pair.b, env)).toEqual(before);
    expect(await storedIds(pair)).toEqual(recent);
  });

  it('rolls up only the environment asked for', async () => {
    const pair = await openPair();
    const { old } = await seed(pair.a);
    const other = await newEnvironmentId(pair.a, 'Other');
    expect(await rollUpOldEvents(pair.a, other, CUTOFF, NOW)).toBe(0);
    expect((await storedIds(pair)).filter((id) => old.includes(id))).toHaveLength(old.length);
  });

  it('rolls up dismissals and declines older than a year and a day, and keeps the figures', async () => {
    const pair = await openPair();
    const { env, old, dismissal } = await seed(pair.a);
    const ancient = await receive(pair.a, env, DISMISSAL_RETENTION_DAYS + 1, [noAt(dismiss), noAt(dismiss, { type: 'decline', reason: 'budget' })]);
    const before = await allCounts(pair.a, env);
    expect(await rollUpOldEvents(pair.a, null, CUTOFF, NOW)).toBe(old.length + ancient.length);
    const ids = await storedIds(pair);
    expect(ids).toEqual(expect.arrayContaining(dismissal));
    expect(ids.filter((id) => ancient.includes(id))).toEqual([]);
    expect(await allCounts(pair.a, env)).toEqual(before);
  });
});
