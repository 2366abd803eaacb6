import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { PERMISSIONS, roleCan, type Actor, type Permission, type Role } from '../../../shared/schemas/admin';
import type { Auditor } from '../../services/audit';
import { ApiError } from '../errors';
import type { Environment } from '../../store/config-types';
import type { Store } from '../../store/types';
import type { UserRecord } from '../../store/workspace-types';

/**
 * What an environment-scoped handler knows about its caller: the environment, who acts (for the
 * audit log) and, for a person, their role. A secret key acts for its own environment with every
 * right but managing people and environments, which no route under it offers.
 */
export type ScopedEnv = { Variables: { environment: Environment; actor: Actor; role: Role | null; user?: UserRecord } };

/** Authenticates the caller for one environment and checks it may do `need`. */
export type Access = (need: Permission) => MiddlewareHandler<ScopedEnv>;

/**
 * What an environment-scoped resource's routes are built over. The secret-key API and the console
 * build the very same routes; only `access` differs, and `audit` records whoever acted.
 */
export interface ScopedDeps {
  store: Store;
  clock: () => number;
  access: Access;
  audit: Auditor;
}

const KEY_FORMAT = /^sk_[A-Za-z0-9]{8,64}$/;

/** Server to server: `Authorization: Bearer sk_…`, compared by its SHA-256 digest in the store. */
export function keyAccess(store: Store, clock: () => number): Access {
  const middleware = createMiddleware<ScopedEnv>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const key = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!key) throw new ApiError(401, 'missing_key', 'Send the secret key as "Authorization: Bearer sk_…"');
    if (key.startsWith('pk_')) throw new ApiError(401, 'wrong_key_type', 'This endpoint takes a secret key (sk_…), not a publishable key');
    if (!KEY_FORMAT.test(key)) throw new ApiError(401, 'invalid_key', 'The key is not a secret key (sk_…)');
    const found = await store.authenticateSecretKey(key, clock());
    if (!found) throw new ApiError(401, 'unknown_key', 'No environment has this secret key');
    c.set('environment', found.environment);
    c.set('actor', { type: 'key', id: found.key.id, label: `secret key "${found.key.name}" (${found.key.prefix})` });
    c.set('role', null);
    c.header('Cache-Control', 'no-store');
    await next();
  });
  return () => middleware;
}

/**
 * The console: a session (checked by `requireSession` in front) and the environment named by the
 * `:env` path parameter; 403 when the person's role lacks `need`.
 */
export function sessionAccess(store: Store): Access {
  return (need) =>
    createMiddleware<ScopedEnv>(async (c, next) => {
      const user = c.get('user');
      if (!user) throw new ApiError(401, 'unauthorized', 'Sign in first');
      if (!roleCan(user.role, need)) throw new ApiError(403, 'forbidden', `Your role (${user.role}) cannot do this: it takes the ${PERMISSIONS[need]} role or above`);
      const id = c.req.param('env');
      const environment = id ? await store.findEnvironment(id) : null;
      if (!environment) throw new ApiError(404, 'environment_not_found', `No environment "${id ?? ''}"`);
      c.set('environment', environment);
      c.set('role', user.role);
      await next();
    });
}
