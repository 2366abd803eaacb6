import { Hono } from 'hono';
import type { SettingsAnswer } from '../../../shared/schemas/answers';
import { Settings } from '../../../shared/schemas/settings';
import { methodNotAllowed } from '../errors';
import { jsonBody } from '../middleware/json-body';
import type { ScopedDeps, ScopedEnv } from '../middleware/access';

/**
 * `GET|PUT /v1/settings` (secret key): the draft environment-wide settings, the global prompt
 * budget and holdout. Before any are saved the answer is `{ settings: {} }`: every default applies.
 * Like the other drafts, they reach widgets with the next `POST /v1/publish`.
 */
export function settingsRoutes({ store, access, audit }: ScopedDeps) {
  const app = new Hono<ScopedEnv>();
  app.get('/', access('read'), async (c) => {
    const settings = await store.getDraftSettings(c.get('environment').id);
    return c.json({ settings: settings ?? {} } satisfies SettingsAnswer);
  });
  app.put('/', access('edit'), jsonBody(Settings, 'settings'), async (c) => {
    const settings = c.req.valid('json');
    const envId = c.get('environment').id;
    const before = await store.getDraftSettings(envId);
    await store.putDraftSettings(envId, settings);
    await audit(c, { kind: 'settings', action: 'settings.updated', environmentId: envId, before: before ?? {}, after: settings });
    return c.json({ settings } satisfies SettingsAnswer);
  });
  app.all('/', methodNotAllowed('GET', 'PUT'));
  return app;
}
