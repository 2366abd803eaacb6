import { endpointTakes } from '../../services/webhook-filter';
import type { PgWebhookHooks } from './hooks';

/**
 * STAND-IN until h-money's webhooks module lands (issue 17): queues a message the way SQLite's
 * `sqliteWebhooks().enqueue` does, so readiness can be tested end to end. Replace with that
 * module's hook in store.ts, then delete this file.
 */
export function pgWebhookEnqueueStandIn(): PgWebhookHooks {
  return {
    async enqueue(sql, env, message, at) {
      const endpoint = await sql.one<{ events: string | null }>('SELECT events FROM webhook_endpoints WHERE environment_id = $1', [env]);
      if (!endpointTakes(endpoint ? { events: endpoint.events === null ? null : (JSON.parse(endpoint.events) as string[]) } : null, message.type)) return false;
      await sql.run(
        `INSERT INTO webhook_deliveries (id, environment_id, event_type, payload, attempts, status, next_attempt_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 0, 'pending', $5, $5, $5)`,
        [message.id, env, message.type, message.payload, at],
      );
      return true;
    },
  };
}
