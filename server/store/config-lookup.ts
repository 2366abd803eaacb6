import type { ConfigStore } from './config-types';

type Lookups = Pick<ConfigStore, 'findEnvironmentByPublishableKey' | 'getLiveConfig'>;

/**
 * `liveConfigByPublishableKey` from the two lookups it combines, for a store whose cache costs
 * nothing to consult (PostgreSQL's is dropped by notification, not checked per call).
 */
export function liveConfigByKeyVia(store: Lookups): ConfigStore['liveConfigByPublishableKey'] {
  return async (key) => {
    const environment = await store.findEnvironmentByPublishableKey(key);
    return environment && { environment, live: await store.getLiveConfig(environment.id) };
  };
}
