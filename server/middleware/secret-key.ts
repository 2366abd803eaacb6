import { createMiddleware } from 'hono/factory';
import { ApiError } from '../errors';
import type { Environment, Store } from '../store/types';

export type SecretEnv = { Variables: { environment: Environment } };

/**
 * Server-to-server authentication: `Authorization: Bearer sk_…`. Secret keys are compared by
 * their SHA-256 digest in the store, never stored or logged in plain text.
 */
export function secretKey(store: Store) {
  return createMiddleware<SecretEnv>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const key = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!key) throw new ApiError(401, 'missing_key', 'Send the secret key as "Authorization: Bearer sk_…"');
    if (key.startsWith('pk_')) throw new ApiError(401, 'wrong_key_type', 'This endpoint takes a secret key (sk_…), not a publishable key');
    if (!/^sk_[A-Za-z0-9]{8,64}$/.test(key)) throw new ApiError(401, 'invalid_key', 'The key is not a secret key (sk_…)');
    const environment = await store.findEnvironmentBySecretKey(key);
    if (!environment) throw new ApiError(401, 'unknown_key', 'No environment has this secret key');
    c.set('environment', environment);
    c.header('Cache-Control', 'no-store');
    await next();
  });
}
