import type { Config } from '../shared/schemas/config';
import { isConfig, isObject } from './guards';
import type { Request } from './request';
import { readJson, writeJson, type KeyValue } from './storage';

export interface ConfigClientDeps {
  key: string;
  request: Request;
  storage: KeyValue;
  warn: (message: string) => void;
}

interface Cached {
  etag: string;
  config: Config;
}

const isCached = (x: unknown): x is Cached => isObject(x) && typeof x.etag === 'string' && isConfig(x.config);

export const configCacheKey = (key: string) => `upshift:${key}:config`;

/**
 * The environment's config: revalidated against the server once per page load with the cached
 * ETag (304 costs no body), falling back to the cached copy when the API is down, slow or answers
 * garbage. A 401/403/404 means the key or its config is gone, so the cache is dropped.
 * Resolves to null when there is nothing usable; never rejects.
 */
export async function loadConfig(deps: ConfigClientDeps): Promise<Config | null> {
  const cacheKey = configCacheKey(deps.key);
  const cached = readJson(deps.storage, cacheKey, isCached);
  /** Warns, then goes on with the cached config, if any. */
  const fallback = (why: string): Config | null => {
    deps.warn(why + (cached ? '; using the cached config' : ''));
    return cached?.config ?? null;
  };
  const response = await deps.request('config', { etag: cached?.etag });
  if (!response) return fallback('config request failed or timed out (is the API up, and this origin allowed?)');
  if (response.status === 304 && cached) return cached.config;
  if (response.status === 401 || response.status === 403 || response.status === 404) {
    writeJson(deps.storage, cacheKey, undefined);
    deps.warn(`config refused with HTTP ${response.status}: check data-key and the allowed origins`);
    return null;
  }
  if (!response.ok) return fallback(`config request answered HTTP ${response.status}`);
  // A body that is not JSON (a proxy's login page), or one cut off by the timeout, reads as undefined: not a config.
  const body: unknown = await response.json().catch(() => {});
  if (!isConfig(body)) return fallback('config response is not a valid config');
  const etag = response.headers.get('ETag');
  if (etag) writeJson(deps.storage, cacheKey, { etag, config: body } satisfies Cached);
  return body;
}
