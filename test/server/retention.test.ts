import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION_DAYS, DISMISSAL_RETENTION_DAYS, MIN_RETENTION_DAYS, parseRetentionDays, retentionCutoff, rollUpOldEvents } from '../../server/retention';
import { click, dismiss, dropped, idsOf, impression, track, type RawEvent } from '../helpers/events';
import { postEvents } from '../helpers/http';
import { ROLL_UP_CHUNK } from '../../server/store/sqlite-retention';
import { countStoredEvents, createTestApp, withReadonlyDb, type TestApp } from '../helpers/test-app';

const DAY = 86_400_000;
const NOW = Date.now();
const daysAgo = (n: number) => NOW - n * DAY;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

let t: TestApp | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

/** Posts `events` as if they arrived `n` days ago, each dated a minute before arrival unless it has its own `at`. */
async function receive(app: TestApp, clock: { now: number }, n: number, events: RawEvent[]) {
  clock.now = daysAgo(n);
  const dated = events.map((e) => ({ ...e, at: e['at'] ?? new Date(clock.now - 60_000).toISOString() }));
  const res = await postEvents(app.app, app.key, { events: dated });
  expect(res.status).toBe(200);
  return dated;
}

const withoutAt = (make: (o?: RawEvent) => RawEvent, o: RawEvent = {}) => {
  const { at: _at, ...rest } = make(o);
  return rest;
};

async function seed() {
  const clock = { now: NOW };
  t = await createTestApp({ clock: () => clock.now });
  const app = t;
  const old = [
    ...(await receive(app, clock, 120, [withoutAt(impression), withoutAt(impression), withoutAt(click), withoutAt(track)])),
    ...(await receive(app, clock, 100, [withoutAt(impression, { variant: 'b' }), withoutAt(dismiss, { tier: undefined }), withoutAt(track, { name: 'x' })])),
    ...(await receive(app, clock, 91, [withoutAt(impression), withoutAt(click)])),
  ];
  const recent = [
    ...(await receive(app, clock, 30, [withoutAt(impression), withoutAt(dismiss)])),
    ...(await receive(app, clock, 2, [withoutAt(impression), withoutAt(track)])),
    // Queued offline for months: arrived recently, so kept, but counted on the day it happened.
    ...(await receive(app, clock, 1, [impression({ at: new Date(daysAgo(120) - 60_000).toISOString() })])),
  ];
  return { app, clock, old, recent };
}

const RANGES: [string, number, number][] = [
  ['everything', 200, 0],
  ['one rolled-up day', 120, 120],
  ['rolled-up days only', 119, 91],
  ['across the cut-off', 100, 30],
  ['recent days only', 30, 0],
];

const countsIn = (app: TestApp, from: number, to: number) => app.store.eventCounts(app.environment.id, dayOf(daysAgo(from)), dayOf(daysAgo(to)));
const allCounts = (app: TestApp) => Promise.all(RANGES.map(([, from, to]) => countsIn(app, from, to)));
const rollups = (app: TestApp) => withReadonlyDb(app.file, (db) => db.prepare('SELECT * FROM event_rollups ORDER BY day, rule_id, variant, tier, type, name').all());

