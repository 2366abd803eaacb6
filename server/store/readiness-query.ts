import type { ReadinessCursor, ReadinessFilter, ReadinessSort } from './readiness-types';

// The readiness list's WHERE and ORDER BY for both stores, with `?` placeholders (PostgreSQL's
// caller numbers them with `numbered`). Only the substring test differs by dialect, so each store
// passes its own as `contains`.

/** Each sort's column, and its direction: ties by account id go the same way, so one index serves both directions. */
const ORDER: Record<ReadinessSort, { column: 'score' | 'updated_at' | null; desc: boolean }> = {
  score: { column: 'score', desc: false },
  '-score': { column: 'score', desc: true },
  account: { column: null, desc: false },
  '-account': { column: null, desc: true },
  updated: { column: 'updated_at', desc: false },
  '-updated': { column: 'updated_at', desc: true },
};

/** ORDER BY, and the keyset condition for the rows after `after` (a page reads on from its last row, never by offset). */
function ordering(sort: ReadinessSort, after: ReadinessCursor | undefined): { orderBy: string; seek: { sql: string; params: unknown[] } | null } {
  const { column, desc } = ORDER[sort];
  const dir = desc ? ' DESC' : '';
  const orderBy = column ? `${column}${dir}, account_id${dir}` : `account_id${dir}`;
  if (!after) return { orderBy, seek: null };
  const cmp = desc ? '<' : '>';
  if (!column) return { orderBy, seek: { sql: `account_id ${cmp} ?`, params: [after.accountId] } };
  return { orderBy, seek: { sql: `(${column}, account_id) ${cmp} (?, ?)`, params: [column === 'score' ? after.score : after.updatedAt, after.accountId] } };
}

/** A dialect's test that `account_id` holds one `?` parameter, case-insensitively, as plain text (no wildcards). */
export type ContainsSql = string;

/** The WHERE clause and its parameters; `bands: false` leaves the band and fix-first filters out (for the per-band counts). */
export function readinessWhere(contains: ContainsSql, environmentId: string, f: ReadinessFilter, bands = true): { sql: string; params: unknown[] } {
  const parts = ['environment_id = ?'];
  const params: unknown[] = [environmentId];
  const add = (sql: string, ...values: unknown[]) => {
    parts.push(sql);
    params.push(...values);
  };
  if (bands && f.band !== undefined) add('band = ?', f.band);
  if (bands && f.fixFirst !== undefined) add('fix_first = ?', f.fixFirst ? 1 : 0);
  if (f.plan !== undefined) add('plan = ?', f.plan);
  if (f.minScore !== undefined) add('score >= ?', f.minScore);
  if (f.q !== undefined && f.q !== '') add(contains, f.q);
  return { sql: parts.join(' AND '), params };
}

/** WHERE and ORDER BY of a filtered list in `sort` order, from right after `after` when given. */
export function readinessListed(
  contains: ContainsSql,
  environmentId: string,
  filter: ReadinessFilter,
  sort: ReadinessSort,
  after: ReadinessCursor | undefined,
): { sql: string; params: unknown[] } {
  const w = readinessWhere(contains, environmentId, filter);
  const { orderBy, seek } = ordering(sort, after);
  return { sql: `WHERE ${seek ? `${w.sql} AND ${seek.sql}` : w.sql} ORDER BY ${orderBy}`, params: [...w.params, ...(seek?.params ?? [])] };
}
