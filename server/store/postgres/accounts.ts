import type { AccountStore } from '../account-types';
import { toSighting, type SightingRow } from '../rows/accounts';
import type { PgDb } from './db';
import { storableText } from './text';

/** Accounts read per round trip by `eachSeenSince`: memory stays bounded however many were seen. */
export const SIGHTING_PAGE = 500;

const q = {
  // Locks the account's row until commit, so two nodes' sightings of one account write its traits in turn.
  put: `INSERT INTO account_sightings (environment_id, account_id, user_id, plan, context, state, seen_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
    ON CONFLICT (environment_id, account_id) DO UPDATE SET user_id = excluded.user_id, plan = excluded.plan, context = excluded.context, state = excluded.state, seen_at = excluded.seen_at
    WHERE excluded.seen_at >= account_sightings.seen_at`,
  clearTraits: 'DELETE FROM account_traits WHERE environment_id = $1 AND account_id = $2',
  putTraits: `INSERT INTO account_traits (environment_id, account_id, name, value)
    SELECT $1, $2, name, value FROM unnest($3::text[], $4::text[]) AS t(name, value)`,
  one: 'SELECT * FROM account_sightings WHERE environment_id = $1 AND account_id = $2',
  recent: 'SELECT * FROM account_sightings WHERE environment_id = $1 AND seen_at >= $2 ORDER BY seen_at DESC, account_id LIMIT $3',
  // strpos() on lower-cased ids: a plain substring match, with no LIKE wildcards to escape. The
  // search is lowered under "C" too: only ASCII letters change case, as in SQLite's lower().
  search: `SELECT * FROM account_sightings WHERE environment_id = $1 AND seen_at >= $2 AND strpos(lower(account_id), lower($3 COLLATE "C")) > 0
    ORDER BY strpos(lower(account_id), lower($3 COLLATE "C")) = 1 DESC, seen_at DESC, account_id LIMIT $4`,
  // Keyset paging along the primary key: each account once, even while sightings are being written.
  page: `SELECT * FROM account_sightings WHERE environment_id = $1 AND seen_at >= $2 AND account_id > $3 ORDER BY account_id LIMIT ${SIGHTING_PAGE}`,
};

/**
 * A trait's text as SQLite's migration 23 and `sqliteAccounts` store it (json_each, then CAST AS
 * TEXT): booleans as words, null as "", and a number in exponent form as SQLite prints a real
 * ("1.0e+21", "1.0e-07"), so segments read the same on both stores. U+0000 cannot be stored (see text.ts).
 */
export function traitText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'number') return storableText(String(value));
  const text = JSON.stringify(value);
  const m = /^(-?\d+)(\.\d+)?e([+-])(\d+)$/.exec(text);
  return m ? `${m[1]}${m[2] ?? '.0'}e${m[3]}${m[4]!.padStart(2, '0')}` : text;
}

/** Account sightings over PostgreSQL: one row per account, replaced by each later `POST /v1/state`. */
export function pgAccounts(db: PgDb): AccountStore {
  return {
    async recordSighting(environmentId, s) {
      const traits = Object.entries(s.context.account.traits ?? {});
      await db.tx(async (sql) => {
        // An older sighting arriving late changes nothing, its traits included.
        if ((await sql.run(q.put, [environmentId, s.accountId, s.userId, s.plan, JSON.stringify(s.context), JSON.stringify(s.state), s.seenAt])) === 0) return;
        await sql.run(q.clearTraits, [environmentId, s.accountId]);
        if (traits.length > 0) await sql.run(q.putTraits, [environmentId, s.accountId, traits.map(([k]) => k), traits.map(([, v]) => traitText(v))]);
      });
    },
    async recentAccounts(environmentId, { since, search, limit }) {
      const rows = search ? await db.all<SightingRow>(q.search, [environmentId, since, search, limit]) : await db.all<SightingRow>(q.recent, [environmentId, since, limit]);
      return rows.map(toSighting);
    },
    async accountSighting(environmentId, accountId) {
      const row = await db.one<SightingRow>(q.one, [environmentId, accountId]);
      return row ? toSighting(row) : null;
    },
    async eachSeenSince(environmentId, since, visit) {
      let n = 0;
      // '' sorts before every id under "C", so the first page starts at the beginning.
      for (let after = ''; ; ) {
        const rows = await db.all<SightingRow>(q.page, [environmentId, since, after]);
        for (const row of rows) visit(toSighting(row));
        n += rows.length;
        if (rows.length < SIGHTING_PAGE) return n;
        after = rows.at(-1)!.account_id;
      }
    },
  };
}
