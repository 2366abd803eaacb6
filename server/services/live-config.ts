import { Config } from '../../shared/schemas/config';
import { ApiError } from '../http/errors';
import type { Store } from '../store/types';

const parsed = new Map<string, Config>();
const MAX_CACHED = 100;

/**
 * The environment's live config, parsed once per published version (keyed by ETag) and then
 * shared, so the engine's per-config index is built once too. A stored body that no longer
 * validates answers 409 rather than failing the request with a 500.
 */
export async function liveConfig(store: Store, environmentId: string): Promise<Config> {
  const live = await store.getLiveConfig(environmentId);
  if (!live) throw new ApiError(404, 'not_published', 'This environment has no published config yet; publish one first');
  const key = `${environmentId}:${live.etag}`;
  let config = parsed.get(key);
  if (!config) {
    const result = Config.safeParse(JSON.parse(live.body));
    if (!result.success) throw new ApiError(409, 'incompatible_version', `The live config (version ${live.version}) does not validate against this server's schema; publish again`);
    if (parsed.size >= MAX_CACHED) parsed.delete(parsed.keys().next().value!);
    config = result.data;
    parsed.set(key, config);
  }
  return config;
}
