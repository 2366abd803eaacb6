import { resolve } from 'node:path';
import type { CommandContext } from '../args';
import { renderChanges } from '../diff-view';
import { writeDraftFiles } from '../files';
import { note, out, outJson } from '../output';
import { plan } from '../sync';

const dirOf = (ctx: CommandContext) => ctx.positionals[0] ?? '.';

/** `pull [dir]`: the drafts as files. */
export async function pull(ctx: CommandContext): Promise<void> {
  const drafts = await ctx.client.export();
  const result = writeDraftFiles(resolve(dirOf(ctx)), drafts);
  if (ctx.json) return outJson({ ...result, dir: dirOf(ctx), environment: drafts.environment.name });
  out(`Pulled the drafts of ${drafts.environment.name} into ${dirOf(ctx)}: catalog, settings and ${drafts.rules.length} rule${drafts.rules.length === 1 ? '' : 's'}.`);
  for (const file of result.removed) out(`Removed ${file}: the rule no longer exists.`);
}

/** `diff [dir]`: what push would change, field by field. */
export async function diff(ctx: CommandContext): Promise<void> {
  const p = await plan(ctx.client, dirOf(ctx), { prune: ctx.flags.prune === true, quiet: ctx.json, now: ctx.now });
  if (ctx.json) return outJson({ changes: p.changes, kept: p.kept, warnings: p.warnings });
  out(renderChanges(p.changes, { kept: p.kept }));
}

/** `push [dir]`: validate, show the diff, write the drafts in one go. */
export async function push(ctx: CommandContext): Promise<void> {
  const p = await plan(ctx.client, dirOf(ctx), { prune: ctx.flags.prune === true, quiet: ctx.json, now: ctx.now });
  if (p.changes.total === 0) {
    if (ctx.json) return outJson({ changes: p.changes, kept: p.kept, warnings: p.warnings, applied: false });
    return out(renderChanges(p.changes, { kept: p.kept }));
  }
  // The import validates the whole file again and replaces the drafts in one transaction: a refusal changes nothing.
  await ctx.client.import(p.file, { dryRun: false });
  if (ctx.json) return outJson({ changes: p.changes, kept: p.kept, warnings: p.warnings, applied: true });
  out(renderChanges(p.changes, { kept: p.kept }));
  out(`Pushed ${p.changes.total} change${p.changes.total === 1 ? '' : 's'} to the drafts. Publish them with: upshift publish --note "…"`);
  if (p.warnings.length) note(`${p.warnings.length} warning${p.warnings.length === 1 ? '' : 's'} above: worth a look before publishing.`);
}
