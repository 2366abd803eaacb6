import type Database from 'better-sqlite3';
import { ROLL_UP_CHUNK, toEventCount, type CountRow } from './rows/retention';
import type { Store } from './types';

type RetentionMethods = Pick<Store, 'rollUpEvents' | 'eventCounts'>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

// The UTC day of occurred_at; dividing by 1000.0 keeps days before 1970 right (integer division truncates toward zero).
const GROUPED = `strftime('%Y-%m-%d', occurred_at / 1000.0, 'unixepoch'), COALESCE(rule_id, ''), COALESCE(variant, ''),
  COALESCE(tier, ''), COALESCE(surface, ''), type, COALESCE(name, '')`;
const KEY = 'rule_id, variant, tier, surface, type, name';
// A 'dropped' event reports how many events a widget had to drop: those are what it counts.
// Never NULL or below 1, whatever a row holds: one bad row must not stop every later roll-up.
const COUNT = `SUM(CASE WHEN type = 'dropped'
  THEN MAX(1, COALESCE(CAST(json_extract(CASE WHEN json_valid(props) THEN props END, '$.count') AS INTEGER), 1))
  ELSE 1 END)`;

/** Event retention over SQLite: raw events become daily counts in `event_rollups`, then go. */
export function sqliteRetention(db: Database.Database): RetentionMethods {
  // Selected by received_at, not occurred_at: ingest accepts any past `at`, and the dedup index only
  // remembers ids whose rows remain, so a row must have been held for the retention before it goes.
  const old = `received_at < @before AND (@env IS NULL OR environment_id = @env)
    AND (type NOT IN ('dismiss', 'decline') OR received_at < @dismissalsBefore)`;
  const q = {
    rollUp: db.prepare(
      `INSERT INTO event_rollups (environment_id, day, ${KEY}, count)
       SELECT environment_id, ${GROUPED}, ${COUNT} FROM events WHERE ${old} GROUP BY environment_id, ${GROUPED}
       ON CONFLICT (environment_id, day, ${KEY}) DO UPDATE SET count = count + excluded.count`,
    ),
    delete: db.prepare(`DELETE FROM events WHERE ${old}`),
    // The arrival time of the chunk's last event: the next step rolls up everything that arrived up to it.
    chunkEnd: db.prepare(`SELECT received_at FROM events WHERE ${old} ORDER BY received_at LIMIT 1 OFFSET ${ROLL_UP_CHUNK - 1}`).pluck(),
    // Raw rows and rolled-up days are disjoint sets of events, so their sum is the same before and after a roll-up.
    counts: db.prepare(
    `SELECT ${KEY}, SUM(count) AS count FROM (
       SELECT COALESCE(rule_id, '') AS rule_id, COALESCE(variant, '') AS variant, COALESCE(tier, '') AS tier,
              COALESCE(surface, '') AS surface, type, COALESCE(name, '') AS name, ${COUNT} AS count
       FROM events WHERE environment_id = @env AND occurred_at >= @fromMs AND occurred_at < @toMs
       GROUP BY 1, 2, 3, 4, 5, 6
       UNION ALL
       SELECT ${KEY}, count FROM event_rollups WHERE environment_id = @env AND day >= @from AND day <= @to
     ) GROUP BY ${KEY} ORDER BY ${KEY}`,
    ),
  };
  const rollUp = db.transaction((params: { env: string | null; before: number; dismissalsBefore: number }) => {
    q.rollUp.run(params);
    return q.delete.run(params).changes;
  });
  return {
    async rollUpEvents(environmentId, { before, dismissalsBefore }) {
      const params = { env: environmentId, before, dismissalsBefore: Math.min(before, dismissalsBefore) };
      let total = 0;
      // Each step is one transaction, so the figures are whole after every step; each takes at least a chunk, so it ends.
      for (;;) {
        const last = q.chunkEnd.get(params) as number | undefined;
        const until = last === undefined ? before : Math.min(before, last + 1);
        total += rollUp.immediate({ ...params, before: until });
        if (until === before) return total;
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
    async eventCounts(environmentId, from, to) {
      if (!DAY.test(from) || !DAY.test(to)) throw new RangeError('days must be YYYY-MM-DD');
      const fromMs = Date.parse(`${from}T00:00:00Z`);
      const toMs = Date.parse(`${to}T00:00:00Z`) + DAY_MS;
      return (q.counts.all({ env: environmentId, from, to, fromMs, toMs }) as CountRow[]).map(toEventCount);
    },
  };
}
