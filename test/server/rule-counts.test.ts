import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION_DAYS, retentionCutoff, rollUpOldEvents } from '../../server/retention';
import { click, dismiss, impression, track, type RawEvent } from '../helpers/events';
import { postEvents } from '../helpers/http';
import { createTestApp, type TestApp } from '../helpers/test-app';

const DAY = 86_400_000;
const NOW = Date.now();
const daysAgo = (n: number) => NOW - n * DAY;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const RULES = ['api-usage-ladder', 'seats-toast', 'never-seen'];
const TYPES = ['impression', 'click', 'dismiss'];

let t: TestApp | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

/** Events of two rules that arrived over 120 days, each dated a minute before it arrived. */
async function seed() {
  const clock = { now: NOW };
  t = await createTestApp({ clock: () => clock.now });
  const app = t;
  const seats = { ruleId: 'seats-toast', surface: 'toast' };
  const days: [number, RawEvent[]][] = [
    [120, [impression(), impression(), click(), track(), impression(seats)]],
    [100, [impression({ variant: 'b' }), dismiss(), click(seats)]],
    [30, [impression(), dismiss(seats)]],
    [5, [impression(), click(), click(seats)]],
    [0, [impression(seats), impression()]],
  ];
  for (const [n, events] of days) {
    clock.now = daysAgo(n);
    const res = await postEvents(app.app, app.key, { events: events.map((e) => ({ ...e, at: new Date(clock.now - 60_000).toISOString() })) });
    expect(res.status).toBe(200);
  }
  clock.now = NOW;
  return app;
}

/** The same figures from the store's general counts, summed by rule and type. */
async function expected(app: TestApp, from: string, to: string) {
  const counts = await app.store.eventCounts(app.environment.id, from, to);
  return RULES.flatMap((ruleId) => TYPES.map((type) => ({ ruleId, type, count: counts.filter((c) => c.ruleId === ruleId && c.type === type).reduce((n, c) => n + c.count, 0) })));
}

describe('per-rule event counts', () => {
  it.each<[string, number, number]>([
    ['the last 7 days', 6, 0],
    ['everything', 200, 0],
    ['rolled-up days only', 120, 91],
    ['across the retention cut-off', 100, 30],
    ['a day with nothing', 50, 50],
  ])('agree with the general counts over %s, before and after a roll-up', async (_name, from, to) => {
    const app = await seed();
    const range = [dayOf(daysAgo(from) - 60_000), dayOf(daysAgo(to))] as const;
    const before = await app.store.ruleEventCounts(app.environment.id, RULES, TYPES, ...range);
    expect(before).toEqual(await expected(app, ...range));
    expect(await rollUpOldEvents(app.store, null, retentionCutoff(NOW, DEFAULT_RETENTION_DAYS), NOW)).toBeGreaterThan(0);
    expect(await app.store.ruleEventCounts(app.environment.id, RULES, TYPES, ...range)).toEqual(before);
  });

  it('counts the last 7 days as sent', async () => {
    const app = await seed();
    const counts = await app.store.ruleEventCounts(app.environment.id, RULES, ['impression', 'click'], dayOf(daysAgo(6)), dayOf(NOW));
    expect(counts).toEqual([
      { ruleId: 'api-usage-ladder', type: 'impression', count: 2 },
      { ruleId: 'api-usage-ladder', type: 'click', count: 1 },
      { ruleId: 'seats-toast', type: 'impression', count: 1 },
      { ruleId: 'seats-toast', type: 'click', count: 1 },
      { ruleId: 'never-seen', type: 'impression', count: 0 },
      { ruleId: 'never-seen', type: 'click', count: 0 },
    ]);
  });

  it('refuses days that are not YYYY-MM-DD', async () => {
    t = await createTestApp();
    await expect(t.store.ruleEventCounts(t.environment.id, RULES, TYPES, '2026-1-1', '2026-01-02')).rejects.toThrow(RangeError);
  });
});
