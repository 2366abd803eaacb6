import { expect, it } from 'vitest';
import { Event } from '../../shared/schemas/event';
import { click, dismiss, impression, track, type RawEvent } from '../helpers/events';
import { describeStores } from '../helpers/stores';
import { newEnvironmentId } from '../helpers/store-pair';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 4, 10, 12);
const iso = (ms: number) => new Date(ms).toISOString();
const at = (ms: number, make: (o?: RawEvent) => RawEvent, o: RawEvent = {}) => Event.parse(make({ ...o, at: iso(ms) }));

describeStores('history reads', ({ open }) => {
  it('keeps one usage snapshot per metric and UTC day, the latest reading winning, oldest first', async () => {
    const store = await open();
    const env = await newEnvironmentId(store);
    await store.recordUsage(env, 'a1', { seats: 5, api_calls: 100 }, T0 - 2 * DAY);
    await store.recordUsage(env, 'a1', { seats: 6 }, T0 - DAY);
    await store.recordUsage(env, 'a1', { seats: 7, api_calls: 250.5 }, T0);
    await store.recordUsage(env, 'a1', { seats: 9 }, T0 + 3_600_000);
    // An older reading of the same day arriving late changes nothing.
    await store.recordUsage(env, 'a1', { seats: 1 }, T0 + 60_000);
    await store.recordUsage(env, 'a2', { seats: 50 }, T0);
    await store.recordUsage(env, 'a1', {}, T0);
    expect(await store.usageHistory(env, 'a1', T0 - 2 * DAY)).toEqual({
      api_calls: [{ at: T0 - 2 * DAY, value: 100 }, { at: T0, value: 250.5 }],
      seats: [{ at: T0 - 2 * DAY, value: 5 }, { at: T0 - DAY, value: 6 }, { at: T0 + 3_600_000, value: 9 }],
    });
    expect(Object.keys(await store.usageHistory(env, 'a1', T0 - 2 * DAY))).toEqual(['api_calls', 'seats']);
    expect(await store.usageHistory(env, 'a1', T0 - DAY + 1)).toEqual({ api_calls: [{ at: T0, value: 250.5 }], seats: [{ at: T0 + 3_600_000, value: 9 }] });
    expect(await store.usageHistory(env, 'nobody', 0)).toEqual({});
  });

  it("answers one person's impressions and tracks newest first since a time, and their latest acknowledgements ever", async () => {
    const store = await open();
    const env = await newEnvironmentId(store);
    const seats = { ruleId: 'seats-toast' };
    await store.insertEvents(env, [
      at(T0 - 40 * DAY, impression), // before `since`
      at(T0 - 40 * DAY, dismiss, seats), // long ago, but still the latest dismissal of seats-toast
      at(T0 - 3 * DAY, impression),
      at(T0 - DAY, impression, seats),
      at(T0 - 2 * DAY, track, { name: 'report.exported' }),
      at(T0 - 4 * DAY, track, { name: 'seat.added' }),
      at(T0 - 5 * DAY, click),
      at(T0 - 2 * DAY, click),
      at(T0 - 3 * DAY, dismiss),
      at(T0 - 2 * DAY, dismiss, { type: 'snooze' }),
      at(T0 - DAY, dismiss, { type: 'decline', reason: 'budget' }),
      at(T0 - DAY, impression, { userId: 'user-2' }), // a colleague
      at(T0 - DAY, impression, { accountId: 'acct-2' }), // another account
    ], T0);
    const history = await store.userHistory(env, 'acct-1', 'user-1', T0 - 30 * DAY);
    expect(history.impressions).toEqual([{ ruleId: 'seats-toast', at: T0 - DAY }, { ruleId: 'api-usage-ladder', at: T0 - 3 * DAY }]);
    expect(history.tracks).toEqual([{ name: 'report.exported', at: T0 - 2 * DAY }, { name: 'seat.added', at: T0 - 4 * DAY }]);
    expect(history.latest).toEqual([
      { ruleId: 'api-usage-ladder', type: 'click', at: T0 - 2 * DAY },
      { ruleId: 'api-usage-ladder', type: 'decline', at: T0 - DAY },
      { ruleId: 'api-usage-ladder', type: 'dismiss', at: T0 - 3 * DAY },
      { ruleId: 'api-usage-ladder', type: 'snooze', at: T0 - 2 * DAY },
      { ruleId: 'seats-toast', type: 'dismiss', at: T0 - 40 * DAY },
    ]);
  });

  it('keeps the newest 500 impressions of each rule, so a busy rule cannot push out another', async () => {
    const store = await open();
    const env = await newEnvironmentId(store);
    const busy = Array.from({ length: 520 }, (_, i) => at(T0 - (i + 1) * 1000, impression));
    for (let i = 0; i < busy.length; i += 100) await store.insertEvents(env, busy.slice(i, i + 100), T0);
    await store.insertEvents(env, [at(T0 - 600_000, impression, { ruleId: 'quiet' })], T0);
    const { impressions } = await store.userHistory(env, 'acct-1', 'user-1', 0);
    expect(impressions.filter((i) => i.ruleId === 'api-usage-ladder').map((i) => i.at)).toEqual(busy.slice(0, 500).map((_, i) => T0 - (i + 1) * 1000));
    expect(impressions.filter((i) => i.ruleId === 'quiet')).toEqual([{ ruleId: 'quiet', at: T0 - 600_000 }]);
    expect(impressions.map((i) => i.at)).toEqual([...impressions.map((i) => i.at)].sort((x, y) => y - x));
  });

  it("answers the account's latest dismissal, decline and impression of each tier, by anyone, each since its own time", async () => {
    const store = await open();
    const env = await newEnvironmentId(store);
    await store.insertEvents(env, [
      at(T0 - 50 * DAY, dismiss, { tier: 'p85' }), // before dismissed-since
      at(T0 - 20 * DAY, dismiss, { tier: 'p85', userId: 'user-2' }),
      at(T0 - 10 * DAY, dismiss, { tier: 'p85' }),
      at(T0 - 5 * DAY, dismiss, { tier: 'p100' }),
      at(T0 - 4 * DAY, dismiss, { tier: 'p85', type: 'decline', reason: 'budget' }),
      at(T0 - 4 * DAY, dismiss, { tier: undefined }), // no tier: not a tier's
      at(T0 - 20 * DAY, impression, { tier: 'p85' }), // before reached-since
      at(T0 - 6 * DAY, impression, { tier: 'p85', userId: 'user-3' }),
      at(T0 - 2 * DAY, impression, { tier: 'p85' }),
      at(T0 - 3 * DAY, impression, { tier: 'p100', ruleId: 'seats-toast' }),
      at(T0 - DAY, dismiss, { tier: 'p85', accountId: 'acct-2' }), // another account
    ], T0);
    expect(await store.accountTiers(env, 'acct-1', { dismissed: T0 - 30 * DAY, reached: T0 - 7 * DAY })).toEqual({
      dismissed: [{ ruleId: 'api-usage-ladder', tier: 'p100', at: T0 - 5 * DAY }, { ruleId: 'api-usage-ladder', tier: 'p85', at: T0 - 10 * DAY }],
      declined: [{ ruleId: 'api-usage-ladder', tier: 'p85', at: T0 - 4 * DAY }],
      reached: [{ ruleId: 'api-usage-ladder', tier: 'p85', at: T0 - 2 * DAY }, { ruleId: 'seats-toast', tier: 'p100', at: T0 - 3 * DAY }],
    });
  });
});
