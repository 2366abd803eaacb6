import type Database from 'better-sqlite3';
import type { AccountSighting, AccountStore } from './account-types';
import { toSighting, type SightingRow } from './rows/accounts';

/** Account sightings over SQLite: one row per account, replaced by each later `POST /v1/state`. */
export function sqliteAccounts(db: Database.Database): AccountStore {
  const q = {
    put: db.prepare(
      `INSERT INTO account_sightings (environment_id, account_id, user_id, plan, context, state, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (environment_id, account_id) DO UPDATE SET user_id = excluded.user_id, plan = excluded.plan, context = excluded.context, state = excluded.state, seen_at = excluded.seen_at
       WHERE excluded.seen_at >= account_sightings.seen_at`,
    ),
    // The trait text the migration's backfill writes too: booleans as words, null as "".
    clearTraits: db.prepare('DELETE FROM account_traits WHERE environment_id = ? AND account_id = ?'),
    putTraits: db.prepare(
      `INSERT INTO account_traits (environment_id, account_id, name, value)
       SELECT ?, ?, key, CASE type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE COALESCE(CAST(value AS TEXT), '') END
       FROM json_each(?, '$.account.traits')`,
    ),
    one: db.prepare('SELECT * FROM account_sightings WHERE environment_id = ? AND account_id = ?'),
    recent: db.prepare('SELECT * FROM account_sightings WHERE environment_id = ? AND seen_at >= ? ORDER BY seen_at DESC, account_id LIMIT ?'),
    // instr() on lower-cased ids: a plain substring match, with no LIKE wildcards to escape.
    search: db.prepare(
      `SELECT * FROM account_sightings WHERE environment_id = ? AND seen_at >= ? AND instr(lower(account_id), lower(?)) > 0
       ORDER BY instr(lower(account_id), lower(?)) = 1 DESC, seen_at DESC, account_id LIMIT ?`,
    ),
    all: db.prepare('SELECT * FROM account_sightings WHERE environment_id = ? AND seen_at >= ?'),
  };
  // An older sighting arriving late changes nothing, its traits included.
  const record = db.transaction((environmentId: string, s: AccountSighting, context: string) => {
    if (q.put.run(environmentId, s.accountId, s.userId, s.plan, context, JSON.stringify(s.state), s.seenAt).changes === 0) return;
    q.clearTraits.run(environmentId, s.accountId);
    q.putTraits.run(environmentId, s.accountId, context);
  });
  return {
    async recordSighting(environmentId, s) {
      const context = JSON.stringify(s.context);
      record(environmentId, s, context);
    },
    async recentAccounts(environmentId, { since, search, limit }) {
      const rows = search ? q.search.all(environmentId, since, search, search, limit) : q.recent.all(environmentId, since, limit);
      return (rows as SightingRow[]).map(toSighting);
    },
    async accountSighting(environmentId, accountId) {
      const row = q.one.get(environmentId, accountId) as SightingRow | undefined;
      return row ? toSighting(row) : null;
    },
    async eachSeenSince(environmentId, since, visit) {
      let n = 0;
      for (const row of q.all.iterate(environmentId, since) as IterableIterator<SightingRow>) {
        visit(toSighting(row));
        n++;
      }
      return n;
    },
  };
}
