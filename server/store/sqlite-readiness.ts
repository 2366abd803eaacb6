import type Database from 'better-sqlite3';
import type { ReadinessBand } from '../../shared/schemas/analytics';
import type { sqliteWebhooks } from './sqlite-webhooks';
import type { AccountPerson, ReadinessCsvRow, ReadinessStore, TrackTally } from './readiness-types';
import { readinessListed, readinessWhere } from './readiness-query';
import { toReadiness, type ReadinessRow } from './rows/readiness';

// instr() on lower-cased ids: a plain substring match, with no LIKE wildcards to escape.
const CONTAINS = 'instr(lower(account_id), lower(?)) > 0';

/** Readiness over SQLite: people per account, tallies along `events_by_account_type`, and the scores list. */
export function sqliteReadiness(db: Database.Database, webhooks: ReturnType<typeof sqliteWebhooks>): ReadinessStore {
  const q = {
    person: db.prepare(
      `INSERT INTO account_people (environment_id, account_id, user_id, role, last_seen) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (environment_id, account_id, user_id) DO UPDATE SET role = excluded.role, last_seen = excluded.last_seen
       WHERE excluded.last_seen >= account_people.last_seen`,
    ),
    people: db.prepare('SELECT user_id AS userId, role, last_seen AS lastSeen FROM account_people WHERE environment_id = ? AND account_id = ? AND last_seen >= ? ORDER BY user_id'),
    tracks: db.prepare(
      `SELECT user_id AS userId, name, COUNT(*) AS count FROM events
       WHERE environment_id = ? AND account_id = ? AND type = 'track' AND occurred_at >= ?
         AND (substr(name, 1, length(?)) = ? OR name IN (SELECT value FROM json_each(?)))
       GROUP BY user_id, name ORDER BY user_id, name`,
    ),
    get: db.prepare('SELECT * FROM account_readiness WHERE environment_id = ? AND account_id = ?'),
    put: db.prepare(
      `INSERT INTO account_readiness (environment_id, account_id, plan, score, band, fix_first, usage, breadth, exploration, growth, signals, updated_at, csv_line)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (environment_id, account_id) DO UPDATE SET plan = excluded.plan, score = excluded.score, band = excluded.band,
         fix_first = excluded.fix_first, usage = excluded.usage, breadth = excluded.breadth, exploration = excluded.exploration,
         growth = excluded.growth, signals = excluded.signals, updated_at = excluded.updated_at, csv_line = excluded.csv_line`,
    ),
  };
  // Filters combine freely, so statements are prepared per shape and kept (a few dozen at most).
  const prepared = new Map<string, Database.Statement>();
  const statement = (sql: string) => prepared.get(sql) ?? prepared.set(sql, db.prepare(sql)).get(sql)!;

  return {
    async recordPerson(environmentId, accountId, userId, role, at) {
      q.person.run(environmentId, accountId, userId, role, at);
    },
    async accountPeople(environmentId, accountId, since) {
      return q.people.all(environmentId, accountId, since) as AccountPerson[];
    },
    async accountTracks(environmentId, accountId, since, names, prefix) {
      return q.tracks.all(environmentId, accountId, since, prefix, prefix, JSON.stringify(names)) as TrackTally[];
    },
    async saveReadiness(environmentId, s, csvLine, onSave) {
      db.transaction(() => {
        const row = q.get.get(environmentId, s.accountId) as ReadinessRow | undefined;
        const c = s.categories;
        q.put.run(environmentId, s.accountId, s.plan, s.score, s.band, s.fixFirst ? 1 : 0, c.usage, c.breadth, c.exploration, c.growth, JSON.stringify(s.signals), s.updatedAt, csvLine);
        const message = onSave?.(row ? toReadiness(row) : null);
        if (message) webhooks.enqueue(environmentId, message, s.updatedAt);
      }).immediate();
    },
    async getReadiness(environmentId, accountId) {
      const row = q.get.get(environmentId, accountId) as ReadinessRow | undefined;
      return row ? toReadiness(row) : null;
    },
    async readinessPage(environmentId, filter, sort, { limit, offset = 0, after }) {
      const { sql, params } = readinessListed(CONTAINS, environmentId, filter, sort, after);
      const rows = statement(`SELECT * FROM account_readiness ${sql} LIMIT ? OFFSET ?`).all(...params, limit, after ? 0 : offset);
      return (rows as ReadinessRow[]).map(toReadiness);
    },
    async readinessCsv(environmentId, filter, sort, { limit, after }) {
      const { sql, params } = readinessListed(CONTAINS, environmentId, filter, sort, after);
      return statement(`SELECT account_id AS accountId, score, updated_at AS updatedAt, csv_line AS line FROM account_readiness ${sql} LIMIT ?`).all(...params, limit) as ReadinessCsvRow[];
    },
    async readinessCounts(environmentId, filter) {
      const all = readinessWhere(CONTAINS, environmentId, filter, false);
      const chosen = readinessWhere(CONTAINS, environmentId, filter);
      const byBand = statement(`SELECT band, SUM(fix_first) AS fixFirst, COUNT(*) AS n FROM account_readiness WHERE ${all.sql} GROUP BY band`).all(...all.params) as {
        band: ReadinessBand;
        fixFirst: number;
        n: number;
      }[];
      const total = statement(`SELECT COUNT(*) FROM account_readiness WHERE ${chosen.sql}`).pluck().get(...chosen.params) as number;
      const bands = { high: 0, moderate: 0, early: 0, not_ready: 0, fixFirst: 0 };
      for (const b of byBand) {
        bands[b.band] = b.n;
        bands.fixFirst += b.fixFirst;
      }
      return { total, bands };
    },
  };
}
