import type { OriginActivity, WorkspaceStore } from '../workspace-types';
import type { PgDb } from './db';
import { toAuditRecord, type AuditRow } from '../rows/audit';

type AuditMethods = Pick<WorkspaceStore, 'appendAudit' | 'listAudit' | 'recordOriginActivity' | 'originActivity'>;

/**
 * One row per (environment, origin, minute) with the counts summed: a single upsert may not touch
 * a row twice, and sorted keys make two concurrent batches lock rows in the same order.
 */
function merged(rows: readonly OriginActivity[]): OriginActivity[] {
  const byKey = new Map<string, OriginActivity>();
  for (const a of rows) {
    const key = JSON.stringify([a.environmentId, a.origin, a.minute]);
    const seen = byKey.get(key);
    if (seen) {
      seen.configFetches += a.configFetches;
      seen.events += a.events;
    } else byKey.set(key, { ...a });
  }
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return [...byKey.values()].sort((x, y) => cmp(x.environmentId, y.environmentId) || cmp(x.origin, y.origin) || x.minute - y.minute);
}

/** The append-only audit log (triggers refuse UPDATE and DELETE, see migration 1) and per-origin activity, over PostgreSQL. */
export function pgAudit(db: PgDb): AuditMethods {
  return {
    async appendAudit(e) {
      const row = await db.one<{ id: number }>(
        `INSERT INTO audit_log (at, actor_type, actor_id, actor_label, environment_id, kind, action, target, changes, ip)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [e.at, e.actor.type, e.actor.id, e.actor.label, e.environmentId, e.kind, e.action, e.target, JSON.stringify(e.changes), e.ip],
      );
      return { ...e, id: row!.id };
    },
    async listAudit(f) {
      const rows = await db.all<AuditRow>(
        `SELECT * FROM audit_log
         WHERE ($1::text IS NULL OR actor_id = $1) AND ($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR environment_id = $3)
           AND ($4::bigint IS NULL OR at >= $4) AND ($5::bigint IS NULL OR at <= $5) AND ($6::bigint IS NULL OR id < $6)
         ORDER BY id DESC LIMIT $7`,
        [f.actor ?? null, f.kind ?? null, f.environment ?? null, f.from ?? null, f.to ?? null, f.before ?? null, f.limit],
      );
      return rows.map(toAuditRecord);
    },
    async recordOriginActivity(rows) {
      if (!rows.length) return;
      const all = merged(rows);
      await db.run(
        `INSERT INTO origin_activity AS t (environment_id, origin, minute, config_fetches, events)
         SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[])
         ON CONFLICT (environment_id, origin, minute)
         DO UPDATE SET config_fetches = t.config_fetches + excluded.config_fetches, events = t.events + excluded.events`,
        [all.map((a) => a.environmentId), all.map((a) => a.origin), all.map((a) => a.minute), all.map((a) => a.configFetches), all.map((a) => a.events)],
      );
    },
    async originActivity(environmentId, window) {
      const rows = await db.all<{ origin: string; last_config: number | null; events: number | null }>(
        `SELECT origin, MAX(CASE WHEN config_fetches > 0 THEN minute END) AS last_config,
                SUM(CASE WHEN minute >= $2 THEN events ELSE 0 END) AS events
         FROM origin_activity WHERE environment_id = $1 AND minute >= $3
         GROUP BY origin ORDER BY MAX(minute) DESC, origin LIMIT $4`,
        [environmentId, window.eventsSince, window.seenSince, window.limit],
      );
      return rows.map((r) => ({ origin: r.origin, lastConfigMinute: r.last_config, events: r.events ?? 0 }));
    },
  };
}