describe('event retention', () => {
  it('rolls up events received before the cut-off, deletes them and keeps the rest', async () => {
    const { app, old, recent } = await seed();
    const rolled = await rollUpOldEvents(app.store, null, retentionCutoff(NOW, DEFAULT_RETENTION_DAYS), NOW);
    // All but the 100-day-old dismissal, which stays a year and a day (below).
    const gone = old.filter((e) => (e as RawEvent)['type'] !== 'dismiss');
    expect(rolled).toBe(gone.length);
    expect(countStoredEvents(app.file, idsOf(gone))).toBe(0);
    expect(countStoredEvents(app.file, idsOf(recent))).toBe(recent.length);
  });

  it('leaves every figure unchanged, however often it runs', async () => {
    const { app } = await seed();
    const before = await allCounts(app);
    expect(before[0]!.reduce((n, c) => n + c.count, 0)).toBe(14);
    await rollUpOldEvents(app.store, app.environment.id, retentionCutoff(NOW, DEFAULT_RETENTION_DAYS), NOW);
    const stored = rollups(app);
    expect(await allCounts(app)).toEqual(before);
    expect(await rollUpOldEvents(app.store, null, retentionCutoff(NOW, DEFAULT_RETENTION_DAYS), NOW)).toBe(0);
    expect(rollups(app)).toEqual(stored);
    expect(await allCounts(app)).toEqual(before);
  });

  it('counts by rule, variant, tier and type on the UTC day each event happened', async () => {
    const { app } = await seed();
    await rollUpOldEvents(app.store, null, retentionCutoff(NOW, DEFAULT_RETENTION_DAYS), NOW);
    const day120 = dayOf(daysAgo(120) - 60_000);
    const counts = await app.store.eventCounts(app.environment.id, day120, day120);
    expect(counts).toEqual([
      { ruleId: null, variant: null, tier: null, surface: null, type: 'track', name: 'report.exported', count: 1 },
      { ruleId: 'api-usage-ladder', variant: null, tier: 'p85', surface: 'banner', type: 'impression', name: null, count: 3 },
      { ruleId: 'api-usage-ladder', variant: 'b', tier: 'p85', surface: 'banner', type: 'click', name: null, count: 1 },
    ]);
  });

  it("counts widgets' dropped-event reports by the events they dropped, the same across a roll-up", async () => {
    const clock = { now: NOW };
    t = await createTestApp({ clock: () => clock.now });
    await receive(t, clock, 120, [withoutAt(dropped, { count: 7 }), withoutAt(dropped, { count: 5 })]);
    await receive(t, clock, 2, [withoutAt(dropped, { count: 3 })]);
    const droppedIn = async (app: TestApp) => (await countsIn(app, 200, 0)).filter((c) => c.type === 'dropped').reduce((n, c) => n + c.count, 0);
    expect(await droppedIn(t)).toBe(15);
    expect(await rollUpOldEvents(t.store, null, retentionCutoff(NOW, DEFAULT_RETENTION_DAYS), NOW)).toBe(2);
    expect(await droppedIn(t)).toBe(15);
  });

  it('rolls up a dropped report whose stored count is unreadable as one, rather than stopping every roll-up', async () => {
    const clock = { now: NOW };
    t = await createTestApp({ clock: () => clock.now });
    const report = withoutAt(dropped, { count: 4 });
    await receive(t, clock, 120, [report]);
    const broken = ['NULL', "'not json'", `'{"count":0}'`];
    const db = new Database(t.file);
    try {
      for (const [i, props] of broken.entries()) {
        db.prepare(`INSERT INTO events (environment_id, event_id, type, user_id, account_id, props, occurred_at, received_at) SELECT environment_id, ?, type, user_id, account_id, ${props}, occurred_at, received_at FROM events WHERE event_id = ?`).run(`broken-${i}`, String(report['id']));
      }
    } finally {
      db.close();
    }
    expect(await rollUpOldEvents(t.store, null, retentionCutoff(NOW, DEFAULT_RETENTION_DAYS), NOW)).toBe(4);
    expect((await countsIn(t, 200, 0)).filter((c) => c.type === 'dropped').reduce((n, c) => n + c.count, 0)).toBe(7);
  });

  it('adds a later roll-up of the same day to the counts already rolled up', async () => {
    const { app } = await seed();
    await rollUpOldEvents(app.store, null, retentionCutoff(NOW, 100.5), NOW);
    const before = await allCounts(app);
    await rollUpOldEvents(app.store, null, retentionCutoff(NOW, MIN_RETENTION_DAYS), NOW);
    expect(await allCounts(app)).toEqual(before);
  });

  it('rolls up a backlog of several steps whole: every event once, to the same figures', async () => {
    const clock = { now: NOW };
    t = await createTestApp({ clock: () => clock.now });
    const n = 2 * ROLL_UP_CHUNK + 321;
    // Arriving over 40 days, 100 to a batch, with batches sharing an arrival time across a step's edge.
    for (let i = 0; i < n; i += 100) {
      const size = Math.min(100, n - i);
      await receive(t, clock, 150 - Math.floor((40 * i) / n), Array.from({ length: size }, (_, k) => withoutAt((k % 3 === 0 ? click : k % 3 === 1 ? impression : track) as typeof impression)));
    }
    const recent = await receive(t, clock, 1, [withoutAt(impression)]);
    const before = await allCounts(t);
    expect(await rollUpOldEvents(t.store, null, retentionCutoff(NOW, DEFAULT_RETENTION_DAYS), NOW)).toBe(n);
    expect(await allCounts(t)).toEqual(before);
    expect(countStoredEvents(t.file, idsOf(recent))).toBe(1);
    expect(withReadonlyDb(t.file, (db) => db.prepare('SELECT COUNT(*) AS n FROM events').get())).toEqual({ n: 1 });
  });

  it('rolls up only the environment asked for', async () => {
    const { app, old } = await seed();
    const other = await app.store.createEnvironment({ name: 'Other', allowedOrigins: [] });
    expect(await rollUpOldEvents(app.store, other.environment.id, retentionCutoff(NOW, DEFAULT_RETENTION_DAYS), NOW)).toBe(0);
    expect(countStoredEvents(app.file, idsOf(old))).toBe(old.length);
  });

  it('refuses to delete events younger than 90 days, the longest look-back of triggers and attribution', async () => {
    const { app } = await seed();
    expect(MIN_RETENTION_DAYS).toBe(90);
    await expect(rollUpOldEvents(app.store, null, retentionCutoff(NOW, 89), NOW)).rejects.toThrow(RangeError);
  });

  it('keeps dismissals and declines raw for a year and a day, so a long cooldown outlives the retention', async () => {
    const { app, clock, old } = await seed();
    const ancient = await receive(app, clock, DISMISSAL_RETENTION_DAYS + 1, [withoutAt(dismiss), withoutAt(dismiss, { type: 'decline', reason: 'budget' })]);
    const before = await allCounts(app);
    const rolled = await rollUpOldEvents(app.store, null, retentionCutoff(NOW, DEFAULT_RETENTION_DAYS), NOW);
    const kept = old.filter((e) => (e as RawEvent)['type'] === 'dismiss');
    expect(kept.length).toBe(1);
    expect(rolled).toBe(old.length - kept.length + ancient.length);
    expect(countStoredEvents(app.file, idsOf(kept))).toBe(1);
    expect(countStoredEvents(app.file, idsOf(ancient))).toBe(0);
    expect(await allCounts(app)).toEqual(before);
  });

  it.each([
    [undefined, { days: 90 }],
    ['', { days: 90 }],
    ['90', { days: 90 }],
    ['365', { days: 365 }],
    ['89', { days: 90, warning: expect.stringContaining('under the minimum of 90 days') }],
    ['7', { days: 90, warning: expect.stringContaining('under the minimum of 90 days') }],
    ['0', { error: expect.stringContaining('at least 90') }],
    ['-5', { error: expect.stringContaining('whole number') }],
    ['30.5', { error: expect.stringContaining('whole number') }],
    ['ninety', { error: expect.stringContaining('whole number') }],
  ])('reads UPSHIFT_RETENTION_DAYS=%j as %j', (raw, expected) => {
    expect(parseRetentionDays(raw)).toEqual(expected);
  });
});
