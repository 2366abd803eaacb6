import type { UpshiftClient } from '../client/client';
import { UpshiftError } from '../client/error';
import type { ExportFile } from '../client/types';
import { contentChanges } from '../shared/content-changes';
import { EXPORT_FORMAT, type ContentChanges } from '../shared/schemas/publishing';
import { Rule } from '../shared/schemas/rule';
import { CliFailure, EXIT, type Problem } from './failure';
import { readDraftFiles } from './files';
import { checkFiles } from './validate';
import { note } from './output';

/** What `push` would send and what it changes; `diff` shows it, `push` then applies `file`. */
export interface Plan {
  file: ExportFile;
  changes: ContentChanges;
  /** Draft rules with no file, kept because --prune was not given. */
  kept: string[];
  /** Lint that does not stop a push, with file and field path. */
  warnings: Problem[];
}

/** The drafts as the server holds them; an environment without a catalog yet has rules and settings only. */
async function serverDrafts(client: UpshiftClient) {
  try {
    return await client.export();
  } catch (e) {
    if (!(e instanceof UpshiftError && e.code === 'no_catalog')) throw e;
    const [{ rules: stored }, settings] = await Promise.all([client.listRules(), client.getSettings()]);
    const rules = stored.map((r) => Rule.safeParse(r));
    // A stored draft that no longer validates could be neither diffed nor sent back: have it fixed first.
    if (rules.some((r) => !r.success)) throw new CliFailure(EXIT.refused, 'invalid_draft', 'A draft rule on the server no longer validates; fix or delete it in the console first');
    return { environment: { name: 'this environment' }, catalog: null, rules: rules.flatMap((r) => (r.success ? [r.data] : [])), settings };
  }
}

/**
 * Validates and lints the files in `dir` (refusing with every problem before a single request),
 * then diffs them against the server's drafts. Both sides have been through the same schemas, so
 * only real edits show. Warnings go to stderr unless the output is JSON.
 */
export async function plan(client: UpshiftClient, dir: string, options: { prune: boolean; quiet: boolean; now: number }): Promise<Plan> {
  const checked = checkFiles(readDraftFiles(dir), options.now);
  if (!options.quiet) for (const w of checked.warnings) note(`warning: ${w.where}: ${w.message}`);
  if (!checked.ok) {
    const n = checked.errors.length;
    throw new CliFailure(EXIT.refused, 'invalid_files', `${n} problem${n === 1 ? '' : 's'} in ${dir}; nothing was sent`, checked.errors);
  }
  const server = await serverDrafts(client);
  const local = checked.content;
  const ids = new Set(local.rules.map((r) => r.id));
  const others = server.rules.filter((r) => !ids.has(r.id));
  const rules = options.prune ? local.rules : [...local.rules, ...others];
  const file: ExportFile = {
    format: EXPORT_FORMAT, formatVersion: 1, exportedAt: new Date(options.now).toISOString(), environment: { name: server.environment.name },
    catalog: local.catalog, rules, settings: local.settings,
  };
  const changes = contentChanges(server, file);
  return { file, changes, kept: options.prune ? [] : others.map((r) => r.id), warnings: checked.warnings };
}
