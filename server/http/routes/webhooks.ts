import { Hono } from 'hono';
import { z } from 'zod';
import { TEST_WEBHOOK_TYPE, WebhookEndpointInput, type TestWebhook, type WebhookDelivery, type WebhookEndpointView } from '../../../shared/schemas/webhook';
import { ApiError, invalidInput, methodNotAllowed } from '../errors';
import { iso } from '../../infra/iso';
import { jsonBody } from '../middleware/json-body';
import type { Role } from '../../../shared/schemas/admin';
import { withoutCredentials } from '../../services/audit';
import type { ScopedDeps, ScopedEnv } from '../middleware/access';
import type { Delivery, WebhookEndpoint } from '../../store/webhook-types';
import type { Deliverer } from '../../services/webhooks/deliver';
import { destinationProblem, type DestinationPolicy } from '../../services/webhooks/outbound';
import { newMessageId, newWebhookSecret } from '../../services/webhooks/sign';

/** Enough of the secret to tell which one a host has configured, too little to sign with. */
const SECRET_PREFIX_CHARS = 12;
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

/**
 * The endpoint as answered. A receiver's `user:password` in the URL is a secret: a secret key and
 * an owner (who set it, and may edit it) read the URL as stored; other roles see it masked.
 */
const view = (e: WebhookEndpoint, role: Role | null): WebhookEndpointView => ({
  url: role === null || role === 'owner' ? e.url : withoutCredentials(e.url),
  events: e.events as WebhookEndpointView['events'],
  secretPrefix: e.secret.slice(0, SECRET_PREFIX_CHARS),
  createdAt: iso(e.createdAt),
  updatedAt: iso(e.updatedAt),
});

const deliveryView = (d: Delivery): WebhookDelivery => ({
  id: d.id,
  type: d.type as WebhookDelivery['type'],
  status: d.status,
  attempts: d.attempts,
  lastStatus: d.lastStatus,
  lastError: d.lastError,
  nextAttemptAt: d.nextAttemptAt === null ? null : iso(d.nextAttemptAt),
  createdAt: iso(d.createdAt),
  updatedAt: iso(d.updatedAt),
  payload: JSON.parse(d.payload) as unknown,
});

const Limit = z.coerce.number().int().min(1).max(MAX_LIMIT);

/**
 * `GET|PUT /v1/webhooks`, `POST /v1/webhooks/rotate`, `GET /v1/webhooks/deliveries` (secret key):
 * the environment's one webhook endpoint and its delivery log. The signing secret is made on the
 * first PUT and answered only by PUT and rotate; GET shows its prefix. A URL that points inside
 * the network (by address, or by a name resolving there) is refused unless `destinations` allows it.
 */
export function webhookRoutes({ store, clock, access, audit }: ScopedDeps, destinations: DestinationPolicy, deliverer: Deliverer) {
  const app = new Hono<ScopedEnv>();
  // Per route rather than `use('*')`: a later `/v1/webhooks/stripe` authenticates by Stripe's signature.
  app.get('/', access('read'), async (c) => {
    const endpoint = await store.getWebhookEndpoint(c.get('environment').id);
    return c.json({ webhook: endpoint ? view(endpoint, c.get('role')) : null });
  });
  app.put('/', access('manage'), jsonBody(WebhookEndpointInput, 'webhook endpoint'), async (c) => {
    const input = c.req.valid('json');
    const problem = await destinationProblem(input.url, destinations);
    if (problem) throw invalidInput([{ path: ['url'], message: problem }], 'webhook endpoint');
    const envId = c.get('environment').id;
    const before = await store.getWebhookEndpoint(envId);
    const { created, endpoint } = await store.putWebhookEndpoint(
      envId,
      { url: input.url, events: input.events ?? null },
      newWebhookSecret(),
      clock(),
    );
    await audit(c, { kind: 'webhook', action: created ? 'webhook.created' : 'webhook.updated', environmentId: envId, target: withoutCredentials(endpoint.url), before: before ? { url: before.url, events: before.events } : undefined, after: { url: endpoint.url, events: endpoint.events, ...(created ? { secret: endpoint.secret } : {}) } });
    // The console is shown the secret once, when it is made; a secret key reads it back, as it always has.
    const reveal = created || c.get('actor').type === 'key';
    return c.json({ webhook: view(endpoint, c.get('role')), ...(reveal ? { secret: endpoint.secret } : {}) }, created ? 201 : 200);
  });
  app.all('/', methodNotAllowed('GET', 'PUT'));
  app.post('/rotate', access('manage'), async (c) => {
    const envId = c.get('environment').id;
    const endpoint = await store.rotateWebhookSecret(envId, newWebhookSecret(), clock());
    if (!endpoint) throw new ApiError(404, 'webhook_not_configured', 'This environment has no webhook endpoint; create one with PUT /v1/webhooks');
    await audit(c, { kind: 'secret', action: 'webhook.secret_rotated', environmentId: envId, target: withoutCredentials(endpoint.url), changes: [{ path: 'secret', before: 'old', after: 'new' }] });
    return c.json({ webhook: view(endpoint, c.get('role')), secret: endpoint.secret });
  });
  app.all('/rotate', methodNotAllowed('POST'));
  app.get('/deliveries', access('read'), async (c) => {
    const raw = c.req.query('limit');
    const limit = raw === undefined ? { success: true as const, data: DEFAULT_LIMIT } : Limit.safeParse(raw);
    if (!limit.success) throw invalidInput([{ path: ['limit'], message: `must be a whole number from 1 to ${MAX_LIMIT}` }], 'query');
    const deliveries = await store.listDeliveries(c.get('environment').id, limit.data);
    return c.json({ deliveries: deliveries.map(deliveryView) });
  });
  app.all('/deliveries', methodNotAllowed('GET'));

  /** Queues a `webhook.test` event for the endpoint, whatever event types it takes, and sends it at once. */
  app.post('/test', access('manage'), async (c) => {
    const envId = c.get('environment').id;
    const now = clock();
    const body: TestWebhook = { type: TEST_WEBHOOK_TYPE, timestamp: iso(now), data: { environmentId: envId, message: 'A test event sent from Upshift; nothing happened.' } };
    const id = newMessageId();
    if (!(await store.enqueueWebhook(envId, { id, type: TEST_WEBHOOK_TYPE, payload: JSON.stringify(body) }, now))) {
      throw new ApiError(404, 'webhook_not_configured', 'This environment has no webhook endpoint; create one with PUT /v1/webhooks');
    }
    deliverer.kick();
    await audit(c, { kind: 'webhook', action: 'webhook.test_sent', environmentId: envId, target: id });
    return c.json({ id }, 202);
  });
  app.all('/test', methodNotAllowed('POST'));

  /** Sends a failed delivery again, from its first attempt. */
  app.post('/deliveries/:id/resend', access('manage'), async (c) => {
    const envId = c.get('environment').id;
    const result = await store.resendDelivery(envId, c.req.param('id'), clock());
    if (result.outcome === 'not_found') throw new ApiError(404, 'not_found', `No delivery "${c.req.param('id')}"`);
    if (result.outcome === 'not_failed') throw new ApiError(409, 'delivery_not_failed', `Delivery ${result.delivery.id} is ${result.delivery.status}; only a failed delivery is sent again`);
    deliverer.kick();
    await audit(c, { kind: 'webhook', action: 'webhook.delivery_resent', environmentId: envId, target: result.delivery.id });
    return c.json({ delivery: deliveryView(result.delivery) }, 202);
  });
  app.all('/deliveries/:id/resend', methodNotAllowed('POST'));
  return app;
}
