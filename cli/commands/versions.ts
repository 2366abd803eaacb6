import { stringFlag, type CommandContext } from '../args';
import { usageError } from '../failure';
import { out, outJson } from '../output';
import type { VersionView } from '../../client/types';

const describe = (v: VersionView) =>
  [`v${v.version}`, v.publishedAt, v.publishedBy ?? 'unknown', v.note ?? ''].filter((part, i) => i < 3 || part !== '').join('  ');

/** `publish [--note]`: the drafts become a new version. */
export async function publish(ctx: CommandContext): Promise<void> {
  const note = stringFlag(ctx.flags, 'note');
  const version = await ctx.client.publish(note === undefined ? {} : { note });
  if (ctx.json) return outJson(version);
  out(`Published version ${version.version}; widgets get it on their next config fetch.`);
}

/** `versions`: newest first. */
export async function versions(ctx: CommandContext): Promise<void> {
  const list = [...(await ctx.client.versions())].sort((a, b) => b.version - a.version);
  if (ctx.json) return outJson({ versions: list });
  out(list.length ? list.map(describe).join('\n') : 'No version has been published yet.');
}

/** `rollback <n>`: version n's content, published again. */
export async function rollback(ctx: CommandContext): Promise<void> {
  const raw = ctx.positionals[0] ?? '';
  // Checked here so a typo is a usage error, not a round trip.
  if (!/^[1-9]\d*$/.test(raw)) throw usageError(`rollback needs a version number such as 3, got "${raw}"; "upshift versions" lists them`);
  const note = stringFlag(ctx.flags, 'note');
  const version = await ctx.client.rollback(Number(raw), note === undefined ? {} : { note });
  if (ctx.json) return outJson(version);
  out(`Published version ${version.version} with the content of version ${raw}.`);
}
