import { Hono } from 'hono';
import { IdentityRotateInput, IdentitySettingsInput, type IdentitySettingsView } from '../../../shared/schemas/identity';
import { methodNotAllowed, validationError } from '../errors';
import { iso } from '../../infra/iso';
import { newIdentitySecret } from '../../services/identity-token';
import { jsonBody, parseJsonBody } from '../middleware/json-body';
import { maxBody } from '../middleware/max-body';
import type { ScopedDeps, ScopedEnv } from '../middleware/access';
import type { IdentitySettings } from '../../store/identity-types';

const SETTINGS_BODY_BYTES = 1024;

/** The settings as the API shows them, as of `now`: a previous secret past its time is not mentioned. */
const view = (s: IdentitySettings | null, now: number, reveal: boolean): IdentitySettingsView => ({
  required: s?.required ?? false,
  unverifiedActions: s?.unverifiedActions ?? false,
  secret: reveal ? (s?.secret ?? null) : null,
  hasSecret: Boolean(s?.secret),
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
export function identityRoutes({ store, clock, access, audit }: ScopedDeps) {
  const app = new Hono<ScopedEnv>();
  const limit = maxBody(SETTINGS_BODY_BYTES, `Identity settings may be at most ${SETTINGS_BODY_BYTES} bytes`);
  // A secret key reads the secret back, as it always has; in the console it is shown once, when made.
  app.get('/', access('read'), async (c) => c.json(view(await store.getIdentitySettings(c.get('environment').id), clock(), c.get('actor').type === 'key')));
  app.put('/', access('manage'), limit, jsonBody(IdentitySettingsInput, 'identity settings'), async (c) => {
    const { required, unverifiedActions = false } = c.req.valid('json');
    const now = clock();
    const envId = c.get('environment').id;
    const before = await store.getIdentitySettings(envId);
    const after = await store.putIdentitySettings(envId, { required, unverifiedActions }, newIdentitySecret(), now);
    const made = !before?.secret;
    await audit(c, { kind: 'secret', action: 'identity.updated', environmentId: envId, before: before ? { required: before.required, unverifiedActions: before.unverifiedActions } : undefined, after: { required, unverifiedActions, ...(made ? { secret: after.secret } : {}) } });
    return c.json(view(after, now, made || c.get('actor').type === 'key'));
  });
  app.all('/', methodNotAllowed('GET', 'PUT'));
  // The body is optional: a bare POST rotates with no overlap, as it always has.
  app.post('/rotate', access('manage'), limit, async (c) => {
    const text = await c.req.text();
    const input = IdentityRotateInput.safeParse(text.trim() === '' ? {} : parseJsonBody(text));
    if (!input.success) throw validationError(input.error, 'rotation');
    const now = clock();
    const until = input.data.previousValidSeconds > 0 ? now + input.data.previousValidSeconds * 1000 : null;
    const envId = c.get('environment').id;
    const rotated = await store.rotateIdentitySecret(envId, newIdentitySecret(), now, until);
    await audit(c, { kind: 'secret', action: 'identity.secret_rotated', environmentId: envId, changes: [{ path: 'secret', before: 'old', after: 'new' }, { path: 'previousValidSeconds', after: input.data.previousValidSeconds }] });
    return c.json(view(rotated, now, true));
  });
  app.all('/rotate', methodNotAllowed('POST'));
  return app;
}
