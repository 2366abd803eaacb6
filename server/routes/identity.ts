import { Hono } from 'hono';
import { IdentitySettingsInput, type IdentitySettingsView } from '../../shared/schemas/identity';
import { methodNotAllowed } from '../errors';
import { newIdentitySecret } from '../identity-token';
import { jsonBody } from '../middleware/json-body';
import { secretKey, type SecretEnv } from '../middleware/secret-key';
import type { IdentitySettings } from '../store/identity-types';
import type { Store } from '../store/types';

const view = (s: IdentitySettings | null): IdentitySettingsView => ({ required: s?.required ?? false, secret: s?.secret ?? null });

/**
 * `GET|PUT /v1/identity`, `POST /v1/identity/rotate` (secret key): identity verification for the
 * environment. With `required: true`, `POST /v1/events`, `GET /v1/state`, `POST /v1/trials` and
 * `POST /v1/admin-requests` take only requests carrying a token the host's backend signed with the
 * secret (HS256), for the person the token names. The secret is made on the first PUT, kept by
 * later ones, and replaced by rotate; tokens signed with the old one stop working at once.
 */
export function identityRoutes(store: Store, clock: () => number) {
  const app = new Hono<SecretEnv>();
  app.use('*', secretKey(store));
  app.get('/', async (c) => c.json(view(await store.getIdentitySettings(c.get('environment').id))));
  app.put('/', jsonBody(IdentitySettingsInput, 'identity settings'), async (c) => {
    const { required } = c.req.valid('json');
    return c.json(view(await store.putIdentitySettings(c.get('environment').id, required, newIdentitySecret(), clock())));
  });
  app.all('/', methodNotAllowed('GET', 'PUT'));
  app.post('/rotate', async (c) => c.json(view(await store.rotateIdentitySecret(c.get('environment').id, newIdentitySecret(), clock()))));
  app.all('/rotate', methodNotAllowed('POST'));
  return app;
}
