import { expect, it } from 'vitest';
import { DEFAULT_RETENTION_DAYS, retentionCutoff, rollUpOldEvents } from '../../server/services/retention';
import type { Store } from '../../server/store/types';
import { Event } from '../../shared/schemas/event';
import { click, dismiss, impression, track, type RawEvent } from '../helpers/events';
import { describeStores } from '../helpers/stores';
import { newEnvironmentId } from '../helpers/store-pair';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 6, 1, 15);
const daysAgo = (n: number) => NOW - n * DAY;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const RULES = ['api-usage-ladder', 'seats-toast', 'never-seen'];
const TYPES = ['impression', 'click', 'dismiss'];

/** Events of two rules that arrived over 120 days, each dated a minute before it arrived. */
async function seed(store: Store): Promise<string> {
  const env = await newEnvironmentId(store);
  const seats = { ruleId: 'seats-toast', surface: 'toast' };
  const days: [number, RawEvent[]][] = [
    [120, [impression(), impression(), click(), track(), impression(seats)]],
    [100, [impression({ variant: 'b' }), dismiss(), click(seats)]],
    [30, [impression(), dismiss(seats)]],
    [5, [impression(), click(), click(seats)]],
    [0, [impression(seats), impression()]],
  ];
  for (const [n, events] of days) {
    const arrived = daysAgo(n);
    await store.insertEvents(env, events.map((e) => Event.parse({ ...e, at: new Date(arrived - 60_000).toISOString() })), arrived);
  }
  return env;
}

/** The same figures from the store's general counts, summed by rule and type. */
async function expected(store: Store, env: string, from: string, to: string) {
  const counts = await store.eventCounts(env, from, to);
  return RULES.flatMap((ruleId) => TYPES.map((type) => ({ ruleId, type, count: counts.filter((c) => c.ruleId === ruleId && c.type === type).reduce((n, c) => n + c.count, 0) })));
}

describeStores('per-rule event counts', ({ open }) => {
  it.each<[string, number, number]>([
    ['the last 7 days', 6, 0],
    ['everything', 200, 0],
    ['rolled-up days only', 120, 91],
    ['across the retention cut-off', 100, 30],
    ['a day with nothing', 50, 50],
  ])('agree with the general counts over %s, before and after a roll-up', async (_name, from, to) => {
    const store = await open();
    const env = await seed(store);
    const range = [dayOf(daysAgo(from) - 60_000), dayOf(daysAgo(to))] as const;
    const before = await store.ruleEventCounts(env, RULES, TYPES, ...range);
    expect(before).toEqual(await expected(store, env, ...range));
    expect(await rollUpOldEvents(store, null, retentionCutoff(NOW, DEFAULT_RETENTION_DAYS), NOW)).toBeGreaterThan(0);
    expect(await store.ruleEventCounts(env, RULES, TYPES, ...range)).toEqual(before);
  });

  it('counts the last 7 days as sent, in the order asked', async () => {
    const store = await open();
    const env = await seed(store);
    const counts = await store.ruleEventCounts(env, [...RULES].reverse(), ['click', 'impression'], dayOf(daysAgo(6)), dayOf(NOW));
    expect(counts).toEqual([
      { ruleId: 'never-seen', type: 'click', count: 0 },
      { ruleId: 'never-seen', type: 'impression', count: 0 },
      { ruleId: 'seats-toast', type: 'click', count: 1 },
      { ruleId: 'seats-toast', type: 'impression', count: 1 },
      { ruleId: 'api-usage-ladder', type: 'click', count: 1 },
      { ruleId: 'api-usage-ladder', type: 'impression', count: 2 },
    ]);
    expect(await store.ruleEventCounts(env, [], TYPES, dayOf(daysAgo(6)), dayOf(NOW))).toEqual([]);
  });

  it('refuses days that are not YYYY-MM-DD', async () => {
    const store = await open();
    const env = await newEnvironmentId(store);
    await expect(store.ruleEventCounts(env, RULES, TYPES, '2026-1-1', '2026-01-02')).rejects.toThrow(RangeError);
  });
});
