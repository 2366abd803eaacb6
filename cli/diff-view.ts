import type { ContentChanges } from '../shared/schemas/publishing';
import { ruleFile } from './files';

interface Change {
  path: string;
  before?: unknown;
  after?: unknown;
}

const show = (v: unknown) => JSON.stringify(v);

/** One field: `~ path: before → after`, `+ path: after` (new) or `- path: before` (gone). */
function line(c: Change): string {
  if (!('before' in c)) return `  + ${c.path}: ${show(c.after)}`;
  if (!('after' in c)) return `  - ${c.path}: ${show(c.before)}`;
  return `  ~ ${c.path}: ${show(c.before)} → ${show(c.after)}`;
}

/** How a rule is named: by its file for `diff` and `push`, by its id for an import. */
const namer = (files: boolean) => (r: { id: string; name?: string | undefined }) => {
  const label = files ? ruleFile(r.id) : `rule ${r.id}`;
  return r.name ? `${label} (${r.name})` : label;
};

/**
 * The changes as a person reads them, grouped by the file they come from, field by field inside a
 * changed rule, the catalog or the settings. `kept` lists draft rules without a file that stay.
 */
export function renderChanges(changes: ContentChanges, options: { kept?: readonly string[]; files?: boolean } = {}): string {
  const { kept = [], files = true } = options;
  const named = namer(files);
  const lines: string[] = [];
  for (const r of changes.rules.added) lines.push(`+ ${named(r)}: new rule`);
  for (const r of changes.rules.removed) lines.push(`- ${named(r)}: rule deleted`);
  for (const r of changes.rules.changed) lines.push(`~ ${named(r)}`, ...r.changes.map(line));
  if (changes.catalog.length) lines.push(files ? '~ catalog.json' : '~ catalog', ...changes.catalog.map(line));
  if (changes.settings.length) lines.push(files ? '~ settings.json' : '~ settings', ...changes.settings.map(line));
  if (!lines.length) lines.push(files ? 'No changes: the drafts match the files.' : 'No changes: the drafts match the file.');
  if (kept.length) lines.push(`Kept (draft rules with no file; --prune deletes them): ${kept.join(', ')}`);
  return lines.join('\n');
}
