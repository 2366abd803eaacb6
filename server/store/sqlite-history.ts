import type Database from 'better-sqlite3';
import type { Store, TierTime, UserHistory } from './types';

type HistoryMethods = Pick<Store, 'recordUsage' | 'usageHistory' | 'userHistory' | 'accountTiers'>;

/** What `/v1/state` reads of a person and their account: usage snapshots and prompt history, over SQLite. */
export function sqliteHistory(db: Database.Database): HistoryMethods {
  const q = {
    putSnapshot: db.prepare(
      `INSERT INTO usage_snapshots (environment_id, account_id, metric, day, value, taken_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (environment_id, account_id, metric, day) DO UPDATE SET value = excluded.value, taken_at = excluded.taken_at
       WHERE excluded.taken_at >= usage_snapshots.taken_at`,
    ),
    snapshots: db.prepare('SELECT metric, taken_at AS at, value FROM usage_snapshots WHERE environment_id = ? AND account_id = ? AND taken_at >= ? ORDER BY metric, taken_at'),
    // Per rule, so a prompt shown on every page cannot push another rule's impressions (its cap,
    // the budget) out of the answer; the total stays bounded too.
    impressions: db.prepare(
      `SELECT ruleId, at FROM (
         SELECT rule_id AS ruleId, occurred_at AS at, ROW_NUMBER() OVER (PARTITION BY rule_id ORDER BY occurred_at DESC) AS n FROM events
         WHERE environment_id = ? AND account_id = ? AND user_id = ? AND type = 'impression' AND occurred_at >= ?
       ) WHERE n <= 500 ORDER BY at DESC LIMIT 5000`,
    ),
    // The unary + keeps the planner off events_by_rule, whose order suits the GROUP BY but which
    // would scan every event of the environment; events_by_user reads this person's rows only.
    latest: db.prepare(
      `SELECT rule_id AS ruleId, type, MAX(occurred_at) AS at FROM events
       WHERE environment_id = ? AND account_id = ? AND user_id = ? AND type IN ('dismiss', 'decline', 'snooze', 'click')
       GROUP BY +rule_id, +type`,
    ),
    accountTiers: db.prepare(
      `SELECT rule_id AS ruleId, tier, MAX(occurred_at) AS at FROM events
       WHERE environment_id = ? AND account_id = ? AND type = ? AND occurred_at >= ? AND tier IS NOT NULL
       GROUP BY rule_id, tier`,
    ),
    // Dismissals and declines in one pass over the account's events rather than one each.
    accountDismissals: db.prepare(
      `SELECT rule_id AS ruleId, tier, type, MAX(occurred_at) AS at FROM events
       WHERE environment_id = ? AND account_id = ? AND type IN ('dismiss', 'decline') AND occurred_at >= ? AND tier IS NOT NULL
       GROUP BY rule_id, tier, type`,
    ),
    tracks: db.prepare(
      `SELECT name, occurred_at AS at FROM events
       WHERE environment_id = ? AND account_id = ? AND user_id = ? AND type = 'track' AND occurred_at >= ? ORDER BY occurred_at DESC LIMIT 2000`,
    ),
  };
  return {
    async recordUsage(environmentId, accountId, readings, at) {
      const day = new Date(at).toISOString().slice(0, 10);
      db.transaction(() => {
        for (const [metric, value] of Object.entries(readings)) q.putSnapshot.run(environmentId, accountId, metric, day, value, at);
      }).immediate();
    },
    async usageHistory(environmentId, accountId, since) {
      const byMetric = new Map<string, { at: number; value: number }[]>();
      for (const row of q.snapshots.all(environmentId, accountId, since) as { metric: string; at: number; value: number }[]) {
        (byMetric.get(row.metric) ?? byMetric.set(row.metric, []).get(row.metric)!).push({ at: row.at, value: row.value });
      }
      return Object.fromEntries(byMetric);
    },
    async userHistory(environmentId, accountId, userId, since) {
      const args = [environmentId, accountId, userId, since] as const;
      return {
        impressions: q.impressions.all(...args) as UserHistory['impressions'],
        tracks: q.tracks.all(...args) as UserHistory['tracks'],
        latest: q.latest.all(environmentId, accountId, userId) as UserHistory['latest'],
      };
    },
    async accountTiers(environmentId, accountId, since) {
      const dismissed: TierTime[] = [];
      const declined: TierTime[] = [];
      for (const { type, ...row } of q.accountDismissals.all(environmentId, accountId, since.dismissed) as (TierTime & { type: string })[]) {
        (type === 'decline' ? declined : dismissed).push(row);
      }
      return { dismissed, declined, reached: q.accountTiers.all(environmentId, accountId, 'impression', since.reached) as TierTime[] };
    },
  };
}
