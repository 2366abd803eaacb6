import type { ContentChanges, DraftChangesView, ExportFile, ImportView } from '../../../shared/schemas/publishing';
import { api, envPath } from '../api';
import { loadRules, loadVersions, type VersionSummary } from './rules';
import { resource } from './resource';

/** What publishing the drafts now would change (the "Review and publish" dialog). */
export const draftChanges = resource<DraftChangesView>();
/** What rolling back to a version would change, for the confirmation; keyed by version. */
export const rollbackChanges = resource<ContentChanges & { version: number }>();

export const loadDraftChanges = (envId: string): Promise<void> => draftChanges.load(() => api<DraftChangesView>('GET', envPath(envId, 'changes')), envId);

export const loadRollbackChanges = (envId: string, version: number): Promise<void> =>
  rollbackChanges.load(async () => ({ ...(await api<ContentChanges>('GET', envPath(envId, `versions/${version}/changes`))), version }), `${envId}:${version}`);

/** Publishes the drafts with the publisher's note (the server requires one from a person). */
export async function publishWithNote(envId: string, note: string): Promise<VersionSummary> {
  const published = await api<VersionSummary>('POST', envPath(envId, 'publish'), { note });
  await loadVersions(envId);
  return published;
}

/** Publishes version `n`'s content again as a new version, noted "Rollback to version n" plus `note`. */
export async function rollbackTo(envId: string, n: number, note: string): Promise<VersionSummary> {
  const published = await api<VersionSummary>('POST', envPath(envId, `versions/${n}/rollback`), note.trim() ? { note: note.trim() } : undefined);
  await loadVersions(envId);
  return published;
}

/** The export download: a same-origin GET the server answers as an attachment (no blob URL, which the console CSP would refuse). */
export const exportUrl = (envId: string): string => envPath(envId, 'export');

/** Checks an export file against this environment's drafts without changing them: the diff. */
export const previewImport = (envId: string, file: unknown): Promise<ImportView> => api<ImportView>('POST', envPath(envId, 'import'), { file, dryRun: true });

/** Replaces the drafts with the file's; nothing is published. */
export async function applyImport(envId: string, file: unknown): Promise<ImportView> {
  const view = await api<ImportView>('POST', envPath(envId, 'import'), { file, dryRun: false });
  await loadRules(envId);
  return view;
}

export type { ContentChanges, DraftChangesView, ExportFile, ImportView };
