import { writeFileSync } from 'node:fs';
import { stringFlag, type CommandContext } from '../args';
import { renderChanges } from '../diff-view';
import { readJson } from '../files';
import { out, outJson } from '../output';

/** `export [--out file]`: the console's export file, to stdout or a file. */
export async function exportDrafts(ctx: CommandContext): Promise<void> {
  const file = await ctx.client.export();
  const text = `${JSON.stringify(file, null, 2)}\n`;
  const target = stringFlag(ctx.flags, 'out');
  if (target === undefined) return out(text);
  writeFileSync(target, text);
  if (ctx.json) return outJson({ out: target, environment: file.environment.name, rules: file.rules.length });
  out(`Exported the drafts of ${file.environment.name} (${file.rules.length} rules) to ${target}.`);
}

/** `import <file> [--dry-run]`: the file replaces the drafts; the server validates it whole. */
export async function importDrafts(ctx: CommandContext): Promise<void> {
  const path = ctx.positionals[0] ?? '';
  const view = await ctx.client.import(readJson(path, path), { dryRun: ctx.flags['dry-run'] === true });
  if (ctx.json) return outJson(view);
  out(renderChanges(view.changes, { files: false }));
  out(view.applied ? `Imported ${path}: ${view.changes.total} change${view.changes.total === 1 ? '' : 's'} to the drafts.` : 'Dry run: nothing was changed.');
}
