import { Hono } from 'hono';
import type { Rule } from '../../../shared/schemas/rule';
import { TrialRequest, type TrialResult } from '../../../shared/schemas/trial';
import type { TrialStartedWebhook } from '../../../shared/schemas/webhook';
import { ApiError, methodNotAllowed } from '../errors';
import { iso } from '../../infra/iso';
import { funnelAction, ruleForAction } from '../../services/live-rule';
import { jsonBody } from '../middleware/json-body';
import { maxBody } from '../middleware/max-body';
import { preflight } from '../middleware/preflight';
import { publishableKey, type KeyOptions, type PublicEnv } from '../middleware/publishable-key';
import type { Deliverer } from '../../services/webhooks/deliver';
import { newMessageId } from '../../services/webhooks/sign';

const MAX_BODY_BYTES = 4 * 1024;
const DAY_MS = 86_400_000;

/** The rule's trial offer, or the 409 that says why this rule cannot start a trial of `feature`. */
function trialOffer(rule: Rule, feature: string): { feature: string; days: number } {
  const offer = rule.offer;
  if (offer.type !== 'trial') throw new ApiError(409, 'not_a_trial', `Rule "${rule.id}" offers ${offer.type}, not a trial`);
  if (offer.feature !== feature) {
    throw new ApiError(409, 'feature_mismatch', `Rule "${rule.id}" offers a trial of "${offer.feature}", not "${feature}"`, { offered: offer.feature });
  }
  return offer;
}

/**
 * `POST /v1/trials` (publishable key, allowed origins): one click starts the trial a live rule
 * offers, for the whole account. Idempotent per account and feature: the first call answers 201
 * and queues one signed `trial.started` webhook in the same transaction; a repeat answers 200 with
 * the same trial and sends nothing. A trial that has ended is never restarted (409 `trial_used`).
 */
export function trialRoutes(keys: KeyOptions, clock: () => number, deliverer: Deliverer) {
  const { store } = keys;
  const app = new Hono<PublicEnv>();
  app.options('/', preflight(keys, 'POST, OPTIONS'));
  app.post(
    '/',
    publishableKey(keys),
    maxBody(MAX_BODY_BYTES, `A trial request may be at most ${MAX_BODY_BYTES} bytes`),
    jsonBody(TrialRequest, 'trial request'),
    async (c) => {
      const body = c.req.valid('json');
      const environmentId = c.get('environment').id;
      const now = clock();
      const rule = await ruleForAction(c, store, environmentId, now, body, 'trial request');
      const offer = trialOffer(rule, body.feature);
      const startedAt = now;
      const endsAt = now + offer.days * DAY_MS;
      const webhook: TrialStartedWebhook = {
        type: 'trial.started',
        timestamp: iso(now),
        data: {
          accountId: body.accountId,
          userId: body.userId,
          feature: body.feature,
          ruleId: body.ruleId,
          variant: body.variant ?? null,
          startedAt: iso(startedAt),
          endsAt: iso(endsAt),
        },
      };
      const message = { id: newMessageId(), type: webhook.type, payload: JSON.stringify(webhook) };
      const action = funnelAction(rule, body, now);
      const { created, trial } = await store.startTrial(environmentId, body.accountId, body.feature, startedAt, endsAt, message, action);
      if (!created && trial.endsAt <= now) {
        throw new ApiError(409, 'trial_used', `Account "${body.accountId}" already had a trial of "${body.feature}", which ended ${iso(trial.endsAt)}`, {
          endedAt: iso(trial.endsAt),
        });
      }
      // Sent after the commit; a crash before it leaves the delivery pending for the next start.
      if (created) deliverer.kick();
      c.header('Cache-Control', 'no-store');
      const result: TrialResult = { trial: { id: body.feature, startedAt: iso(trial.startedAt), endsAt: iso(trial.endsAt) }, created };
      return c.json(result, created ? 201 : 200);
    },
  );
  app.all('/', methodNotAllowed('POST', 'OPTIONS'));
  return app;
}
