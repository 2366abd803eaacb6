import { beforeEach, describe, expect, it } from 'vitest';
import type { ConversionType } from '../../shared/schemas/conversion';
import type { ExposureEvent } from '../../shared/schemas/event';
import type { CohortRow } from '../../server/store/exposure-types';
import { revenueRollup } from '../../server/services/analytics/revenue-rollup';
import type { NewConversion } from '../../server/store/conversion-types';
import type { Store } from '../../server/store/types';
import { seeded } from '../helpers/random';
import { conversion, DAY, dayOf, exposure, HOUR, T0, WINDOW } from '../server/exposure-helpers';
import { describeAnalytics, type AnalyticsFeed } from './analytics-frame';

// Exposure cohorts on both stores: case by case, then against plain loops over generated rows
// stored in a random order (moved from test/server/exposure-cohorts.test.ts).

/** Later than every event: no event time is clamped. */
const RECEIVED = T0 + 60 * DAY;
const ALL = { from: dayOf(T0 - 30 * DAY), to: dayOf(T0 + 30 * DAY) };
const arm = (over: Partial<CohortRow>): CohortRow => ({ ruleId: 'r1', variant: '', trigger: 'usage', accounts: 1, converted: 0, expansionMrr: 0, mrrSumSquares: 0, currencies: [], ...over });

// The same figures from plain loops over generated rows, stored in a random order.

const RULES: Record<string, { variants: (string | undefined)[]; trigger: ExposureEvent['trigger'] }> = {
  r1: { variants: [undefined, 'holdout'], trigger: 'usage' },
  r2: { variants: ['a', 'b', 'holdout'], trigger: 'feature' },
};
const TYPES: ConversionType[] = ['upgrade', 'addon', 'seats', 'downgrade', 'churn'];
const EXPANSION = new Set<ConversionType>(['upgrade', 'addon', 'seats']);

type Step = { kind: 'exposure'; e: ExposureEvent; at: number } | { kind: 'conversion'; c: NewConversion };

function generate(random: () => number): Step[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const steps: Step[] = [];
  for (let i = 0; i < 500; i++) {
    const account = `acct-${Math.floor(random() * 60)}`;
    const at = T0 + Math.floor(random() * 10 * DAY);
    if (random() < 0.6) {
      const ruleId = pick(Object.keys(RULES));
      const rule = RULES[ruleId]!;
      const variant = pick(rule.variants);
      const e = exposure({ at, accountId: account, userId: `${account}-u${Math.floor(random() * 2)}`, ruleId, trigger: rule.trigger, ...(variant && { variant }) });
      steps.push({ kind: 'exposure', e, at });
    } else {
      steps.push({ kind: 'conversion', c: conversion(account, pick(TYPES), 1 + Math.floor(random() * 5000), at, random() < 0.9 ? 'USD' : 'EUR') });
    }
  }
  return steps;
}

interface First {
  ruleId: string;
  accountId: string;
  variant: string;
  at: number;
}

/** What the store should answer, from the steps alone. */
function expected(steps: Step[], from: string, to: string, ruleId?: string) {
  const stored = new Set<string>();
  const firsts = new Map<string, First>();
  for (const s of steps) {
    if (s.kind !== 'exposure') continue;
    const key = [s.e.ruleId, s.e.accountId, s.e.userId, dayOf(s.at)].join('|');
    if (stored.has(key)) continue;
    stored.add(key);
    const k = `${s.e.ruleId}|${s.e.accountId}`;
    const was = firsts.get(k);
    if (!was || s.at < was.at) firsts.set(k, { ruleId: s.e.ruleId, accountId: s.e.accountId, variant: s.e.variant ?? '', at: s.at });
  }
  const arms = new Map<string, CohortRow>();
  const delays: { ruleId: string; hours: number }[] = [];
  for (const f of firsts.values()) {
    if (dayOf(f.at) < from || dayOf(f.at) > to || (ruleId && f.ruleId !== ruleId)) continue;
    const a = arms.get(`${f.ruleId}|${f.variant}`) ?? { ruleId: f.ruleId, variant: f.variant, trigger: RULES[f.ruleId]!.trigger, accounts: 0, converted: 0, expansionMrr: 0, mrrSumSquares: 0, currencies: [] };
    let mrr = 0;
    let firstConversion = Infinity;
    for (const s of steps) {
      if (s.kind !== 'conversion' || s.c.accountId !== f.accountId || !EXPANSION.has(s.c.type) || s.c.at < f.at) continue;
      mrr += s.c.mrrDelta;
      firstConversion = Math.min(firstConversion, s.c.at);
      if (!a.currencies.includes(s.c.currency)) a.currencies = [...a.currencies, s.c.currency].sort();
    }
    a.accounts++;
    if (firstConversion < Infinity) {
      a.converted++;
      delays.push({ ruleId: f.ruleId, hours: (firstConversion - f.at) / HOUR });
    }
    a.expansionMrr += mrr;
    a.mrrSumSquares += mrr * mrr;
    arms.set(`${f.ruleId}|${f.variant}`, a);
  }
  return { arms: [...arms.values()], delays };
}

