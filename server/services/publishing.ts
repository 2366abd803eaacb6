import { z } from 'zod';
import { Config, SCHEMA_VERSION, type ConfigContent } from '../../shared/schemas/config';
import { Rule } from '../../shared/schemas/rule';
import { Catalog } from '../../shared/schemas/catalog';
import { Settings } from '../../shared/schemas/settings';
import { widgetStrings } from '../../shared/strings';
import { ApiError, issuePath } from '../http/errors';
import { BLOCKING, catalogIssues, lintRule, ruleIssues } from './lint';
import type { PublishedConfig, VersionMeta } from '../store/config-types';
import type { Store } from '../store/types';

// Moved to shared/ with the diff that uses it; re-exported for the routes that import it from here.
export { comparable } from '../../shared/content-changes';

/** Validates `content` as a full config of that version and returns the exact JSON to serve. */
export function renderConfig(content: ConfigContent, version: number, publishedAt: string): string {
  return JSON.stringify(Config.parse({ schemaVersion: SCHEMA_VERSION, version, publishedAt, ...content, strings: widgetStrings(content.settings?.strings) }));
}

/**
 * Everything that would make `content` unpublishable, with paths: the config schema, and
 * references the catalog cannot resolve (which only warn while editing drafts).
 */
export function contentIssues(content: unknown): { path: string; message: string }[] {
  const parsed = Config.safeParse({ schemaVersion: SCHEMA_VERSION, version: 1, publishedAt: new Date(0).toISOString(), ...(content as object) });
  if (!parsed.success) return parsed.error.issues.map((i) => ({ path: issuePath(i.path), message: i.message }));
  const { catalog, rules } = parsed.data;
  return [
    ...catalogIssues(catalog).map((w) => ({ path: issuePath(['catalog', ...w.path]), message: w.message })),
    ...rules.flatMap((rule, i) =>
      [...ruleIssues(rule, catalog), ...lintRule(rule, catalog, []).filter((w) => BLOCKING.has(w.code))].map((w) => ({
        path: issuePath(['rules', i, ...w.path]),
        message: `rule "${rule.id}": ${w.message}`,
      })),
    ),
  ];
}

/** Rules that go into a published config: live and paused ones (paused still explain themselves). */
const publishable = (rule: Rule) => rule.status === 'live' || rule.status === 'paused';

/**
 * Publishes `content` as the environment's next version, or answers 422 with every problem. Draft
 * and archived rules are left out, whichever path the content came by.
 */
export async function publishContent(store: Store, environmentId: string, given: ConfigContent, meta?: VersionMeta): Promise<PublishedConfig> {
  const content = { ...given, rules: given.rules.filter(publishable) };
  const issues = contentIssues(content);
  if (issues.length) {
    throw new ApiError(422, 'invalid_config', `The config cannot be published: ${issues[0]!.path || 'config'}: ${issues[0]!.message}`, { issues });
  }
  return store.publishConfig(environmentId, (version, publishedAt) => renderConfig(content, version, publishedAt), meta);
}

/** A 422 for drafts stored by an older release that no longer validate, with paths under `field`. */
function staleDraft(field: string, what: string, error: z.ZodError): ApiError {
  const issues = error.issues.map((i) => ({ path: issuePath([field, ...i.path]), message: i.message }));
  return new ApiError(422, 'invalid_config', `${what} does not validate: ${issues[0]!.path}: ${issues[0]!.message}`, { issues });
}

/** Turns the drafts (catalog, rules and settings) into a new immutable version. */
export async function publishDrafts(store: Store, environmentId: string, meta?: VersionMeta): Promise<PublishedConfig> {
  const catalog = Catalog.safeParse(await store.getDraftCatalog(environmentId));
  if (!catalog.success) throw new ApiError(409, 'no_catalog', 'There is no valid draft catalog to publish; PUT /v1/catalog first');
  const rules = z.array(Rule).safeParse(await store.listDraftRules(environmentId));
  if (!rules.success) throw staleDraft('rules', 'A draft rule', rules.error);
  const content: ConfigContent = { catalog: catalog.data, rules: rules.data };
  // No draft settings: the config carries none and every default applies.
  const stored = await store.getDraftSettings(environmentId);
  if (stored !== null) {
    const settings = Settings.safeParse(stored);
    if (!settings.success) throw staleDraft('settings', 'The draft settings', settings.error);
    content.settings = settings.data;
  }
  return publishContent(store, environmentId, content, meta);
}

/** Writes `content` as the environment's drafts, e.g. when seeding. */
export async function writeDrafts(store: Store, environmentId: string, content: ConfigContent): Promise<void> {
  await store.putDraftCatalog(environmentId, content.catalog);
  for (const rule of content.rules) await store.putDraftRule(environmentId, rule.id, rule);
  if (content.settings) await store.putDraftSettings(environmentId, content.settings);
}

/** The content of the environment's live version, or null before the first publish. */
export async function liveContent(store: Store, environmentId: string): Promise<ConfigContent | null> {
  const live = await store.getLiveConfig(environmentId);
  if (!live) return null;
  const parsed = Config.safeParse(JSON.parse(live.body));
  if (!parsed.success) return null;
  const { catalog, rules, settings } = parsed.data;
  return settings ? { catalog, rules, settings } : { catalog, rules };
}
