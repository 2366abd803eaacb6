// Node's own, not the global a test's fake timers may replace: a turn of the event loop ends whatever the test does with time.
import { setImmediate as nextTurn } from 'node:timers';
import type { Environment, PublishedConfig } from './config-types';

/** Cached lookups beyond this many keys start over, so random keys cannot grow memory without bound. */
const CACHE_LIMIT = 10_000;

/** How the cache reads the database: `dataVersion` is `PRAGMA data_version`. */
export interface ConfigCacheLoads {
  dataVersion(): unknown;
  environmentByKey(key: string): Environment | null;
  liveConfig(environmentId: string): PublishedConfig | null;
}

/**
 * Every config request needs its environment and live config. Both change rarely, so they are
 * cached in memory. PRAGMA data_version changes whenever another connection (another process on
 * this file) commits, which drops the caches; this connection's own writes drop what they touch.
 */
export function sqliteConfigCache(load: ConfigCacheLoads) {
  const environmentsByKey = new Map<string, Environment>();
  const liveConfigs = new Map<string, PublishedConfig | null>();
  let seenVersion: unknown;
  /** Whether `freshThisTurn` checked data_version in this turn of the event loop. */
  let checked = false;

  const fresh = () => {
    const version = load.dataVersion();
    if (version !== seenVersion || environmentsByKey.size > CACHE_LIMIT || liveConfigs.size > CACHE_LIMIT) {
      seenVersion = version;
      environmentsByKey.clear();
      liveConfigs.clear();
    }
  };

  return {
    /** Drops what another connection's commit made stale: on every call. */
    fresh,
    /**
     * The same, once per event-loop turn. The data_version check starts a read transaction, most of
     * what a config request costs. Once per turn it still sees every commit another connection made
     * before the turn's requests arrived (the poll that delivered them came after), which is all a
     * client can have been told of.
     */
    freshThisTurn() {
      if (checked) return;
      fresh();
      checked = true;
      nextTurn(() => {
        checked = false;
      });
    },
    environmentByKey(key: string): Environment | null {
      const cached = environmentsByKey.get(key);
      if (cached) return cached;
      // Unknown keys are not cached: an attacker's random keys must not fill memory.
      const environment = load.environmentByKey(key);
      if (environment) environmentsByKey.set(key, environment);
      return environment;
    },
    liveConfig(environmentId: string): PublishedConfig | null {
      if (liveConfigs.has(environmentId)) return liveConfigs.get(environmentId) ?? null;
      const live = load.liveConfig(environmentId);
      liveConfigs.set(environmentId, live);
      return live;
    },
    /** After this connection changed keys or environments. */
    dropEnvironments: () => environmentsByKey.clear(),
    /** After this connection published for `environmentId`. */
    dropLiveConfig: (environmentId: string) => liveConfigs.delete(environmentId),
  };
}
