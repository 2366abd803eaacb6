import { DEFAULT_ATTRIBUTION } from '../shared/schemas/conversion';
import type { Settings } from '../shared/schemas/settings';
import { ApiError } from './errors';
import { liveConfig } from './live-config';
import type { AttributionWindow } from './store/conversion-types';
import type { Store } from './store/types';

const DAY_MS = 86_400_000;

/** The published `settings.attribution`, or the defaults before a first publish or when a stored version no longer parses. */
export async function attributionSettings(store: Store, environmentId: string): Promise<NonNullable<Settings['attribution']>> {
  try {
    return (await liveConfig(store, environmentId)).settings?.attribution ?? {};
  } catch (e) {
    // Revenue must still be recorded when there is nothing (valid) published to read settings from.
    if (e instanceof ApiError) return {};
    throw e;
  }
}

/** The attribution window for a conversion at `at` (epoch ms): `windowDays` before it, inclusive. */
export function attributionWindow(settings: NonNullable<Settings['attribution']>, at: number): AttributionWindow {
  const days = settings.windowDays ?? DEFAULT_ATTRIBUTION.windowDays;
  return { since: at - days * DAY_MS, impressions: (settings.fallback ?? DEFAULT_ATTRIBUTION.fallback) === 'impression' };
}
