import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { revenueRollup } from '../../server/services/analytics/revenue-rollup';
import { secretBox } from '../../server/infra/secrets/box';
import { newMasterKey } from '../../server/infra/secrets/master-key';
import { openPostgresStore } from '../../server/store/postgres/store';
import { openSqliteStore } from '../../server/store/sqlite';
import type { AttributionWindow } from '../../server/store/conversion-types';
import type { StoredReadiness } from '../../server/store/readiness-types';
import type { Store } from '../../server/store/types';
import { storeKinds, tempPgDatabase, type StoreKind } from '../helpers/stores';
import { conversion, DAY, dayOf, exposure, HOUR, T0 } from '../server/exposure-helpers';
import { feedOf, type AnalyticsFeed } from './analytics-frame';

// The analytics writes are read-modify-write on shared rows (counters, an account's cohort row,
// its revenue rollup, its score). Many at once, on one store and on two stores over one database
// (two nodes), must come out exactly as one after the other.

const WINDOW: AttributionWindow = { since: 0, credit: false, impressions: true, holdout: { global: false, rules: [] } };
const RECEIVED = T0 + 60 * DAY;
const N = 24;

/** Two stores over one database, as two nodes see it, and how to remove them. */
async function openPair(kind: StoreKind): Promise<{ stores: [Store, Store]; remove(): Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'upshift-pair-'));
    const stores: [Store, Store] = [openSqliteStore(join(dir, 'upshift.db')), openSqliteStore(join(dir, 'upshift.db'))];
    return { stores, remove: async () => (await Promise.all(stores.map((s) => s.close())), rmSync(dir, { recursive: true, force: true })) };
  }
  const database = await tempPgDatabase();
  const secrets = secretBox(newMasterKey());
  const stores: [Store, Store] = [await openPostgresStore(database.url, { secrets }), await openPostgresStore(database.url, { secrets })];
  return { stores, remove: async () => (await Promise.all(stores.map((s) => s.close())), await database.drop()) };
}

const score = (n: number, at: number): StoredReadiness => ({
  accountId: 'a1',
  plan: 'pro',
  score: n,
  band: 'high',
  fixFirst: false,
  categories: { usage: n, breadth: 0, exploration: 0, growth: 0 },
  signals: [],
  updatedAt: at,
});

