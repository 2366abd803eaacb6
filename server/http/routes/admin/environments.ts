import { Hono, type Context } from 'hono';

import { EnvironmentDelete, EnvironmentInput, EnvironmentUpdate, OriginCheckInput, RotateKeyInput, SecretKeyInput, type InstallationView, type OriginCheck } from '../../../../shared/schemas/admin';
import type { Auditor } from '../../../services/audit';
import type { SessionEnv } from '../../../services/auth/sessions';
import { ApiError, invalidInput, methodNotAllowed } from '../../errors';
import { iso } from '../../../infra/iso';
import { NO_ORIGIN, type ActivityTracker } from '../../../services/installation';
import { newPublishableKey, newSecretKey } from '../../../infra/keys';
import { jsonBody } from '../../middleware/json-body';
import { originAllowed } from '../../origin';
import type { Environment } from '../../../store/config-types';
import type { Store } from '../../../store/types';
import { must } from './people';
import { environmentView, secretKeyView } from './views';

export interface EnvironmentDeps {
  store: Store;
  clock: () => number;
  audit: Auditor;
  activity: ActivityTracker;
  selfOrigin: (c: Context) => string;
}

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;

/** Why `origin` is or is not let in, in the words the console shows. */
export function checkOrigin(origin: string, env: Environment, self: string): OriginCheck {
  const parsed = URL.canParse(origin) ? new URL(origin) : null;
  if (!parsed || parsed.origin !== origin) {
    return { allowed: false, matchedBy: null, reason: `"${origin}" is not an origin: write the scheme and host, and a port only when not the default (https://app.acme.com)` };
  }
  if (origin === self) return { allowed: true, matchedBy: null, reason: 'This is the Upshift server itself (the demo and console), which is always allowed' };
  const entry = env.allowedOrigins.find((e) => originAllowed(origin, [e], '\0'));
  return entry
    ? { allowed: true, matchedBy: entry, reason: `Allowed by ${entry}` }
    : { allowed: false, matchedBy: null, reason: env.allowedOrigins.length ? `No allowed origin matches ${origin}` : 'This environment allows no origins yet' };
}

/**
 * `/v1/admin/environments`: list (anyone signed in); create, rename, change origins, delete,
 * rotate the publishable key and manage secret keys (owner); check an origin and the
 * installation (anyone). Secret keys are shown once, when made, and stored hashed.
 */