const byArm = (a: CohortRow, b: CohortRow) => `${a.ruleId}|${a.variant}`.localeCompare(`${b.ruleId}|${b.variant}`);
const byDelay = (a: { ruleId: string; hours: number }, b: { ruleId: string; hours: number }) => a.ruleId.localeCompare(b.ruleId) || a.hours - b.hours;

describeAnalytics('exposure cohorts', ({ open }) => {
  let store: Store;
  let feed: AnalyticsFeed;
  let env: string;
  beforeEach(async () => {
    ({ store, feed, env } = await open());
  });
  const expose = (e: ExposureEvent) => feed.insertEvents(env, [e], RECEIVED);
  const convert = (c: NewConversion) => feed.recordConversion(env, c, WINDOW, RECEIVED, revenueRollup);
  /** Every converted account's delay, per rule: no bound gives one count per rule, then every rank is read. */
  async function delaysOf(q: { from: string; to: string; ruleId?: string }): Promise<{ ruleId: string; hours: number }[]> {
    const all: { ruleId: string; hours: number }[] = [];
    for (const { ruleId, counts } of await store.conversionDelayCounts(env, q, [])) {
      for (const hours of await store.conversionDelaysAt(env, { ...q, ruleId }, 0, counts[0]! + 1)) all.push({ ruleId, hours });
    }
    return all;
  }

  describe('exposure cohorts, case by case', () => {
    it('counts an expansion after the first exposure, not one before it nor a downgrade', async () => {
      await convert(conversion('acct-1', 'upgrade', 1000, T0 - HOUR));
      await expose(exposure({ at: T0 }));
      await convert(conversion('acct-1', 'downgrade', 300, T0 + HOUR));
      await convert(conversion('acct-1', 'addon', 2500, T0 + 5 * HOUR));
      expect(await store.exposureCohorts(env, ALL)).toEqual([arm({ converted: 1, expansionMrr: 2500, mrrSumSquares: 2500 ** 2, currencies: ['USD'] })]);
      expect(await delaysOf(ALL)).toEqual([{ ruleId: 'r1', hours: 5 }]);
    });

    it('counts a conversion stored before its exposure arrived (out of order), from the exposure on', async () => {
      await convert(conversion('acct-1', 'seats', 700, T0 + 2 * HOUR, 'EUR'));
      await expose(exposure({ at: T0, variant: 'holdout' }));
      expect(await store.exposureCohorts(env, ALL)).toEqual([arm({ variant: 'holdout', converted: 1, expansionMrr: 700, mrrSumSquares: 490_000, currencies: ['EUR'] })]);
      expect(await delaysOf(ALL)).toEqual([{ ruleId: 'r1', hours: 2 }]);
    });

    it('keeps one exposure per person, rule and UTC day, and the account in the cohort of its first', async () => {
      const first = await expose(exposure({ at: T0 + HOUR }));
      const sameDay = await expose(exposure({ at: T0 + 20 * HOUR }));
      const colleague = await expose(exposure({ at: T0 + 21 * HOUR, userId: 'u2' }));
      const nextDay = await expose(exposure({ at: T0 + 25 * HOUR }));
      expect([first, sameDay, colleague, nextDay]).toEqual([
        { accepted: 1, duplicates: 0 },
        { accepted: 0, duplicates: 1 },
        { accepted: 1, duplicates: 0 },
        { accepted: 1, duplicates: 0 },
      ]);
      expect(await store.exposureCohorts(env, ALL)).toEqual([arm({})]);
      expect(await store.exposureCohorts(env, { from: dayOf(T0 + DAY), to: dayOf(T0 + DAY) })).toEqual([]);
    });

    it('moves the account to an earlier exposure that arrives late, in that exposure’s arm and day', async () => {
      await expose(exposure({ at: T0 + 3 * DAY, variant: 'b' }));
      await convert(conversion('acct-1', 'upgrade', 100, T0 + DAY));
      await expose(exposure({ at: T0, variant: 'a', userId: 'u2' }));
      expect(await store.exposureCohorts(env, ALL)).toEqual([arm({ variant: 'a', converted: 1, expansionMrr: 100, mrrSumSquares: 10_000, currencies: ['USD'] })]);
      expect(await store.exposureCohorts(env, { from: dayOf(T0 + 3 * DAY), to: dayOf(T0 + 3 * DAY) })).toEqual([]);
    });

    it('counts a Stripe upgrade like an API one', async () => {
      await expose(exposure({ at: T0 }));
      const change = { eventId: 'evt_1', subscriptionId: 'sub_1', accountId: 'acct-1', mrr: 4900, before: 2900, deleted: false, currency: 'USD', plan: null, at: T0 + 3 * HOUR };
      await store.recordSubscriptionChange(env, change, WINDOW, RECEIVED, revenueRollup);
      expect(await store.exposureCohorts(env, ALL)).toEqual([arm({ converted: 1, expansionMrr: 2000, mrrSumSquares: 4_000_000, currencies: ['USD'] })]);
    });

    it('reads one environment only', async () => {
      const other = await feed.environment('Other');
      await feed.insertEvents(other, [exposure({ at: T0 })], RECEIVED);
      expect(await store.exposureCohorts(env, ALL)).toEqual([]);
      expect(await store.exposureCohorts(other, ALL)).toEqual([arm({})]);
    });
  });

  describe('exposure cohorts against plain loops', () => {
    it.each([1, 2, 3])('agree for seed %i, whatever order exposures and conversions are stored in', async (seed) => {
      const steps = generate(seeded(seed));
      for (const s of steps) {
        if (s.kind === 'exposure') await expose(s.e);
        else await convert(s.c);
      }
      const ranges = [ALL, { from: dayOf(T0 + 2 * DAY), to: dayOf(T0 + 6 * DAY) }, { from: dayOf(T0 + 7 * DAY), to: dayOf(T0 + 9 * DAY) }];
      for (const range of ranges) {
        for (const ruleId of [undefined, 'r2']) {
          const want = expected(steps, range.from, range.to, ruleId);
          const q = { ...range, ...(ruleId && { ruleId }) };
          expect(want.arms.length).toBeGreaterThan(0);
          expect((await store.exposureCohorts(env, q)).sort(byArm)).toEqual(want.arms.sort(byArm));
          // The store answers delays in ascending order per rule: sorted as they come.
          const delays = await delaysOf(q);
          expect(delays).toEqual([...delays].sort(byDelay));
          expect(delays.map((d) => d.ruleId)).toEqual(want.delays.sort(byDelay).map((d) => d.ruleId));
          delays.forEach((d, i) => expect(d.hours).toBeCloseTo(want.delays[i]!.hours, 9));
          const bounds = [2, 30, 100];
          const counts = new Map<string, number[]>();
          for (const { ruleId, hours } of want.delays) {
            const c = counts.get(ruleId) ?? [0, 0, 0, 0];
            let i = 0;
            while (i < bounds.length && hours >= bounds[i]!) i++;
            c[i]! += 1;
            counts.set(ruleId, c);
          }
          expect(want.delays.length).toBeGreaterThan(0);
          const got = await store.conversionDelayCounts(env, q, bounds);
          expect(new Map(got.map((r) => [r.ruleId, r.counts]))).toEqual(counts);
          // A middle rank alone, as the median reads it.
          const one = want.delays.filter((d) => d.ruleId === want.delays[0]!.ruleId);
          const mid = Math.floor(one.length / 2);
          expect(await store.conversionDelaysAt(env, { ...q, ruleId: one[0]!.ruleId }, mid, 1)).toEqual([expect.closeTo(one[mid]!.hours, 9)]);
        }
      }
    });
  });
});
