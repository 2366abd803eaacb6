import { TEST_WEBHOOK_TYPE } from '../../shared/schemas/webhook';

/**
 * Whether an endpoint takes a message of `type`: one that chose no event types takes them all, and
 * the console's test message reaches any endpoint. No endpoint, no delivery.
 */
export function endpointTakes(endpoint: { events: readonly string[] | null } | null, type: string): boolean {
  if (!endpoint) return false;
  return type === TEST_WEBHOOK_TYPE || endpoint.events === null || endpoint.events.includes(type);
}
