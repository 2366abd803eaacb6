import { endpointTakes } from '../../services/webhook-filter';
import type { WebhookEndpoint } from '../webhook-types';
import { type DeliveryRow as BaseDeliveryRow, type EndpointRow, toDelivery, toEndpoint, type WebhookMethods } from '../rows/webhooks';
import type { PgDb, Sql } from './db';
import type { PgWebhookHooks } from './hooks';

/** PostgreSQL's deliveries carry `seq`, the insertion order that breaks ties when claiming and listing. */
interface DeliveryRow extends BaseDeliveryRow {
  seq: number;
}

const ENDPOINT = 'SELECT url, events, secret, created_at, updated_at FROM webhook_endpoints WHERE environment_id = $1';
const DELIVERY = 'SELECT * FROM webhook_deliveries WHERE environment_id = $1 AND id = $2';

/**
 * Rows due by $1 that nobody holds (or whose holder's lease ran out), locked as they are picked:
 * SKIP LOCKED passes over rows another node is claiming this instant, so two nodes claim disjoint
 * sets without waiting on each other. A row re-checked after a concurrent claim committed no
 * longer qualifies (READ COMMITTED re-evaluates the locked row), so it is never claimed twice.
 */
const CLAIM = `UPDATE webhook_deliveries SET claimed_by = $4, claimed_until = $3
  WHERE id IN (
    SELECT id FROM webhook_deliveries
    WHERE status = 'pending' AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1)
    ORDER BY next_attempt_at, seq LIMIT $2
    FOR UPDATE SKIP LOCKED)
  RETURNING *`;

/** Webhook endpoints and the delivery outbox over PostgreSQL; `hooks.enqueue` queues inside another module's transaction. */
export function pgWebhooks(db: PgDb): { hooks: PgWebhookHooks; methods: WebhookMethods } {
  const getEndpoint = async (sql: Sql, environmentId: string): Promise<WebhookEndpoint | null> => {
    const row = await sql.one<EndpointRow>(ENDPOINT, [environmentId]);
    return row ? toEndpoint(row) : null;
  };

  const hooks: PgWebhookHooks = {
    async enqueue(sql, environmentId, message, at) {
      if (!endpointTakes(await getEndpoint(sql, environmentId), message.type)) return false;
      await sql.run(
        `INSERT INTO webhook_deliveries (id, environment_id, event_type, payload, attempts, status, next_attempt_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 0, 'pending', $5, $5, $5)`,
        [message.id, environmentId, message.type, message.payload, at],
      );
      return true;
    },
  };

  return {
    hooks,
    methods: {
      async getWebhookEndpoint(environmentId) {
        return getEndpoint(db, environmentId);
      },
      async putWebhookEndpoint(environmentId, input, secret, at) {
        // One statement, so two saves at once cannot both create; an update keeps the secret the host trusts.
        const row = await db.one<EndpointRow & { created: boolean }>(
          `INSERT INTO webhook_endpoints (environment_id, url, events, secret, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)
           ON CONFLICT (environment_id) DO UPDATE SET url = excluded.url, events = excluded.events, updated_at = excluded.updated_at
           RETURNING url, events, secret, created_at, updated_at, (xmax = 0) AS created`,
          [environmentId, input.url, input.events === null ? null : JSON.stringify(input.events), secret, at],
        );
        return { created: row!.created, endpoint: toEndpoint(row!) };
      },
      async rotateWebhookSecret(environmentId, secret, at) {
        const row = await db.one<EndpointRow>(
          'UPDATE webhook_endpoints SET secret = $1, updated_at = $2 WHERE environment_id = $3 RETURNING url, events, secret, created_at, updated_at',
          [secret, at, environmentId],
        );
        return row ? toEndpoint(row) : null;
      },
      async enqueueWebhook(environmentId, message, at) {
        return db.tx((sql) => hooks.enqueue(sql, environmentId, message, at));
      },
      async claimDeliveries(now, limit, leaseUntil, claimant) {
        const rows = await db.all<DeliveryRow>(CLAIM, [now, limit, leaseUntil, claimant]);
        // RETURNING keeps no order: oldest due first, as queued.
        rows.sort((a, b) => (a.next_attempt_at ?? 0) - (b.next_attempt_at ?? 0) || a.seq - b.seq);
        return rows.map(toDelivery);
      },
      async releaseClaims(claimant) {
        return db.run(`UPDATE webhook_deliveries SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = $1 AND status = 'pending'`, [claimant]);
      },
      async nextDeliveryAt() {
        const row = await db.one<{ at: number | null }>(
          `SELECT MIN(GREATEST(next_attempt_at, claimed_until)) AS at FROM webhook_deliveries WHERE status = 'pending'`,
        );
        return row?.at ?? null;
      },
      async recordDeliveryAttempt(id, o, at) {
        await db.run(
          `UPDATE webhook_deliveries SET status = $1, attempts = $2, last_status = $3, last_error = $4, next_attempt_at = $5, updated_at = $6,
             claimed_by = NULL, claimed_until = NULL WHERE id = $7`,
          [o.status, o.attempts, o.lastStatus, o.lastError, o.nextAttemptAt, at, id],
        );
      },
      async resendDelivery(environmentId, id, at) {
        return db.tx(async (sql) => {
          const row = await sql.one<DeliveryRow>(`${DELIVERY} FOR UPDATE`, [environmentId, id]);
          if (!row) return { outcome: 'not_found' as const };
          const sent = await sql.one<DeliveryRow>(
            `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = $1, updated_at = $1
             WHERE environment_id = $2 AND id = $3 AND status = 'failed' RETURNING *`,
            [at, environmentId, id],
          );
          return sent ? { outcome: 'queued' as const, delivery: toDelivery(sent) } : { outcome: 'not_failed' as const, delivery: toDelivery(row) };
        });
      },
      async listDeliveries(environmentId, limit) {
        const rows = await db.all<DeliveryRow>('SELECT * FROM webhook_deliveries WHERE environment_id = $1 ORDER BY created_at DESC, seq DESC LIMIT $2', [
          environmentId,
          limit,
        ]);
        return rows.map(toDelivery);
      },
    },
  };
}
