import type { Event } from '../../../shared/schemas/event';
import { eventRow } from '../rows/events';
import type { Store } from '../types';
import type { PgDb } from './db';
import type { PgExposureHooks, PgFunnelHooks } from './hooks';
import { storableText } from './text';
import { lockExposureAccounts } from './exposure-hooks';

type EventMethods = Pick<Store, 'insertEvents'>;

/**
 * The whole batch in one statement, one array per column, inserted in the order sent (ORDER BY the
 * ordinal) so the first of two exposures of a person, rule and day is the one kept, as in SQLite.
 * Any unique index makes a row a duplicate: the event id, and the exposure-per-person-per-day one.
 */
const INSERT_BATCH = `INSERT INTO events
  (environment_id, event_id, type, user_id, account_id, rule_id, tier, variant, surface, config_version, name, props, reason, note, occurred_at, received_at)
  SELECT $1, id, type, user_id, account_id, rule_id, tier, variant, surface, config_version, name, props, reason, note, occurred_at, $2
  FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::bigint[],
              $12::text[], $13::text[], $14::text[], $15::text[], $16::bigint[])
    WITH ORDINALITY AS b(id, type, user_id, account_id, rule_id, tier, variant, surface, config_version, name, props, reason, note, occurred_at, n)
  ORDER BY n
  ON CONFLICT DO NOTHING
  RETURNING event_id`;

/** `eventRow`'s fields in the order of INSERT_BATCH's arrays ($3…$16). */
const COLUMNS = ['id', 'type', 'userId', 'accountId', 'ruleId', 'tier', 'variant', 'surface', 'configVersion', 'name', 'props', 'reason', 'note', 'at'] as const;

/**
 * Event ingest over PostgreSQL. The hooks write the funnel and exposure counters in the batch's own
 * transaction, with the events actually stored, in the order sent.
 */
export function pgEvents(db: PgDb, funnel: PgFunnelHooks, exposure: PgExposureHooks): EventMethods {
  return {
    async insertEvents(environmentId, events, receivedAt) {
      const rows = events.map((e) => eventRow(environmentId, e, receivedAt));
      const columns = COLUMNS.map((c) => rows.map((r) => (c === 'note' && typeof r[c] === 'string' ? storableText(r[c]) : (r[c] ?? null))));
      return db.tx(async (sql) => {
        // A concurrent batch holding one of these ids makes this wait for its commit, then skip the id.
        const inserted = await sql.all<{ event_id: string }>(INSERT_BATCH, [environmentId, receivedAt, ...columns]);
        const fresh = new Set(inserted.map((r) => r.event_id));
        // An id sent twice in one batch was stored by its first copy (inserted first); the rest are duplicates.
        const stored: Event[] = [];
        // The exposed accounts' cohort locks in one order first, so batches naming them in other orders wait rather than deadlock.
        await lockExposureAccounts(sql, environmentId, events.flatMap((e) => (e.type === 'exposure' && fresh.has(e.id) ? [e.accountId] : [])));
        for (const [i, e] of events.entries()) {
          if (!fresh.delete(e.id)) continue;
          stored.push(e);
          if (e.type === 'exposure') await exposure.exposed(sql, environmentId, e, rows[i]!.at as number);
        }
        await funnel.events(sql, environmentId, stored, receivedAt);
        return { accepted: stored.length, duplicates: events.length - stored.length };
      });
    },
  };
}
