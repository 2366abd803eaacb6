import { Hono } from 'hono';
import { z } from 'zod';
import { WebhookEndpointInput, type WebhookDelivery, type WebhookEndpointView } from '../../shared/schemas/webhook';
import { ApiError, invalidInput, methodNotAllowed } from '../errors';
import { iso } from '../iso';
import { jsonBody } from '../middleware/json-body';
import { secretKey, type SecretEnv } from '../middleware/secret-key';
import type { Delivery, Store, WebhookEndpoint } from '../store/types';
import { destinationProblem, type DestinationPolicy } from '../webhooks/outbound';
import { newWebhookSecret } from '../webhooks/sign';

/** Enough of the secret to tell which one a host has configured, too little to sign with. */
const SECRET_PREFIX_CHARS = 12;
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

const view = (e: WebhookEndpoint): WebhookEndpointView => ({
  url: e.url,
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
export function webhookRoutes(store: Store, clock: () => number, destinations: DestinationPolicy) {
  const app = new Hono<SecretEnv>();
  // Per route rather than `use('*')`: a later `/v1/webhooks/stripe` authenticates by Stripe's signature.
  const auth = secretKey(store);
  app.get('/', auth, async (c) => {
    const endpoint = await store.getWebhookEndpoint(c.get('environment').id);
    return c.json({ webhook: endpoint ? view(endpoint) : null });
  });
  app.put('/', auth, jsonBody(WebhookEndpointInput, 'webhook endpoint'), async (c) => {
    const input = c.req.valid('json');
    const problem = await destinationProblem(input.url, destinations);
    if (problem) throw invalidInput([{ path: ['url'], message: problem }], 'webhook endpoint');
    const { created, endpoint } = await store.putWebhookEndpoint(
      c.get('environment').id,
      { url: input.url, events: input.events ?? null },
      newWebhookSecret(),
      clock(),
    );
    return c.json({ webhook: view(endpoint), secret: endpoint.secret }, created ? 201 : 200);
  });
  app.all('/', methodNotAllowed('GET', 'PUT'));
  app.post('/rotate', auth, async (c) => {
    const endpoint = await store.rotateWebhookSecret(c.get('environment').id, newWebhookSecret(), clock());
    if (!endpoint) throw new ApiError(404, 'webhook_not_configured', 'This environment has no webhook endpoint; create one with PUT /v1/webhooks');
    return c.json({ webhook: view(endpoint), secret: endpoint.secret });
  });
  app.all('/rotate', methodNotAllowed('POST'));
  app.get('/deliveries', auth, async (c) => {
    const raw = c.req.query('limit');
    const limit = raw === undefined ? { success: true as const, data: DEFAULT_LIMIT } : Limit.safeParse(raw);
    if (!limit.success) throw invalidInput([{ path: ['limit'], message: `must be a whole number from 1 to ${MAX_LIMIT}` }], 'query');
    const deliveries = await store.listDeliveries(c.get('environment').id, limit.data);
    return c.json({ deliveries: deliveries.map(deliveryView) });
  });
  app.all('/deliveries', methodNotAllowed('GET'));
  return app;
}
