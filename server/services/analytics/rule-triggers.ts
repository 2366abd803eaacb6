import { TriggerType } from '../../../shared/schemas/analytics';
import type { Store } from '../../store/types';

/** Versions read back, newest first, looking for rules the live version no longer has. */
const MAX_VERSIONS_READ = 50;

/** The trigger type of each rule in one published body; read leniently, so an older schema's body still answers. */
export function triggersInBody(body: string): Map<string, TriggerType> {
  const found = new Map<string, TriggerType>();
  let rules: unknown;
  try {
    rules = (JSON.parse(body) as { rules?: unknown }).rules;
  } catch {
    return found;
  }
  if (!Array.isArray(rules)) return found;
  for (const rule of rules as { id?: unknown; trigger?: { type?: unknown } }[]) {
    const type = TriggerType.safeParse(rule?.trigger?.type);
    if (typeof rule?.id === 'string' && type.success) found.set(rule.id, type.data);
  }
  return found;
}

/**
 * Each rule's trigger type in the newest published version that has the rule (a rule deleted
 * since keeps the type it last had); rules no version among the newest 50 has are left out.
 */
export async function ruleTriggers(store: Store, environmentId: string, ruleIds: Iterable<string>): Promise<Map<string, TriggerType>> {
  const missing = new Set(ruleIds);
  const result = new Map<string, TriggerType>();
  if (missing.size === 0) return result;
  const take = (body: string) => {
    for (const [id, type] of triggersInBody(body)) {
      if (missing.delete(id)) result.set(id, type);
    }
  };
  const live = await store.getLiveConfig(environmentId);
  if (!live) return result;
  take(live.body);
  if (missing.size === 0) return result;
  const older = (await store.listConfigVersions(environmentId)).filter((v) => v.version < live.version).slice(0, MAX_VERSIONS_READ);
  for (const { version } of older) {
    const config = await store.getConfigVersion(environmentId, version);
    if (config) take(config.body);
    if (missing.size === 0) break;
  }
  return result;
}
