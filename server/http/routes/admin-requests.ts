import { Hono } from 'hono';
import { AdminRequestInput, type AdminRequestResult } from '../../../shared/schemas/admin-request';
import type { AdminRequestedWebhook } from '../../../shared/schemas/webhook';
import { methodNotAllowed } from '../errors';
import { iso } from '../../infra/iso';
import { funnelAction, ruleForAction } from '../../services/live-rule';
import { jsonBody } from '../middleware/json-body';
import { maxBody } from '../middleware/max-body';
import { preflight } from '../middleware/preflight';
import { publishableKey, type KeyOptions, type PublicEnv } from '../middleware/publishable-key';
import type { Deliverer } from '../../services/webhooks/deliver';
import { newMessageId } from '../../services/webhooks/sign';

// Two 256-character ids and a 500-character note, each up to 4 bytes a character in UTF-8.
const MAX_BODY_BYTES = 8 * 1024;
/** A person asks their admins about a rule at most once a day, so one impatient click is not a flood. */
export const ADMIN_REQUEST_WINDOW_MS = 86_400_000;

/**
 * `POST /v1/admin-requests` (publishable key, allowed origins): "Ask your admin". A person who
 * cannot buy asks the account's admins for what a live rule offers; the host hears of it through
 * a signed `admin.requested` webhook, queued in the same transaction as the request. At most one
 * per account, person and rule per 24 hours: the first answers 202; a repeat within the window
 * answers 200 with the earlier request and sends nothing.
 */
export function adminRequestRoutes(keys: KeyOptions, clock: () => number, deliverer: Deliverer) {
  const { store } = keys;
  const app = new Hono<PublicEnv>();
  app.options('/', preflight(keys, 'POST, OPTIONS'));
  app.post(
    '/',
    publishableKey(keys),
    maxBody(MAX_BODY_BYTES, `A request to the admins may be at most ${MAX_BODY_BYTES} bytes`),
    jsonBody(AdminRequestInput, 'admin request'),
    async (c) => {
      const body = c.req.valid('json');
      const environmentId = c.get('environment').id;
      const now = clock();
      const rule = await ruleForAction(c, store, environmentId, now, body, 'admin request');
      const { accountId, userId, ruleId } = body;
      const role = body.role ?? null;
      const note = body.note ?? null;
      const webhook: AdminRequestedWebhook = { type: 'admin.requested', timestamp: iso(now), data: { accountId, userId, role, ruleId, offer: rule.offer, note } };
      const message = { id: newMessageId(), type: webhook.type, payload: JSON.stringify(webhook) };
      const action = funnelAction(rule, body, now);
      const stored = await store.requestAdmin(environmentId, { accountId, userId, ruleId, role, note }, now, now - ADMIN_REQUEST_WINDOW_MS, message, action);
      // Sent after the commit; a crash before it leaves the delivery pending for the next start.
      if (stored.created) deliverer.kick();
      c.header('Cache-Control', 'no-store');
      const result: AdminRequestResult = { request: { id: stored.request.id, createdAt: iso(stored.request.createdAt) }, created: stored.created };
      return c.json(result, stored.created ? 202 : 200);
    },
  );
  app.all('/', methodNotAllowed('POST', 'OPTIONS'));
  return app;
}
