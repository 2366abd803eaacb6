import type { VersionView } from '../../../shared/schemas/publishing';
import type { Rule } from '../../../shared/schemas/rule';
import { api, ApiFailure, envPath } from '../api';
import type { Warning } from '../ui/json-editor';
import { resource } from './resource';

/** A stored draft that no longer validates (a schema change), named so it can be fixed. */
export interface InvalidDraft {
  id: string | null;
  issues: { path: string; message: string }[];
}

/** `GET rules`: every stored draft. Drafts come back as stored, so the list must not trust their shape. */
export interface RulesList {
  rules: Partial<Rule>[];
  invalid?: InvalidDraft[];
}

/** One published version: who published it, when and why (`GET versions`). */
export type VersionSummary = VersionView;

export const rules = resource<RulesList>();
export const versions = resource<VersionSummary[]>();

export const loadRules = (envId: string): Promise<void> => rules.load(() => api<RulesList>('GET', envPath(envId, 'rules')), envId);

export const loadVersions = (envId: string): Promise<void> =>
  versions.load(async () => (await api<{ versions: VersionSummary[] }>('GET', envPath(envId, 'versions'))).versions, envId);

/** Creates or replaces the draft `id`; answers the server's lint warnings. */
export async function saveRule(envId: string, id: string, rule: unknown): Promise<Warning[]> {
  const answer = await api<{ rule: Rule; warnings: Warning[] }>('PUT', envPath(envId, `rules/${encodeURIComponent(id)}`), rule);
  await loadRules(envId);
  return answer.warnings;
}

/** Whether a draft `id` exists: a new rule must not silently replace it, even before the list has loaded. */
export async function ruleExists(envId: string, id: string): Promise<boolean> {
  try {
    await api('GET', envPath(envId, `rules/${encodeURIComponent(id)}`));
    return true;
  } catch (e) {
    if (e instanceof ApiFailure && e.status === 404) return false;
    throw e;
  }
}

export async function deleteRule(envId: string, id: string): Promise<void> {
  await api('DELETE', envPath(envId, `rules/${encodeURIComponent(id)}`));
  await loadRules(envId);
}

/**
 * Adds the README walkthrough's two example rules (a usage ladder and a locked-feature panel,
 * `shared/examples.ts`) as drafts, through the same PUT as any edit. They need the example catalog.
 */
export async function addExampleRules(envId: string): Promise<Warning[]> {
  const { exampleRules } = await import('../../../shared/examples');
  const warnings: Warning[] = [];
  for (const rule of exampleRules) {
    const answer = await api<{ warnings: Warning[] }>('PUT', envPath(envId, `rules/${encodeURIComponent(rule.id)}`), rule);
    warnings.push(...answer.warnings);
  }
  await loadRules(envId);
  return warnings;
}

// Publishing, rollback, export and import: model/publishing.ts.

/** What "New rule" starts from: a valid shape to edit, not a rule anyone should publish as is. */
export const NEW_RULE_TEMPLATE = {
  id: 'new-rule',
  name: 'New rule',
  status: 'draft',
  priority: 10,
  trigger: { type: 'feature', feature: 'your-feature-id' },
  offer: { type: 'upgrade', plan: 'next' },
  surface: 'panel',
  content: { title: 'Unlock this with {{offer.name}}', body: 'Explain what the feature does for them.', cta: 'Upgrade' },
};
