import { beforeEach, expect, it } from 'vitest';
import { revenueRollup } from '../../server/services/analytics/revenue-rollup';
import type { AttributionWindow, NewConversion } from '../../server/store/conversion-types';
import type { Store } from '../../server/store/types';
import { describeAnalytics, type AnalyticsFeed } from './analytics-frame';

// Revenue reads on both stores, on a history small enough to work out by hand.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 2026-11-10 12:00 UTC. */
const T = Date.UTC(2026, 10, 10, 12);
const WINDOW: AttributionWindow = { since: 0, credit: true, impressions: true, holdout: { global: false, rules: [] } };
let key = 0;
const conversion = (accountId: string, type: NewConversion['type'], mrrDelta: number, at: number, plan: string | null = 'pro'): NewConversion => ({
  idempotencyKey: `k${++key}`,
  source: 'api',
  accountId,
  type,
  mrrDelta,
  currency: 'USD',
  plan,
  at,
});
const click = (accountId: string, at: number, variant?: string) => ({
  id: crypto.randomUUID(),
  type: 'click' as const,
  at: new Date(at).toISOString(),
  userId: 'u1',
  accountId,
  ruleId: 'r1',
  surface: 'banner',
  ...(variant && { variant }),
});

describeAnalytics('revenue reads', ({ open }) => {
  let store: Store;
  let feed: AnalyticsFeed;
  let env: string;
  beforeEach(async () => {
    ({ store, feed, env } = await open());
    const convert = (c: NewConversion) => feed.recordConversion(env, c, WINDOW, T + 30 * DAY, revenueRollup);
    // a1 and a2 start at 1,000 in October; each expands by 500 after a click on r1, a1's without a variant.
    await convert(conversion('a1', 'new', 1000, T - 20 * DAY));
    await convert(conversion('a2', 'new', 1000, T - 20 * DAY, 'team'));
    await feed.insertEvents(env, [click('a1', T), click('a2', T, 'a')], T + 30 * DAY);
    await convert(conversion('a1', 'upgrade', 500, T + HOUR));
    await convert(conversion('a2', 'upgrade', 500, T + 2 * HOUR, 'team'));
    // a3 comes and goes in November, in euros elsewhere: EUR has no MRR left.
    await convert({ ...conversion('a3', 'new', 700, T), currency: 'EUR' });
    await convert({ ...conversion('a3', 'churn', -700, T + DAY), currency: 'EUR' });
    await feed.trait(env, 'a1', 'size', 'smb');
  });

  it('answers each currency’s MRR, largest first', async () => {
    expect(await store.revenueCurrencies(env)).toEqual([
      { currency: 'USD', mrr: 3000 },
      { currency: 'EUR', mrr: 0 },
    ]);
  });

  it('credits expansions per rule and variant, a null variant first among equals', async () => {
    expect(await store.attributedExpansion(env, 'USD', T, T + DAY)).toEqual([
      { ruleId: 'r1', variant: null, expansionMrr: 500, conversions: 1 },
      { ruleId: 'r1', variant: 'a', expansionMrr: 500, conversions: 1 },
    ]);
    expect(await store.attributedExpansion(env, 'USD', T + 2 * HOUR + 1, T + DAY)).toEqual([]);
  });

  it('sums months per segment, by plan and by trait (an account without it in "")', async () => {
    const months = await store.revenueMonths(env, { currency: 'USD', segment: 'all', to: '2026-12' });
    expect(months.map((m) => [m.segment, m.month, m.new, m.expansion, m.startMrr, m.endMrr])).toEqual([
      ['', '2026-10', 2000, 0, 0, 2000],
      ['', '2026-11', 0, 1000, 2000, 3000],
    ]);
    const byTrait = await store.revenueMonths(env, { currency: 'USD', segment: { trait: 'size' }, to: '2026-12' });
    expect(byTrait.map((m) => [m.segment, m.month, m.new, m.expansion])).toEqual([
      ['', '2026-10', 1000, 0],
      ['', '2026-11', 0, 500],
      ['smb', '2026-10', 1000, 0],
      ['smb', '2026-11', 0, 500],
    ]);
    expect((await store.revenueMonths(env, { currency: 'USD', segment: 'plan', to: '2026-10' })).map((m) => [m.segment, m.month, m.new])).toEqual([
      ['pro', '2026-10', 1000],
      ['team', '2026-10', 1000],
    ]);
  });

  it('takes the median days to a first expansion per month', async () => {
    // a1: 20 days and 1 hour; a2: 20 days and 2 hours; the median is their mean.
    expect(await store.firstExpansionMedians(env, { currency: 'USD', segment: 'all', from: '2026-10', to: '2026-12' })).toEqual([
      { segment: '', month: '2026-11', median: 20 + 1.5 / 24 },
    ]);
  });
});
