import { beforeEach, expect, it } from 'vitest';
import { revenueRollup } from '../../server/services/analytics/revenue-rollup';
import type { AttributionWindow } from '../../server/store/conversion-types';
import type { FunnelCountRow } from '../../server/store/funnel-types';
import type { Store } from '../../server/store/types';
import type { Event } from '../../shared/schemas/event';
import { describeAnalytics } from './analytics-frame';

// The funnel and decline roll-ups on both stores, from a few events, a trial and a conversion
// across a month end, with every count worked out by hand.

const HOUR = 3_600_000;
const OCT31 = Date.UTC(2026, 9, 31);
const NOV1 = Date.UTC(2026, 10, 1);
const NOV2 = Date.UTC(2026, 10, 2);
/** The batch arrives at the start of Nov 3: an event claiming a later time is counted then. */
const RECEIVED = Date.UTC(2026, 10, 3);
const WINDOW: AttributionWindow = { since: 0, credit: true, impressions: true, holdout: { global: false, rules: [] } };
const base = (at: number, userId = 'u1') => ({ id: crypto.randomUUID(), at: new Date(at).toISOString(), userId, accountId: 'acct-1' });
const EVENTS: Event[] = [
  { ...base(OCT31 + 10 * HOUR), type: 'exposure', ruleId: 'r1', variant: 'a', surface: 'banner', trigger: 'usage', locale: 'en', configVersion: 1 },
  { ...base(OCT31 + 11 * HOUR), type: 'impression', ruleId: 'r1', variant: 'a', tier: 't1', surface: 'banner', locale: 'en' },
  { ...base(NOV1 + 9 * HOUR, 'u2'), type: 'impression', ruleId: 'r1', variant: 'a', tier: 't1', surface: 'banner' },
  { ...base(NOV1 + 10 * HOUR, 'u2'), type: 'click', ruleId: 'r1', variant: 'a', tier: 't1', surface: 'banner', props: { action: 'checkout' } },
  { ...base(NOV1 + 11 * HOUR), type: 'click', ruleId: 'r1', variant: 'b', surface: 'modal' },
  { ...base(NOV1 + 12 * HOUR), type: 'decline', ruleId: 'r1', variant: 'a', surface: 'banner', reason: 'budget', note: 'too pricey' },
  { ...base(NOV1 + 13 * HOUR), type: 'decline', ruleId: 'r1', surface: 'banner', reason: 'timing' },
  { ...base(RECEIVED + 2 * 24 * HOUR), type: 'impression', ruleId: 'r2', variant: 'a', surface: 'toast' },
];
const row = (over: Partial<FunnelCountRow> & Pick<FunnelCountRow, 'stage' | 'count'>): FunnelCountRow => ({ day: '', ruleId: '', trigger: '', key: '', ...over });

