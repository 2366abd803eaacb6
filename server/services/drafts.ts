import { z } from 'zod';
import { Catalog } from '../../shared/schemas/catalog';
import { Config, SCHEMA_VERSION, type ConfigContent } from '../../shared/schemas/config';
import { Rule } from '../../shared/schemas/rule';
import { Settings } from '../../shared/schemas/settings';
import { ApiError, issuePath } from '../http/errors';
import type { Environment } from '../store/config-types';
import type { Store } from '../store/types';

/** An environment's drafts, each validated: what export writes and import replaces. */
export interface Drafts {
  catalog: Catalog;
  rules: Rule[];
  settings: Settings;
}

const invalid = (field: string, what: string, error: z.ZodError) => {
  const issues = error.issues.map((i) => ({ path: issuePath([field, ...i.path]), message: i.message }));
  return new ApiError(422, 'invalid_config', `${what} does not validate (${issues[0]!.path}: ${issues[0]!.message}); fix it first`, { issues });
};

/** The environment's drafts; 409 without a catalog, 422 when a stored draft no longer validates. */
export async function readDrafts(store: Store, env: Environment): Promise<Drafts> {
  const stored = await store.getDraftCatalog(env.id);
  if (stored === null) throw new ApiError(409, 'no_catalog', `${env.name} has no draft catalog yet; save one first`);
  const catalog = Catalog.safeParse(stored);
  if (!catalog.success) throw invalid('catalog', `The draft catalog of ${env.name}`, catalog.error);
  const rules = z.array(Rule).safeParse(await store.listDraftRules(env.id));
  if (!rules.success) throw invalid('rules', `A draft rule of ${env.name}`, rules.error);
  const settings = Settings.safeParse((await store.getDraftSettings(env.id)) ?? {});
  if (!settings.success) throw invalid('settings', `The draft settings of ${env.name}`, settings.error);
  return { catalog: catalog.data, rules: rules.data, settings: settings.data };
}

/** The drafts as stored, however they parse, for diffing against an import: catalog may be null. */
export async function storedDrafts(store: Store, envId: string) {
  const rules = (await store.listDraftRules(envId)).filter((r): r is { id: string } => typeof (r as { id?: unknown })?.id === 'string');
  return { catalog: await store.getDraftCatalog(envId), rules, settings: (await store.getDraftSettings(envId)) ?? {} };
}

const publishable = (status: unknown) => status === 'live' || status === 'paused';

/**
 * What a publish of the drafts would serve, shaped as the live config is read back (through the
 * config schema, defaults filled in) so that only real differences show. Rules in draft or archived
 * status are never published: they come back in `unpublished`.
 */
export async function publishableDrafts(store: Store, envId: string) {
  const stored = (await store.listDraftRules(envId)) as { id?: unknown; name?: unknown; status?: unknown }[];
  const rules = stored.filter((r) => publishable(r?.status));
  const unpublished = stored
    .filter((r) => typeof r?.id === 'string' && !publishable(r.status))
    .map((r) => ({ id: r.id as string, ...(typeof r.name === 'string' ? { name: r.name } : {}), status: String(r.status ?? 'draft') }));
  const catalog = await store.getDraftCatalog(envId);
  const settings = await store.getDraftSettings(envId);
  const raw = { catalog, rules, ...(settings === null ? {} : { settings }) };
  const parsed = Config.safeParse({ schemaVersion: SCHEMA_VERSION, version: 1, publishedAt: new Date(0).toISOString(), ...raw });
  const content: ConfigContent | typeof raw = parsed.success ? withoutServerFields(parsed.data) : raw;
  return { content: content as { catalog?: unknown; rules: { id: string }[]; settings?: unknown }, unpublished };
}

function withoutServerFields(config: Config): ConfigContent {
  const { catalog, rules, settings } = config;
  return settings ? { catalog, rules, settings } : { catalog, rules };
}
