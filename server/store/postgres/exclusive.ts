import type { Exclusive, ExclusiveRun } from '../exclusive';
import type { PgDb } from './db';

/**
 * Background jobs on one node at a time across every node of a database: a run holds a session
 * advisory lock on a client of its own for as long as it lasts. `pg_try_advisory_lock` never waits,
 * so a node that finds the job running skips it. A node that dies mid-run loses its session, and the
 * lock with it, so the job is never stuck.
 */
export function pgExclusive(db: PgDb): Exclusive {
  return {
    async runExclusive<T>(name: string, fn: () => Promise<T>): Promise<ExclusiveRun<T>> {
      const key = `upshift:job:${name}`;
      const client = await db.pool.connect();
      let broken = false;
      // Held outside any query for the whole run: when its server session ends (a restart, a
      // terminated backend) the error arrives here rather than as an unhandled 'error' event. The
      // run then goes on unguarded; roll-up steps take their own transaction lock besides.
      const lost = () => {
        broken = true;
      };
      client.on('error', lost);
      try {
        const got = (await client.query<{ got: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS got', [key])).rows[0]?.got;
        if (!got) return { status: 'skipped' };
        try {
          return { status: 'ran', value: await fn() };
        } finally {
          try {
            await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]);
          } catch {
            // The session is in doubt: dropping the connection is what surely ends the lock.
            broken = true;
          }
        }
      } finally {
        client.off('error', lost);
        client.release(broken);
      }
    },
  };
}
