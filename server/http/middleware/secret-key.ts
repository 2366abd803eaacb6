import type { Store } from '../../store/types';
import { keyAccess, type ScopedEnv } from './access';

export type SecretEnv = ScopedEnv;

/**
 * Server-to-server authentication: `Authorization: Bearer sk_…`. Secret keys are compared by
 * their SHA-256 digest in the store, never stored or logged in plain text.
 */
export function secretKey(store: Store, clock: () => number = Date.now) {
  return keyAccess(store, clock)('read');
}
