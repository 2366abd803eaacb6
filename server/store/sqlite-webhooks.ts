import { endpointTakes } from '../services/webhook-filter';
import type Database from 'better-sqlite3';
import type { WebhookEndpoint, WebhookMessage } from './webhook-types';
import { type DeliveryRow, type EndpointRow, toDelivery, toEndpoint, type WebhookMethods } from './rows/webhooks';

/**
 * Webhook endpoints and the delivery queue over SQLite. `enqueue` is synchronous so that a
 * business write (a trial starting) can queue its webhook inside its own transaction.
 */
export function sqliteWebhooks(db: Database.Database): { enqueue(environmentId: string, message: WebhookMessage, at: number): boolean; methods: WebhookMethods } {
  const q = {
    endpoint: db.prepare('SELECT url, events, secret, created_at, updated_at FROM webhook_endpoints WHERE environment_id = ?'),
    insertEndpoint: db.prepare('INSERT INTO webhook_endpoints (environment_id, url, events, secret, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)'),
    updateEndpoint: db.prepare('UPDATE webhook_endpoints SET url = ?, events = ?, updated_at = ? WHERE environment_id = ?'),
    rotate: db.prepare('UPDATE webhook_endpoints SET secret = ?, updated_at = ? WHERE environment_id = ?'),
    insertDelivery: db.prepare(
      `INSERT INTO webhook_deliveries (id, environment_id, event_type, payload, attempts, status, next_attempt_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, 0, 'pending', ?, ?, ?)`,
    ),
    // Unclaimed, or claimed by a deliverer whose lease ran out.
    due: db.prepare(
      `SELECT * FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until <= @now)
       ORDER BY next_attempt_at, rowid LIMIT @limit`,
    ),
    claim: db.prepare('UPDATE webhook_deliveries SET claimed_by = ?, claimed_until = ? WHERE id = ?'),
    release: db.prepare(`UPDATE webhook_deliveries SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ? AND status = 'pending'`),
    // A claimed delivery is due again when its lease runs out, should its holder never report.
    nextDue: db
      .prepare(`SELECT MIN(MAX(next_attempt_at, COALESCE(claimed_until, next_attempt_at))) FROM webhook_deliveries WHERE status = 'pending'`)
      .pluck(),
    record: db.prepare(
      `UPDATE webhook_deliveries SET status = ?, attempts = ?, last_status = ?, last_error = ?, next_attempt_at = ?, updated_at = ?,
         claimed_by = NULL, claimed_until = NULL WHERE id = ?`,
    ),
    resend: db.prepare(
      `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ? WHERE environment_id = ? AND id = ? AND status = 'failed'`,
    ),
    one: db.prepare('SELECT * FROM webhook_deliveries WHERE environment_id = ? AND id = ?'),
    list: db.prepare('SELECT * FROM webhook_deliveries WHERE environment_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?'),
  };

  const getEndpoint = (environmentId: string): WebhookEndpoint | null => {
    const row = q.endpoint.get(environmentId) as EndpointRow | undefined;
    return row ? toEndpoint(row) : null;
  };

  const enqueue = (environmentId: string, message: WebhookMessage, at: number): boolean => {
    const endpoint = getEndpoint(environmentId);
    if (!endpointTakes(endpoint, message.type)) return false;
    q.insertDelivery.run(message.id, environmentId, message.type, message.payload, at, at, at);
    return true;
  };

  const put = db.transaction((environmentId: string, input: { url: string; events: string[] | null }, secret: string, at: number) => {
    const events = input.events === null ? null : JSON.stringify(input.events);
    const created = getEndpoint(environmentId) === null;
    if (created) q.insertEndpoint.run(environmentId, input.url, events, secret, at, at);
    else q.updateEndpoint.run(input.url, events, at, environmentId);
    return { created, endpoint: getEndpoint(environmentId)! };
  });

  return {
    enqueue,
    methods: {
      async getWebhookEndpoint(environmentId) {
        return getEndpoint(environmentId);
      },
      async putWebhookEndpoint(environmentId, input, secret, at) {
        return put.immediate(environmentId, input, secret, at);
      },
      async rotateWebhookSecret(environmentId, secret, at) {
        return q.rotate.run(secret, at, environmentId).changes > 0 ? getEndpoint(environmentId) : null;
      },
      async enqueueWebhook(environmentId, message, at) {
        return db.transaction(() => enqueue(environmentId, message, at)).immediate();
      },
      async claimDeliveries(now, limit, leaseUntil, claimant) {
        // Immediate: the write lock is taken before reading, so two processes over one file claim disjoint rows.
        const rows = db
          .transaction(() => {
            const due = q.due.all({ now, limit }) as DeliveryRow[];
            for (const r of due) q.claim.run(claimant, leaseUntil, r.id);
            return due;
          })
          .immediate();
        return rows.map(toDelivery);
      },
      async releaseClaims(claimant) {
        return q.release.run(claimant).changes;
      },
      async nextDeliveryAt() {
        return (q.nextDue.get() as number | null) ?? null;
      },
      async recordDeliveryAttempt(id, o, at) {
        q.record.run(o.status, o.attempts, o.lastStatus, o.lastError, o.nextAttemptAt, at, id);
      },
      async resendDelivery(environmentId, id, at) {
        const row = q.one.get(environmentId, id) as DeliveryRow | undefined;
        if (!row) return { outcome: 'not_found' };
        if (q.resend.run(at, at, environmentId, id).changes === 0) return { outcome: 'not_failed', delivery: toDelivery(row) };
        return { outcome: 'queued', delivery: toDelivery(q.one.get(environmentId, id) as DeliveryRow) };
      },
      async listDeliveries(environmentId, limit) {
        return (q.list.all(environmentId, limit) as DeliveryRow[]).map(toDelivery);
      },
    },
  };
}
