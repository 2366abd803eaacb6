import type { Sql } from './db';

/**
 * Takes a transaction-scoped advisory lock on one account for one kind of write (`scope`), so
 * read-modify-write sequences of the same account on several connections or nodes run one after
 * the other; released at commit or rollback. Taken before the sequence's first read, which under
 * READ COMMITTED then sees what the previous holder committed.
 */
export async function lockAccount(sql: Sql, scope: 'exposure' | 'revenue' | 'readiness', env: string, accountId: string): Promise<void> {
  // JSON keeps the parts apart whatever they contain (a text parameter may not hold a NUL byte).
  await sql.one('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [JSON.stringify([scope, env, accountId])]);
}