describeAnalytics('funnel roll-ups', ({ open }) => {
  let store: Store;
  let env: string;
  beforeEach(async () => {
    const ctx = await open();
    ({ store, env } = ctx);
    const { feed } = ctx;
    await feed.insertEvents(env, EVENTS, RECEIVED);
    const action = { ruleId: 'r1', variant: 'b', tier: null, surface: 'modal', locale: null, trigger: null, at: NOV2 + 9 * HOUR };
    expect(await feed.startTrial(env, 'acct-1', 'sso', action.at, action)).toMatchObject({ created: true });
    // The same trial again: not started, not counted.
    expect(await feed.startTrial(env, 'acct-1', 'sso', action.at + HOUR, action)).toMatchObject({ created: false });
    // Credited to the latest click, variant b on a modal.
    await feed.recordConversion(env, { idempotencyKey: 'k1', source: 'api', accountId: 'acct-1', type: 'upgrade', mrrDelta: 500, currency: 'USD', plan: null, at: NOV2 + 10 * HOUR }, WINDOW, RECEIVED, revenueRollup);
  });

  it('counts per day, a checkout click as an action, a late-claimed event on its arrival day', async () => {
    expect(await store.funnelCounts(env, { from: '2026-10-31', to: '2026-11-03', per: 'day' })).toEqual([
      row({ day: '2026-10-31', stage: 'exposed', count: 1 }),
      row({ day: '2026-10-31', stage: 'impression', count: 1 }),
      row({ day: '2026-11-01', stage: 'action', count: 1 }),
      row({ day: '2026-11-01', stage: 'click', count: 2 }),
      row({ day: '2026-11-01', stage: 'impression', count: 1 }),
      row({ day: '2026-11-02', stage: 'action', count: 1 }),
      row({ day: '2026-11-02', stage: 'conversion', count: 1 }),
      row({ day: '2026-11-03', stage: 'impression', count: 1 }),
    ]);
  });

  it('counts per rule and stored trigger, by variant', async () => {
    expect(await store.funnelCounts(env, { from: '2026-10-31', to: '2026-11-30', per: 'rule', by: 'variant' })).toEqual([
      row({ ruleId: 'r1', key: 'a', stage: 'action', count: 1 }),
      row({ ruleId: 'r1', key: 'a', stage: 'click', count: 1 }),
      row({ ruleId: 'r1', key: 'a', stage: 'impression', count: 2 }),
      row({ ruleId: 'r1', key: 'b', stage: 'action', count: 1 }),
      row({ ruleId: 'r1', key: 'b', stage: 'click', count: 1 }),
      row({ ruleId: 'r1', key: 'b', stage: 'conversion', count: 1 }),
      row({ ruleId: 'r1', trigger: 'usage', key: 'a', stage: 'exposed', count: 1 }),
      row({ ruleId: 'r2', key: 'a', stage: 'impression', count: 1 }),
    ]);
  });

  it('combines two filters from whole months and the days around them', async () => {
    const counts = [row({ ruleId: 'r1', stage: 'action', count: 1 }), row({ ruleId: 'r1', stage: 'click', count: 1 }), row({ ruleId: 'r1', stage: 'impression', count: 2 })];
    const filters = { variant: 'a', tier: 't1' };
    expect(await store.funnelCounts(env, { from: '2026-10-31', to: '2026-11-30', per: 'rule', filters })).toEqual(counts);
    expect(await store.funnelCounts(env, { from: '2026-10-01', to: '2026-12-01', per: 'rule', filters })).toEqual(counts);
    expect(await store.funnelCounts(env, { from: '2026-11-01', to: '2026-11-30', per: 'rule', filters })).toEqual(counts.map((c) => (c.stage === 'impression' ? { ...c, count: 1 } : c)));
  });

  it('takes the rows stored with a trigger, or with none for the rules given', async () => {
    const r1 = [
      row({ ruleId: 'r1', stage: 'action', count: 2 }),
      row({ ruleId: 'r1', stage: 'click', count: 2 }),
      row({ ruleId: 'r1', stage: 'conversion', count: 1 }),
      row({ ruleId: 'r1', stage: 'impression', count: 2 }),
    ];
    const exposed = row({ ruleId: 'r1', trigger: 'usage', stage: 'exposed', count: 1 });
    expect(await store.funnelCounts(env, { from: '2026-10-31', to: '2026-11-30', per: 'rule', trigger: { value: 'usage', rules: ['r1'] } })).toEqual([...r1, exposed]);
    expect(await store.funnelCounts(env, { from: '2026-10-31', to: '2026-11-30', per: 'rule', trigger: { value: 'usage', rules: [] } })).toEqual([exposed]);
  });

  it('counts declines per rule and reason, and reads the notes newest first', async () => {
    expect(await store.declineCounts(env, { from: '2026-10-31', to: '2026-11-30' })).toEqual([
      { ruleId: 'r1', reason: 'budget', count: 1 },
      { ruleId: 'r1', reason: 'timing', count: 1 },
    ]);
    expect(await store.declineCounts(env, { from: '2026-10-31', to: '2026-11-30', ruleId: 'r2' })).toEqual([]);
    expect(await store.declineNotes(env, 'r1', OCT31, RECEIVED, 10)).toEqual([{ at: NOV1 + 12 * HOUR, reason: 'budget', note: 'too pricey', accountId: 'acct-1', tier: null, variant: 'a' }]);
    await expect(store.declineCounts(env, { from: '2026-11-1', to: '2026-11-30' })).rejects.toThrow(RangeError);
  });
});
