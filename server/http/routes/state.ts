import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { ExternalId } from '../../../shared/schemas/common';
import { StateRequest } from '../../../shared/schemas/state';
import { methodNotAllowed, validationError } from '../errors';
import { assertSamePerson, verifiedIdentity } from '../../services/identity';
import { liveConfig } from '../../services/live-config';
import { jsonBody } from '../middleware/json-body';
import { maxBody } from '../middleware/max-body';
import { publishableKey, type KeyOptions, type PublicEnv } from '../middleware/publishable-key';
import { preflight } from '../middleware/preflight';
import { limitsOf, personState } from '../../services/person-state';
import { updateReadiness } from '../../services/analytics/readiness-update';
import type { Deliverer } from '../../services/webhooks/deliver';
import { sightingOf } from '../../services/account-sighting';
import { fromBody, fromQuery, type StateInput } from '../../services/state-input';

/** Who is asking: refused with a 400 when missing or malformed, since nothing can be answered without them. */
const Person = z.object({ user: ExternalId, account: ExternalId });

/** A context's 100 metrics twice over (usage and limits) and 100 add-ons fit well within it. */
export const MAX_STATE_BODY_BYTES = 16 * 1024;

/**
 * `/v1/state` (publishable key): one person's prompt history across all their devices (see
 * `personState`), with a forecast from the account's daily usage snapshots.
 *
 * `POST` (the widget's read) takes the context as a JSON body (`StateRequest`, `text/plain` or
 * `application/json`) and keeps its usage as that day's snapshot before answering; only the
 * catalog's metrics are kept, so a caller cannot fill the table with made-up ones. Being a POST,
 * it goes through the origin check every write does. `GET` takes the same context in the query
 * (`user`, `account`, `plan`, `periodStart`, `limits` as JSON, `addons` comma-separated) and
 * answers the same, but never writes, and ignores a `usage` parameter: any page can make a
 * browser send a GET (an `<img>`), without an `Origin`. Either way `user` and `account` are strictly checked (400), the
 * rest leniently (see `state-input.ts`). A POST also keeps the account's expansion readiness current
 * (see `analytics/readiness-update.ts`); either answer carries the account's latest score as `readiness`.
 */
export function stateRoutes(keys: KeyOptions, clock: () => number, deliverer: Deliverer) {
  const { store } = keys;
  const app = new Hono<PublicEnv>();

  const answer = async (c: Context<PublicEnv>, { query, usage, seen }: StateInput) => {
    const env = c.get('environment').id;
    const now = clock();
    const identity = await verifiedIdentity(c, store, env, now);
    assertSamePerson(identity, query.user, query.account, 'state request');
    // What the host's backend signed wins over what the browser sent.
    if (identity?.plan !== undefined) query.plan = identity.plan;
    if (identity?.limits !== undefined) query.limits = identity.limits;
    const config = await liveConfig(store, env).catch(() => null);
    const metrics = new Set(config?.catalog.metrics.map((m) => m.id));
    const known = Object.fromEntries(Object.entries(usage).filter(([metric]) => metrics.has(metric)));
    if (Object.keys(known).length) await store.recordUsage(env, query.account, known, now);
    const state = await personState(store, env, query, config, now);
    if (seen) {
      // A POST is a visit: the account's readiness is scored afresh, and entering the high band queues its webhook.
      const limits = limitsOf(config, query, now);
      const { score, queued } = await updateReadiness(store, env, config, { query, usage: known, limits, seen, state }, now);
      state.readiness = score.score;
      if (queued) deliverer.kick();
    }
    // The account's latest context and history are kept for preview as a customer and reach.
    const sighting = seen && sightingOf(query, known, seen, state, now);
    if (sighting) await store.recordSighting(env, sighting);
    c.header('Cache-Control', 'private, no-store');
    return c.json(state);
  };

  app.options('/', preflight(keys, 'GET, POST, OPTIONS'));
  app.get('/', publishableKey(keys), async (c) => {
    const raw = c.req.query();
    const person = Person.safeParse(raw);
    if (!person.success) throw validationError(person.error, 'query');
    return answer(c, fromQuery(person.data, raw));
  });
  app.post(
    '/',
    publishableKey(keys),
    maxBody(MAX_STATE_BODY_BYTES, `A state request may be at most ${MAX_STATE_BODY_BYTES} bytes`),
    jsonBody(StateRequest, 'state request'),
    (c) => answer(c, fromBody(c.req.valid('json'))),
  );
  app.all('/', methodNotAllowed('GET', 'POST', 'OPTIONS'));
  return app;
}
