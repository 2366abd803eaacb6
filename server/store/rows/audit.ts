import type { Actor, Change } from '../../../shared/schemas/admin';
import type { AuditRecord } from '../workspace-types';

/* A row of `audit_log` and its mapper, shared by both stores: the columns are the same in SQLite and PostgreSQL. */

export interface AuditRow {
  id: number;
  at: number;
  actor_type: Actor['type'];
  actor_id: string | null;
  actor_label: string;
  environment_id: string | null;
  kind: string;
  action: string;
  target: string | null;
  changes: string;
  ip: string | null;
}

export const toAuditRecord = (r: AuditRow): AuditRecord => ({
  id: r.id,
  at: r.at,
  actor: { type: r.actor_type, id: r.actor_id, label: r.actor_label },
  environmentId: r.environment_id,
  kind: r.kind,
  action: r.action,
  target: r.target,
  changes: JSON.parse(r.changes) as Change[],
  ip: r.ip,
});
