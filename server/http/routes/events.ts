import { Hono } from 'hono';
import { EventBatch, MAX_EVENTS_PER_BATCH } from '../../../shared/schemas/event';
import { methodNotAllowed } from '../errors';
import { assertSamePerson, verifiedIdentity } from '../../services/identity';
import { decompressBody } from '../middleware/decompress';
import { jsonBody } from '../middleware/json-body';
import { maxBody } from '../middleware/max-body';
import { publishableKey, type KeyOptions, type PublicEnv } from '../middleware/publishable-key';
import { preflight } from '../middleware/preflight';
import { requestOrigin } from '../../services/installation';

export const MAX_EVENTS_BODY_BYTES = 64 * 1024;
const TOO_LARGE = `A batch may be at most ${MAX_EVENTS_BODY_BYTES} bytes, also once decompressed; send at most ${MAX_EVENTS_PER_BATCH} events per request`;

/**
 * `POST /v1/events`: a batch of at most 100 events, stored in one transaction and acknowledged
 * only after it commits. An id already stored counts as a duplicate, so retries are safe.
 */
export function eventRoutes(keys: KeyOptions, clock: () => number) {
  const { store } = keys;
  const app = new Hono<PublicEnv>();
  app.options('/', preflight(keys, 'POST, OPTIONS'));
  app.post(
    '/',
    publishableKey(keys),
    maxBody(MAX_EVENTS_BODY_BYTES, TOO_LARGE),
    decompressBody(MAX_EVENTS_BODY_BYTES, TOO_LARGE),
    jsonBody(EventBatch, 'event batch'),
    async (c) => {
      const { events, token } = c.req.valid('json');
      const environmentId = c.get('environment').id;
      const now = clock();
      const identity = await verifiedIdentity(c, store, environmentId, now, token, events.map((e) => Date.parse(e.at)));
      // The whole batch or nothing: one event for someone else refuses every event in it.
      events.forEach((e, i) => assertSamePerson(identity, e.userId, e.accountId, `event at events.${i}`));
      const result = await store.insertEvents(environmentId, events, now);
      keys.activity?.events(environmentId, requestOrigin(c), result.accepted);
      c.header('Cache-Control', 'no-store');
      return c.json(result, 200);
    },
  );
  app.all('/', methodNotAllowed('POST', 'OPTIONS'));
  return app;
}