for (const kind of storeKinds) {
  describe(`analytics writes at once [${kind}]`, () => {
    const removes: (() => Promise<void>)[] = [];
    afterEach(async () => {
      await Promise.all(removes.splice(0).map((r) => r()));
    });
    /** Two nodes' stores and feeds over one database, with one environment. */
    async function nodes(): Promise<{ stores: [Store, Store]; feeds: [AnalyticsFeed, AnalyticsFeed]; env: string }> {
      const pair = await openPair(kind);
      removes.push(pair.remove);
      const feeds: [AnalyticsFeed, AnalyticsFeed] = [feedOf(pair.stores[0]), feedOf(pair.stores[1])];
      return { stores: pair.stores, feeds, env: await feeds[0].environment('Test') };
    }
    /** Node `i % 2`, or node 0 alone when `one`. */
    const node = <T>(xs: [T, T], i: number, one: boolean): T => xs[one ? 0 : i % 2]!;

    it.each([
      ['one store', true],
      ['two stores over one database', false],
    ])('counts every funnel event and decline once, on %s', async (_, one) => {
      const { stores, feeds, env } = await nodes();
      const at = new Date(T0 + HOUR).toISOString();
      await Promise.all(
        Array.from({ length: N }, (_, i) => {
          const base = { at, userId: `u${i}`, accountId: `acct-${i % 3}`, ruleId: 'r1', surface: 'banner', variant: 'a' };
          const batch = [
            { ...base, id: crypto.randomUUID(), type: 'impression' as const },
            { ...base, id: crypto.randomUUID(), type: 'click' as const, props: { action: 'checkout' } },
            { ...base, id: crypto.randomUUID(), type: 'decline' as const, reason: 'budget' as const },
          ];
          return node(feeds, i, one).insertEvents(env, batch, RECEIVED);
        }),
      );
      const day = dayOf(T0);
      const counts = await stores[1].funnelCounts(env, { from: day, to: day, per: 'rule', by: 'variant' });
      expect(counts.map((r) => [r.stage, r.key, r.count]).sort()).toEqual([
        ['action', 'a', N],
        ['click', 'a', N],
        ['impression', 'a', N],
      ]);
      expect(await stores[1].declineCounts(env, { from: day, to: day })).toEqual([{ ruleId: 'r1', reason: 'budget', count: N }]);
    });

    it.each([
      ['one store', true],
      ['two stores over one database', false],
    ])('moves one account through its cohorts exactly, exposures and conversions racing, on %s', async (_, one) => {
      const { stores, feeds, env } = await nodes();
      const convert = (i: number, c: ReturnType<typeof conversion>) => node(feeds, i, one).recordConversion(env, c, WINDOW, RECEIVED, revenueRollup);
      await convert(0, conversion('acct-1', 'new', 100_000, T0 - DAY));
      // Exposures on days 0..N-1 by different people; on each day a downgrade of 10 at 06:00 and an upgrade of 100·(i+1) at noon.
      await Promise.all(
        Array.from({ length: N }, (_, i) =>
          Promise.all([
            node(feeds, i, one).insertEvents(env, [exposure({ at: T0 + (N - 1 - i) * DAY, userId: `u${i}` })], RECEIVED),
            convert(i + 1, conversion('acct-1', 'upgrade', 100 * (i + 1), T0 + i * DAY + 12 * HOUR)),
            convert(i, conversion('acct-1', 'downgrade', 10, T0 + i * DAY + 6 * HOUR)),
          ]),
        ),
      );
      // First exposure: day 0 (i = N-1). Every upgrade is after it.
      const mrr = (100 * N * (N + 1)) / 2;
      const all = { from: dayOf(T0 - DAY), to: dayOf(T0 + N * DAY) };
      expect(await stores[1].exposureCohorts(env, all)).toEqual([
        { ruleId: 'r1', variant: '', trigger: 'usage', accounts: 1, converted: 1, expansionMrr: mrr, mrrSumSquares: mrr * mrr, currencies: ['USD'] },
      ]);
      expect(await stores[0].conversionDelaysAt(env, { ...all, ruleId: 'r1' }, 0, 5)).toEqual([12]);
      // Every rewrite of the account's rollup saw the others: its MRR is the sum of them all.
      expect(await stores[0].revenueCurrencies(env)).toEqual([{ currency: 'USD', mrr: 100_000 + mrr - 10 * N }]);
    });

    it.each([
      ['one store', true],
      ['two stores over one database', false],
    ])('keeps every account once when batches expose the same accounts in opposite orders, on %s', async (_, one) => {
      const { stores, feeds, env } = await nodes();
      await Promise.all(
        Array.from({ length: N }, (_, i) => {
          const at = T0 + (i % 5) * DAY + i * HOUR;
          const pair = [exposure({ at, accountId: 'acct-A', userId: `u${i}` }), exposure({ at, accountId: 'acct-B', userId: `u${i}` })];
          return node(feeds, i, one).insertEvents(env, i % 2 ? pair.reverse() : pair, RECEIVED);
        }),
      );
      // Both accounts first seen at T0 (i = 0), in one cohort row.
      expect(await stores[1].exposureCohorts(env, { from: dayOf(T0), to: dayOf(T0 + 5 * DAY) })).toEqual([
        { ruleId: 'r1', variant: '', trigger: 'usage', accounts: 2, converted: 0, expansionMrr: 0, mrrSumSquares: 0, currencies: [] },
      ]);
    });

    it.each([
      ['one store', true],
      ['two stores over one database', false],
    ])('queues the first score’s webhook once when many saves race, on %s', async (_, one) => {
      const { stores, feeds, env } = await nodes();
      await feeds[0].putWebhookEndpoint(env, 'https://hooks.acme.test/u');
      const seen: (number | null)[] = [];
      await Promise.all(
        Array.from({ length: N }, (_, i) =>
          node(stores, i, one).saveReadiness(env, score(i, 1_000 + i), 'line', (previous) => {
            seen.push(previous?.score ?? null);
            return previous ? null : { id: `msg_${i}`, type: 'account.readiness_high', payload: '{}' };
          }),
        ),
      );
      expect((await feeds[1].deliveries(env)).length).toBe(1);
      expect((await stores[1].readinessCounts(env, {})).total).toBe(1);
      // The saves ran one after the other: exactly one saw no score before it.
      expect(seen.filter((s) => s === null)).toHaveLength(1);
    });
  });
}
