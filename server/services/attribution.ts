import { inGlobalHoldout, ruleAssignment } from '../../shared/engine/bucket';
import type { Config } from '../../shared/schemas/config';
import { DEFAULT_ATTRIBUTION, type ConversionType } from '../../shared/schemas/conversion';
import { ApiError } from '../http/errors';
import { liveConfig } from './live-config';
import type { AttributionWindow, ConversionHoldout } from '../store/conversion-types';
import type { Store } from '../store/types';

const DAY_MS = 86_400_000;

/** The live config, or null before a first publish or when the stored version no longer parses. */
async function liveOrNull(store: Store, environmentId: string): Promise<Config | null> {
  try {
    return await liveConfig(store, environmentId);
  } catch (e) {
    // Revenue must still be recorded when there is nothing (valid) published to read settings from.
    if (e instanceof ApiError) return null;
    throw e;
  }
}

/** Which holdouts of `config` the account is in: the global one, and each rule's experiment. */
export function holdoutOf(config: Config | null, accountId: string): ConversionHoldout {
  return {
    global: inGlobalHoldout(config?.settings?.holdout, accountId),
    rules: (config?.rules ?? []).filter((r) => r.status === 'live' && ruleAssignment(r, accountId)?.group === 'holdout').map((r) => r.id),
  };
}

/**
 * How a conversion of `accountId` at `at` (epoch ms) is attributed, under the published
 * `settings.attribution` (the defaults without one): the window is `windowDays` before it,
 * inclusive, and the account's holdouts are recorded so lift can be measured. New business (`type`
 * `new`, an account's first MRR) is credited to no prompt: prompts work on existing customers.
 */
export async function attributionFor(store: Store, environmentId: string, accountId: string, at: number, type?: ConversionType): Promise<AttributionWindow> {
  const config = await liveOrNull(store, environmentId);
  const settings = config?.settings?.attribution ?? {};
  const days = settings.windowDays ?? DEFAULT_ATTRIBUTION.windowDays;
  return {
    since: at - days * DAY_MS,
    credit: type !== 'new',
    impressions: (settings.fallback ?? DEFAULT_ATTRIBUTION.fallback) === 'impression',
    holdout: holdoutOf(config, accountId),
  };
}
