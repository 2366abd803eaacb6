import type { AccountPerson, ReadinessCsvRow, ReadinessStore, TrackTally } from '../readiness-types';
import type { ReadinessBand } from '../../../shared/schemas/analytics';
import { readinessListed, readinessWhere } from '../readiness-query';
import { toReadiness, type ReadinessRow } from '../rows/readiness';
import { lockAccount } from './account-lock';
import type { PgDb, Sql } from './db';
import type { PgWebhookHooks } from './hooks';
import { numbered } from './params';

// strpos() on lower-cased ids: a plain substring match, with no LIKE wildcards to escape. Under
// COLLATE "C" lower() folds ASCII only, as SQLite's does.
const CONTAINS = 'strpos(lower(account_id), lower(?::text)) > 0';

const GET = 'SELECT * FROM account_readiness WHERE environment_id = $1 AND account_id = $2';

/** Runs a `?`-placeholder statement from ../readiness-query.ts. */
const all = <T>(sql: Sql, text: string, params: readonly unknown[]) => sql.all<T>(numbered(text), params);

/** Readiness over PostgreSQL, as `sqliteReadiness`: people per account, tallies of tracked events, and the scores list. */
export function pgReadiness(db: PgDb, webhooks: PgWebhookHooks): ReadinessStore {
  return {
    async recordPerson(env, accountId, userId, role, at) {
      await db.run(
        `INSERT INTO account_people AS p (environment_id, account_id, user_id, role, last_seen) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (environment_id, account_id, user_id) DO UPDATE SET role = excluded.role, last_seen = excluded.last_seen
         WHERE excluded.last_seen >= p.last_seen`,
        [env, accountId, userId, role, at],
      );
    },
    async accountPeople(env, accountId, since) {
      return db.all<AccountPerson>(
        'SELECT user_id AS "userId", role, last_seen AS "lastSeen" FROM account_people WHERE environment_id = $1 AND account_id = $2 AND last_seen >= $3 ORDER BY user_id',
        [env, accountId, since],
      );
    },
    async accountTracks(env, accountId, since, names, prefix) {
      // The prefix is compared as a string, not a LIKE pattern: "_" and "%" match only themselves.
      return db.all<TrackTally>(
        `SELECT user_id AS "userId", name, COUNT(*) AS count FROM events
         WHERE environment_id = $1 AND account_id = $2 AND type = 'track' AND occurred_at >= $3
           AND (substr(name, 1, length($4::text)) = $4 OR name = ANY($5::text[]))
         GROUP BY user_id, name ORDER BY user_id, name`,
        [env, accountId, since, prefix, [...names]],
      );
    },
    async saveReadiness(env, s, csvLine, onSave) {
      await db.tx(async (sql) => {
        // Two nodes scoring the same account: the second waits, and its callback sees the first's score.
        await lockAccount(sql, 'readiness', env, s.accountId);
        const row = await sql.one<ReadinessRow>(GET, [env, s.accountId]);
        const c = s.categories;
        await sql.run(
          `INSERT INTO account_readiness (environment_id, account_id, plan, score, band, fix_first, usage, breadth, exploration, growth, signals, updated_at, csv_line)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
           ON CONFLICT (environment_id, account_id) DO UPDATE SET plan = excluded.plan, score = excluded.score, band = excluded.band,
             fix_first = excluded.fix_first, usage = excluded.usage, breadth = excluded.breadth, exploration = excluded.exploration,
             growth = excluded.growth, signals = excluded.signals, updated_at = excluded.updated_at, csv_line = excluded.csv_line`,
          [env, s.accountId, s.plan, s.score, s.band, s.fixFirst ? 1 : 0, c.usage, c.breadth, c.exploration, c.growth, JSON.stringify(s.signals), s.updatedAt, csvLine],
        );
        const message = onSave?.(row ? toReadiness(row) : null);
        if (message) await webhooks.enqueue(sql, env, message, s.updatedAt);
      });
    },
    async getReadiness(env, accountId) {
      const row = await db.one<ReadinessRow>(GET, [env, accountId]);
      return row ? toReadiness(row) : null;
    },
    async readinessPage(env, filter, sort, { limit, offset = 0, after }) {
      const { sql, params } = readinessListed(CONTAINS, env, filter, sort, after);
      return (await all<ReadinessRow>(db, `SELECT * FROM account_readiness ${sql} LIMIT ? OFFSET ?`, [...params, limit, after ? 0 : offset])).map(toReadiness);
    },
    async readinessCsv(env, filter, sort, { limit, after }) {
      const { sql, params } = readinessListed(CONTAINS, env, filter, sort, after);
      return all<ReadinessCsvRow>(db, `SELECT account_id AS "accountId", score, updated_at AS "updatedAt", csv_line AS line FROM account_readiness ${sql} LIMIT ?`, [...params, limit]);
    },
    async readinessCounts(env, filter) {
      const every = readinessWhere(CONTAINS, env, filter, false);
      const chosen = readinessWhere(CONTAINS, env, filter);
      const byBand = await all<{ band: ReadinessBand; fixFirst: number; n: number }>(
        db,
        `SELECT band, SUM(fix_first) AS "fixFirst", COUNT(*) AS n FROM account_readiness WHERE ${every.sql} GROUP BY band`,
        every.params,
      );
      const total = (await all<{ n: number }>(db, `SELECT COUNT(*) AS n FROM account_readiness WHERE ${chosen.sql}`, chosen.params))[0]!.n;
      const bands = { high: 0, moderate: 0, early: 0, not_ready: 0, fixFirst: 0 };
      for (const b of byBand) {
        bands[b.band] = b.n;
        bands.fixFirst += b.fixFirst;
      }
      return { total, bands };
    },
  };
}
