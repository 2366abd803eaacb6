import { Catalog } from '../../shared/schemas/catalog';
import { SCHEMA_VERSION, type Config } from '../../shared/schemas/config';
import { Rule } from '../../shared/schemas/rule';
import { Settings } from '../../shared/schemas/settings';
import { widgetStrings } from '../../shared/strings';
import { ApiError } from '../http/errors';
import { liveConfig } from './live-config';
import type { Store } from '../store/types';

/**
 * The environment's drafts (catalog, rules, settings) as a config the engine can judge with, as
 * it would be published, but with every draft rule in it: draft-status ones explain themselves as
 * inactive. `edited` (the editor's unsaved rule) takes the place of its saved draft and is judged
 * as if it were live, since the question is what it would do once published. Drafts that no
 * longer validate are left out, as the rules list leaves them.
 */
export async function draftConfig(store: Store, environmentId: string, edited: Rule | undefined, now: number): Promise<Config> {
  const catalog = Catalog.safeParse(await store.getDraftCatalog(environmentId));
  if (!catalog.success) throw new ApiError(409, 'no_catalog', 'There is no valid draft catalog yet; save the catalog first');
  const rules = (await store.listDraftRules(environmentId)).flatMap((d) => {
    const r = Rule.safeParse(d);
    return r.success && r.data.id !== edited?.id ? [r.data] : [];
  });
  if (edited) rules.push({ ...edited, status: 'live' });
  const settings = Settings.safeParse((await store.getDraftSettings(environmentId)) ?? {});
  const config: Config = {
    schemaVersion: SCHEMA_VERSION,
    version: 0,
    publishedAt: new Date(now).toISOString(),
    catalog: catalog.data,
    rules,
    strings: widgetStrings(settings.success ? settings.data.strings : undefined),
  };
  if (settings.success) config.settings = settings.data;
  return config;
}

/** The live config, or null before the first publish (or when it no longer validates). */
export async function liveOrNull(store: Store, environmentId: string): Promise<Config | null> {
  try {
    return await liveConfig(store, environmentId);
  } catch (e) {
    if (e instanceof ApiError) return null;
    throw e;
  }
}
