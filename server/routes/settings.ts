import { Hono } from 'hono';
import { Settings } from '../../shared/schemas/settings';
import { methodNotAllowed } from '../errors';
import { jsonBody } from '../middleware/json-body';
import { secretKey, type SecretEnv } from '../middleware/secret-key';
import type { Store } from '../store/types';

/**
 * `GET|PUT /v1/settings` (secret key): the draft environment-wide settings, the global prompt
 * budget and holdout. Before any are saved the answer is `{ settings: {} }`: every default applies.
 * Like the other drafts, they reach widgets with the next `POST /v1/publish`.
 */
export function settingsRoutes(store: Store) {
  const app = new Hono<SecretEnv>();
  app.use('*', secretKey(store));
  app.get('/', async (c) => {
    const settings = await store.getDraftSettings(c.get('environment').id);
    return c.json({ settings: settings ?? {} });
  });
  app.put('/', jsonBody(Settings, 'settings'), async (c) => {
    const settings = c.req.valid('json');
    await store.putDraftSettings(c.get('environment').id, settings);
    return c.json({ settings });
  });
  app.all('/', methodNotAllowed('GET', 'PUT'));
  return app;
}
