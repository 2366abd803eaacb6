import type Database from 'better-sqlite3';
import type { WorkspaceStore } from './workspace-types';
import { toAuditRecord, type AuditRow } from './rows/audit';

type AuditMethods = Pick<WorkspaceStore, 'appendAudit' | 'listAudit' | 'recordOriginActivity' | 'originActivity'>;

/** The append-only audit log (triggers refuse UPDATE and DELETE) and per-origin activity, over SQLite. */
export function sqliteAudit(db: Database.Database): AuditMethods {
  const q = {
    insert: db.prepare(
      `INSERT INTO audit_log (at, actor_type, actor_id, actor_label, environment_id, kind, action, target, changes, ip)
       VALUES (@at, @actor_type, @actor_id, @actor_label, @environment_id, @kind, @action, @target, @changes, @ip)`,
    ),
    list: db.prepare(
      `SELECT * FROM audit_log
       WHERE (@actor IS NULL OR actor_id = @actor) AND (@kind IS NULL OR kind = @kind) AND (@env IS NULL OR environment_id = @env)
         AND (@from IS NULL OR at >= @from) AND (@to IS NULL OR at <= @to) AND (@before IS NULL OR id < @before)
       ORDER BY id DESC LIMIT @limit`,
    ),
    activity: db.prepare(
      `INSERT INTO origin_activity (environment_id, origin, minute, config_fetches, events) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (environment_id, origin, minute) DO UPDATE SET config_fetches = config_fetches + excluded.config_fetches, events = events + excluded.events`,
    ),
    perOrigin: db.prepare(
      `SELECT origin, MAX(CASE WHEN config_fetches > 0 THEN minute END) AS last_config,
              SUM(CASE WHEN minute >= @eventsSince THEN events ELSE 0 END) AS events
       FROM origin_activity WHERE environment_id = @env AND minute >= @seenSince
       GROUP BY origin ORDER BY MAX(minute) DESC, origin LIMIT @limit`,
    ),
  };
  const recordActivity = db.transaction((rows: Parameters<WorkspaceStore['recordOriginActivity']>[0]) => {
    for (const a of rows) q.activity.run(a.environmentId, a.origin, a.minute, a.configFetches, a.events);
  });
  return {
    async appendAudit(e) {
      const info = q.insert.run({
        at: e.at,
        actor_type: e.actor.type,
        actor_id: e.actor.id,
        actor_label: e.actor.label,
        environment_id: e.environmentId,
        kind: e.kind,
        action: e.action,
        target: e.target,
        changes: JSON.stringify(e.changes),
        ip: e.ip,
      });
      return { ...e, id: Number(info.lastInsertRowid) };
    },
    async listAudit(f) {
      const rows = q.list.all({
        actor: f.actor ?? null,
        kind: f.kind ?? null,
        env: f.environment ?? null,
        from: f.from ?? null,
        to: f.to ?? null,
        before: f.before ?? null,
        limit: f.limit,
      }) as AuditRow[];
      return rows.map(toAuditRecord);
    },
    async recordOriginActivity(rows) {
      if (rows.length) recordActivity.immediate(rows);
    },
    async originActivity(environmentId, window) {
      const rows = q.perOrigin.all({ env: environmentId, ...window }) as { origin: string; last_config: number | null; events: number | null }[];
      return rows.map((r) => ({ origin: r.origin, lastConfigMinute: r.last_config, events: r.events ?? 0 }));
    },
  };
}
