import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { StoredReadiness } from '../../server/store/readiness-types';
import type { Store } from '../../server/store/types';
import { describeAnalytics, type AnalyticsFeed } from './analytics-frame';

// The readiness store's contract on both stores: people per account, tallies of tracked events,
// and each account's score written with its webhook in one transaction (moved from
// test/server/store-readiness.test.ts).

const score = (accountId: string, n: number, at: number): StoredReadiness => ({
  accountId,
  plan: 'pro',
  score: n,
  band: n >= 75 ? 'high' : 'moderate',
  fixFirst: false,
  categories: { usage: 10, breadth: 10, exploration: 10, growth: n - 30 },
  signals: [{ category: 'growth', label: 'headcountGrowth is 30 (at least 10)', points: n - 30 }],
  updatedAt: at,
});

describeAnalytics('readiness store', ({ open }) => {
  let store: Store;
  let feed: AnalyticsFeed;
  let env: string;
  beforeEach(async () => {
    ({ store, feed, env } = await open());
  });

  describe('people per account', () => {
    it('keeps each person’s latest visit and role, a late write never moving them back', async () => {
      await store.recordPerson(env, 'a1', 'u1', 'member', 2_000);
      await store.recordPerson(env, 'a1', 'u1', 'owner', 1_000);
      await store.recordPerson(env, 'a1', 'u2', null, 500);
      await store.recordPerson(env, 'a2', 'u3', 'admin', 3_000);
      expect(await store.accountPeople(env, 'a1', 0)).toEqual([
        { userId: 'u1', role: 'member', lastSeen: 2_000 },
        { userId: 'u2', role: null, lastSeen: 500 },
      ]);
      expect(await store.accountPeople(env, 'a1', 1_000)).toEqual([{ userId: 'u1', role: 'member', lastSeen: 2_000 }]);
    });
  });

  describe('tracked-event tallies', () => {
    it('counts the account’s events since a time, by person and name, for the names and the prefix asked', async () => {
      const at = (ms: number) => new Date(ms).toISOString();
      const ev = (userId: string, accountId: string, name: string, ms: number) => ({ id: randomUUID(), type: 'track' as const, at: at(ms), userId, accountId, name });
      const T = Date.UTC(2026, 11, 1);
      await feed.insertEvents(
        env,
        [
          ev('u1', 'a1', 'upshift:gate:sso', T),
          ev('u1', 'a1', 'upshift:gate:sso', T + 1),
          ev('u2', 'a1', 'upshift:gate:audit', T),
          ev('u2', 'a1', 'pricing_viewed', T),
          ev('u2', 'a1', 'report.exported', T),
          ev('u2', 'a1', 'upshift:gate:old', T - 100),
          ev('u9', 'a2', 'upshift:gate:sso', T),
          // "_" and "%" are no wildcards: the prefix is matched as it is written.
          ev('u1', 'a1', 'upshiftXgateXsso', T),
          ev('u1', 'a1', 'upshift_gate%sso', T),
        ],
        T + 10,
      );
      expect(await store.accountTracks(env, 'a1', T - 50, ['pricing_viewed', 'not_sent'], 'upshift:gate:')).toEqual([
        { userId: 'u1', name: 'upshift:gate:sso', count: 2 },
        { userId: 'u2', name: 'pricing_viewed', count: 1 },
        { userId: 'u2', name: 'upshift:gate:audit', count: 1 },
      ]);
      expect(await store.accountTracks(env, 'a1', T - 50, [], 'upshift:gate:')).toHaveLength(2);
      expect(await store.accountTracks(env, 'a1', T - 50, [], 'upshift_gate%')).toEqual([{ userId: 'u1', name: 'upshift_gate%sso', count: 1 }]);
    });
  });

  describe('scores', () => {
    it('replaces the score, shows the callback the one it replaces, and queues its message in the same write', async () => {
      await feed.putWebhookEndpoint(env, 'https://hooks.acme.test/u');
      const seen: (StoredReadiness | null)[] = [];
      await store.saveReadiness(env, score('a1', 60, 1_000), 'line', (previous) => (seen.push(previous), null));
      await store.saveReadiness(env, score('a1', 80, 2_000), 'line', (previous) => (seen.push(previous), { id: 'msg_1', type: 'account.readiness_high', payload: '{}' }));
      expect(seen).toEqual([null, score('a1', 60, 1_000)]);
      expect(await store.getReadiness(env, 'a1')).toEqual(score('a1', 80, 2_000));
      expect(await feed.deliveries(env)).toEqual([['msg_1', 'account.readiness_high', 2_000]]);
    });

    it('keeps the old score when the callback fails: nothing half written', async () => {
      await store.saveReadiness(env, score('a1', 60, 1_000), 'line');
      await expect(
        store.saveReadiness(env, score('a1', 90, 2_000), 'line', () => {
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.getReadiness(env, 'a1')).toEqual(score('a1', 60, 1_000));
    });

    it('keeps environments apart', async () => {
      const other = await feed.environment('Other');
      await store.saveReadiness(other, score('a1', 90, 1_000), 'line');
      expect(await store.getReadiness(env, 'a1')).toBeNull();
      expect((await store.readinessCounts(env, {})).total).toBe(0);
      expect(await store.readinessPage(other, {}, '-score', { limit: 5 })).toEqual([score('a1', 90, 1_000)]);
    });
  });
});
