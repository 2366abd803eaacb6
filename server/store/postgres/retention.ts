import { ROLL_UP_CHUNK, toEventCount, type CountRow } from '../rows/retention';
import type { Store } from '../types';
import type { PgDb } from './db';

type RetentionMethods = Pick<Store, 'rollUpEvents' | 'eventCounts'>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

// The UTC day of occurred_at, as SQLite's strftime('%Y-%m-%d', occurred_at / 1000.0, 'unixepoch').
const GROUPED = `to_char(to_timestamp(occurred_at / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD'), COALESCE(rule_id, ''), COALESCE(variant, ''),
  COALESCE(tier, ''), COALESCE(surface, ''), type, COALESCE(name, '')`;
const KEY = 'rule_id, variant, tier, surface, type, name';
// A 'dropped' event reports how many events a widget had to drop: those are what it counts (migration 4).
const COUNT = `SUM(CASE WHEN type = 'dropped' THEN upshift_dropped_count(props) ELSE 1 END)`;
// Selected by received_at, not occurred_at: ingest accepts any past `at`, and the dedup index only
// remembers ids whose rows remain, so a row must have been held for the retention before it goes.
const OLD = `received_at < $2 AND ($1::text IS NULL OR environment_id = $1::text)
  AND (type NOT IN ('dismiss', 'decline') OR received_at < $3)`;

const q = {
  // One roll-up at a time across every node: a second one reading rows the first is about to
  // delete would count them twice. Each step waits here, then reads what the other left.
  lock: `SELECT pg_advisory_xact_lock(hashtextextended('upshift:roll_up_events', 0))`,
  // Sorted by the key, so the upsert takes the rollup rows' locks in one order.
  rollUp: `INSERT INTO event_rollups (environment_id, day, ${KEY}, count)
    SELECT environment_id, ${GROUPED}, ${COUNT} FROM events WHERE ${OLD} GROUP BY environment_id, ${GROUPED} ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT (environment_id, day, ${KEY}) DO UPDATE SET count = event_rollups.count + excluded.count`,
  delete: `DELETE FROM events WHERE ${OLD}`,
  // The arrival time of the chunk's last event: the next step rolls up everything that arrived up to it.
  chunkEnd: `SELECT received_at FROM events WHERE ${OLD} ORDER BY received_at LIMIT 1 OFFSET ${ROLL_UP_CHUNK - 1}`,
  // Raw rows and rolled-up days are disjoint sets of events, so their sum is the same before and after a roll-up.
  counts: `SELECT ${KEY}, SUM(count) AS count FROM (
      SELECT COALESCE(rule_id, '') AS rule_id, COALESCE(variant, '') AS variant, COALESCE(tier, '') AS tier,
             COALESCE(surface, '') AS surface, type, COALESCE(name, '') AS name, ${COUNT} AS count
      FROM events WHERE environment_id = $1 AND occurred_at >= $2 AND occurred_at < $3
      GROUP BY 1, 2, 3, 4, 5, 6
      UNION ALL
      SELECT ${KEY}, count FROM event_rollups WHERE environment_id = $1 AND day >= $4 AND day <= $5
    ) AS both_kinds GROUP BY ${KEY} ORDER BY ${KEY}`,
};

/** Event retention over PostgreSQL: raw events become daily counts in `event_rollups`, then go. */
export function pgRetention(db: PgDb): RetentionMethods {
  return {
    async rollUpEvents(environmentId, { before, dismissalsBefore }) {
      const cutoffs = [environmentId, before, Math.min(before, dismissalsBefore)] as const;
      let total = 0;
      // Each step is one transaction, so the figures are whole after every step; each takes at least a chunk, so it ends.
      for (;;) {
        const step = await db.tx(async (sql) => {
          await sql.one(q.lock);
          const last = (await sql.one<{ received_at: number }>(q.chunkEnd, cutoffs))?.received_at;
          const until = last === undefined ? before : Math.min(before, last + 1);
          const params = [environmentId, until, cutoffs[2]];
          await sql.run(q.rollUp, params);
          return { until, deleted: await sql.run(q.delete, params) };
        });
        total += step.deleted;
        if (step.until === before) return total;
      }
    },
    async eventCounts(environmentId, from, to) {
      if (!DAY.test(from) || !DAY.test(to)) throw new RangeError('days must be YYYY-MM-DD');
      const fromMs = Date.parse(`${from}T00:00:00Z`);
      const toMs = Date.parse(`${to}T00:00:00Z`) + DAY_MS;
      const rows = await db.all<CountRow>(q.counts, [environmentId, fromMs, toMs, from, to]);
      return rows.map(toEventCount);
    },
  };
}
