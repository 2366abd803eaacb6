import type { Store, TierTime, UserHistory } from '../types';
import type { PgDb } from './db';

type HistoryMethods = Pick<Store, 'recordUsage' | 'usageHistory' | 'userHistory' | 'accountTiers'>;

const q = {
  // Metrics sorted, so two nodes writing one account's readings lock its rows in the same order.
  putSnapshots: `INSERT INTO usage_snapshots (environment_id, account_id, metric, day, value, taken_at)
    SELECT $1, $2, metric, $3, value, $4 FROM unnest($5::text[], $6::float8[]) AS r(metric, value) ORDER BY metric
    ON CONFLICT (environment_id, account_id, metric, day) DO UPDATE SET value = excluded.value, taken_at = excluded.taken_at
    WHERE excluded.taken_at >= usage_snapshots.taken_at`,
  snapshots: 'SELECT metric, taken_at AS at, value FROM usage_snapshots WHERE environment_id = $1 AND account_id = $2 AND taken_at >= $3 ORDER BY metric, taken_at',
  // Per rule, so a prompt shown on every page cannot push another rule's impressions (its cap,
  // the budget) out of the answer; the total stays bounded too.
  impressions: `SELECT "ruleId", at FROM (
      SELECT rule_id AS "ruleId", occurred_at AS at, ROW_NUMBER() OVER (PARTITION BY rule_id ORDER BY occurred_at DESC) AS n FROM events
      WHERE environment_id = $1 AND account_id = $2 AND user_id = $3 AND type = 'impression' AND occurred_at >= $4
    ) AS ranked WHERE n <= 500 ORDER BY at DESC LIMIT 5000`,
  // The ORDER BYs below give the order SQLite's grouping (a sort on the grouped columns) answers in.
  latest: `SELECT rule_id AS "ruleId", type, MAX(occurred_at) AS at FROM events
    WHERE environment_id = $1 AND account_id = $2 AND user_id = $3 AND type IN ('dismiss', 'decline', 'snooze', 'click')
    GROUP BY rule_id, type ORDER BY rule_id, type`,
  accountTiers: `SELECT rule_id AS "ruleId", tier, MAX(occurred_at) AS at FROM events
    WHERE environment_id = $1 AND account_id = $2 AND type = 'impression' AND occurred_at >= $3 AND tier IS NOT NULL
    GROUP BY rule_id, tier ORDER BY rule_id, tier`,
  // Dismissals and declines in one pass over the account's events rather than one each.
  accountDismissals: `SELECT rule_id AS "ruleId", tier, type, MAX(occurred_at) AS at FROM events
    WHERE environment_id = $1 AND account_id = $2 AND type IN ('dismiss', 'decline') AND occurred_at >= $3 AND tier IS NOT NULL
    GROUP BY rule_id, tier, type ORDER BY rule_id, tier, type`,
  tracks: `SELECT name, occurred_at AS at FROM events
    WHERE environment_id = $1 AND account_id = $2 AND user_id = $3 AND type = 'track' AND occurred_at >= $4 ORDER BY occurred_at DESC LIMIT 2000`,
};

/** What `/v1/state` reads of a person and their account: usage snapshots and prompt history, over PostgreSQL. */
export function pgHistory(db: PgDb): HistoryMethods {
  return {
    async recordUsage(environmentId, accountId, readings, at) {
      const day = new Date(at).toISOString().slice(0, 10);
      const entries = Object.entries(readings);
      if (entries.length === 0) return;
      await db.run(q.putSnapshots, [environmentId, accountId, day, at, entries.map(([m]) => m), entries.map(([, v]) => v)]);
    },
    async usageHistory(environmentId, accountId, since) {
      const byMetric = new Map<string, { at: number; value: number }[]>();
      for (const row of await db.all<{ metric: string; at: number; value: number }>(q.snapshots, [environmentId, accountId, since])) {
        (byMetric.get(row.metric) ?? byMetric.set(row.metric, []).get(row.metric)!).push({ at: row.at, value: row.value });
      }
      return Object.fromEntries(byMetric);
    },
    async userHistory(environmentId, accountId, userId, since) {
      const args = [environmentId, accountId, userId, since];
      const [impressions, tracks, latest] = await Promise.all([
        db.all<UserHistory['impressions'][number]>(q.impressions, args),
        db.all<UserHistory['tracks'][number]>(q.tracks, args),
        db.all<UserHistory['latest'][number]>(q.latest, [environmentId, accountId, userId]),
      ]);
      return { impressions, tracks, latest };
    },
    async accountTiers(environmentId, accountId, since) {
      const [both, reached] = await Promise.all([
        db.all<TierTime & { type: string }>(q.accountDismissals, [environmentId, accountId, since.dismissed]),
        db.all<TierTime>(q.accountTiers, [environmentId, accountId, since.reached]),
      ]);
      const dismissed: TierTime[] = [];
      const declined: TierTime[] = [];
      for (const { type, ...row } of both) (type === 'decline' ? declined : dismissed).push(row);
      return { dismissed, declined, reached };
    },
  };
}
