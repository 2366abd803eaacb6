import { Hono } from 'hono';
import { IdentityRotateInput, IdentitySettingsInput, type IdentitySettingsView } from '../../shared/schemas/identity';
import { methodNotAllowed, validationError } from '../errors';
import { iso } from '../iso';
import { newIdentitySecret } from '../identity-token';
import { jsonBody, parseJsonBody } from '../middleware/json-body';
import { maxBody } from '../middleware/max-body';
import { secretKey, type SecretEnv } from '../middleware/secret-key';
import type { IdentitySettings } from '../store/identity-types';
import type { Store } from '../store/types';

const SETTINGS_BODY_BYTES = 1024;

/** The settings as the API shows them, as of `now`: a previous secret past its time is not mentioned. */
const view = (s: IdentitySettings | null, now: number): IdentitySettingsView => ({
  required: s?.required ?? false,
  unverifiedActions: s?.unverifiedActions ?? false,
  secret: s?.secret ?? null,
  previousSecretValidUntil: s?.previousSecret && s.previousExpiresAt !== null && s.previousExpiresAt > now ? iso(s.previousExpiresAt) : null,
});

/**
 * `GET|PUT /v1/identity`, `POST /v1/identity/rotate` (secret key): identity verification for the
 * environment. With `required: true`, `POST /v1/events`, `GET /v1/state`, `POST /v1/trials` and
 * `POST /v1/admin-requests` take only requests carrying a token the host's backend signed with the
 * secret (HS256), for the person the token names. With `required: false`, trials and admin requests
 * still need such a token unless `unverifiedActions: true` says otherwise (see `actionIdentity`).
 * The secret is made on the first PUT, kept by later ones, and replaced by rotate; tokens signed
 * with the old one stop working at once, or after `previousValidSeconds` when the rotation asks
 * for an overlap.
 */
export function identityRoutes(store: Store, clock: () => number) {
  const app = new Hono<SecretEnv>();
  const limit = maxBody(SETTINGS_BODY_BYTES, `Identity settings may be at most ${SETTINGS_BODY_BYTES} bytes`);
  app.use('*', secretKey(store));
  app.get('/', async (c) => c.json(view(await store.getIdentitySettings(c.get('environment').id), clock())));
  app.put('/', limit, jsonBody(IdentitySettingsInput, 'identity settings'), async (c) => {
    const { required, unverifiedActions = false } = c.req.valid('json');
    const now = clock();
    return c.json(view(await store.putIdentitySettings(c.get('environment').id, { required, unverifiedActions }, newIdentitySecret(), now), now));
  });
  app.all('/', methodNotAllowed('GET', 'PUT'));
  // The body is optional: a bare POST rotates with no overlap, as it always has.
  app.post('/rotate', limit, async (c) => {
    const text = await c.req.text();
    const input = IdentityRotateInput.safeParse(text.trim() === '' ? {} : parseJsonBody(text));
    if (!input.success) throw validationError(input.error, 'rotation');
    const now = clock();
    const until = input.data.previousValidSeconds > 0 ? now + input.data.previousValidSeconds * 1000 : null;
    return c.json(view(await store.rotateIdentitySecret(c.get('environment').id, newIdentitySecret(), now, until), now));
  });
  app.all('/rotate', methodNotAllowed('POST'));
  return app;
}