export function environmentRoutes({ store, clock, audit, activity, selfOrigin }: EnvironmentDeps) {
  const app = new Hono<SessionEnv>();
  const find = async (id: string) => {
    const env = await store.findEnvironment(id);
    if (!env) throw new ApiError(404, 'environment_not_found', `No environment "${id}"`);
    return env;
  };
  const nameTaken = async (name: string, except?: string) =>
    (await store.listEnvironments()).some((e) => e.id !== except && e.name.toLowerCase() === name.toLowerCase());

  app.get('/', async (c) => c.json({ environments: (await store.listEnvironments()).map((e) => environmentView(e, clock())) }));
  app.post('/', must('manage'), jsonBody(EnvironmentInput, 'environment'), async (c) => {
    const input = c.req.valid('json');
    if (await nameTaken(input.name)) throw invalidInput([{ path: ['name'], message: `an environment named "${input.name}" exists already` }], 'environment');
    const { environment, secretKey } = await store.createEnvironment(input);
    await audit(c, { kind: 'environment', action: 'environment.created', environmentId: environment.id, target: environment.name, after: { name: environment.name, allowedOrigins: environment.allowedOrigins, secretKey } });
    return c.json({ environment: environmentView(environment, clock()), publishableKey: environment.publishableKey, secretKey }, 201);
  });
  app.all('/', methodNotAllowed('GET', 'POST'));

  app.get('/:env', async (c) => c.json({ environment: environmentView(await find(c.req.param('env')), clock()) }));
  app.patch('/:env', must('manage'), jsonBody(EnvironmentUpdate, 'environment'), async (c) => {
    const before = await find(c.req.param('env'));
    const update = c.req.valid('json');
    if (update.name !== undefined && (await nameTaken(update.name, before.id))) throw invalidInput([{ path: ['name'], message: `an environment named "${update.name}" exists already` }], 'environment');
    const after = (await store.updateEnvironment(before.id, update)) ?? before;
    await audit(c, {
      kind: 'environment',
      action: update.name !== undefined && update.name !== before.name ? 'environment.renamed' : 'environment.updated',
      environmentId: before.id,
      target: after.name,
      before: { name: before.name, allowedOrigins: before.allowedOrigins },
      after: { name: after.name, allowedOrigins: after.allowedOrigins },
    });
    return c.json({ environment: environmentView(after, clock()) });
  });
  app.delete('/:env', must('manage'), jsonBody(EnvironmentDelete, 'confirmation'), async (c) => {
    const env = await find(c.req.param('env'));
    if (c.req.valid('json').confirm !== env.name) throw invalidInput([{ path: ['confirm'], message: `type the environment's name, "${env.name}", to delete it` }], 'confirmation');
    await store.deleteEnvironment(env.id, clock());
    await audit(c, { kind: 'environment', action: 'environment.deleted', environmentId: env.id, target: env.name, before: { name: env.name, allowedOrigins: env.allowedOrigins } });
    return c.body(null, 204);
  });
  app.all('/:env', methodNotAllowed('GET', 'PATCH', 'DELETE'));

  app.post('/:env/publishable-key/rotate', must('manage'), jsonBody(RotateKeyInput, 'rotation'), async (c) => {
    const env = await find(c.req.param('env'));
    const { graceSeconds, force } = c.req.valid('json');
    const now = clock();
    if (!force && env.previousPublishableKey && (env.previousKeyExpiresAt ?? 0) > now) {
      throw new ApiError(409, 'grace_period_running', `The key before the last rotation still works until ${iso(env.previousKeyExpiresAt!)}; rotating again would stop it at once. Wait until then, or send "force": true`, { validUntil: iso(env.previousKeyExpiresAt!) });
    }
    const after = (await store.rotatePublishableKey(env.id, newPublishableKey(), graceSeconds > 0 ? now + graceSeconds * 1000 : null)) ?? env;
    await audit(c, { kind: 'key', action: 'publishable_key.rotated', environmentId: env.id, target: env.name, changes: [{ path: 'publishableKey', before: env.publishableKey, after: after.publishableKey }, { path: 'graceSeconds', after: graceSeconds }] });
    return c.json({ environment: environmentView(after, now) });
  });
  app.all('/:env/publishable-key/rotate', methodNotAllowed('POST'));

  app.get('/:env/secret-keys', async (c) => c.json({ keys: (await store.listSecretKeys((await find(c.req.param('env'))).id)).map(secretKeyView) }));
  app.post('/:env/secret-keys', must('manage'), jsonBody(SecretKeyInput, 'secret key'), async (c) => {
    const env = await find(c.req.param('env'));
    const secretKey = newSecretKey();
    const key = await store.createSecretKey(env.id, c.req.valid('json').name, secretKey, clock());
    await audit(c, { kind: 'key', action: 'secret_key.created', environmentId: env.id, target: `${key.name} (${key.prefix})`, after: { name: key.name, secretKey } });
    return c.json({ key: secretKeyView(key), secretKey }, 201);
  });
  app.all('/:env/secret-keys', methodNotAllowed('GET', 'POST'));
  app.delete('/:env/secret-keys/:id', must('manage'), async (c) => {
    const env = await find(c.req.param('env'));
    const key = (await store.listSecretKeys(env.id)).find((k) => k.id === c.req.param('id'));
    if (!key || !(await store.revokeSecretKey(env.id, key.id, clock()))) throw new ApiError(404, 'not_found', 'No such secret key in this environment');
    await audit(c, { kind: 'key', action: 'secret_key.revoked', environmentId: env.id, target: `${key.name} (${key.prefix})` });
    return c.body(null, 204);
  });
  app.all('/:env/secret-keys/:id', methodNotAllowed('DELETE'));

  app.post('/:env/origins/check', jsonBody(OriginCheckInput, 'origin check'), async (c) => {
    const env = await find(c.req.param('env'));
    return c.json(checkOrigin(c.req.valid('json').origin.trim().replace(/\/$/, ''), env, selfOrigin(c)));
  });
  app.all('/:env/origins/check', methodNotAllowed('POST'));

  app.get('/:env/installation', async (c) => {
    const env = await find(c.req.param('env'));
    await activity.flush();
    const now = clock();
    // A week of origins, the 100 most recent: a script with the public key can send any Referer it likes.
    const seen = await store.originActivity(env.id, { eventsSince: Math.floor((now - HOUR_MS) / 60_000), seenSince: Math.floor((now - WEEK_MS) / 60_000), limit: 100 });
    const self = selfOrigin(c);
    const exact = env.allowedOrigins.filter((o) => !o.includes('*'));
    const origins = [...new Set([...exact, ...seen.map((s) => s.origin)])].sort().map((origin) => {
      const s = seen.find((x) => x.origin === origin);
      return { origin, allowed: origin === NO_ORIGIN || originAllowed(origin, env.allowedOrigins, self), lastConfigAt: s?.lastConfigMinute == null ? null : iso(s.lastConfigMinute * 60_000), eventsLastHour: s?.events ?? 0 };
    });
    const last = Math.max(...origins.map((o) => (o.lastConfigAt ? Date.parse(o.lastConfigAt) : 0)), 0);
    const view: InstallationView = { origins, lastConfigAt: last ? iso(last) : null, eventsLastHour: origins.reduce((n, o) => n + o.eventsLastHour, 0) };
    return c.json(view);
  });
  app.all('/:env/installation', methodNotAllowed('GET'));
  return app;
}

