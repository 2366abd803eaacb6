import { createClient } from '../client/client';
import { UpshiftError } from '../client/error';
import { parseCommandLine, stringFlag, type CommandContext, type Invocation } from './args';
import { diff, pull, push } from './commands/drafts';
import { exportDrafts, importDrafts } from './commands/transfer';
import { publish, rollback, versions } from './commands/versions';
import { CliFailure, EXIT, fromClientError, type ExitCode } from './failure';
import { commandHelp, toolHelp } from './help';
import { note, noteJson, out } from './output';
import type { CommandName } from './specs';

const RUN: Record<CommandName, (ctx: CommandContext) => Promise<void>> = {
  pull, diff, push, publish, versions, rollback, export: exportDrafts, import: importDrafts,
};

type Env = Record<string, string | undefined>;

/** The server and key: flags first, then the environment; neither is a failure to connect. */
function clientFor(invocation: Extract<Invocation, { kind: 'run' }>, env: Env) {
  const url = stringFlag(invocation.flags, 'url') ?? env.UPSHIFT_URL;
  const key = stringFlag(invocation.flags, 'key') ?? env.UPSHIFT_SECRET_KEY;
  if (!url) throw new CliFailure(EXIT.connection, 'missing_url', 'No server URL: pass --url or set UPSHIFT_URL');
  if (!key) throw new CliFailure(EXIT.connection, 'missing_key', 'No secret key: pass --key or set UPSHIFT_SECRET_KEY (an sk_… key of the environment)');
  try {
    return createClient({ url, secretKey: key });
  } catch (e) {
    if (e instanceof UpshiftError) throw new CliFailure(EXIT.usage, e.code, e.message);
    throw e;
  }
}

function report(failure: CliFailure, json: boolean): ExitCode {
  if (json) {
    noteJson({ error: { code: failure.code, message: failure.message, exitCode: failure.exitCode, problems: failure.problems } });
  } else {
    note(`upshift: ${failure.message}`);
    for (const p of failure.problems) note(`  ${p.where ? `${p.where}: ` : ''}${p.message}`);
  }
  return failure.exitCode;
}

/** Runs one command line to its exit code; every outcome is said on stdout or stderr first. */
export async function run(argv: readonly string[], env: Env, now: () => number = Date.now): Promise<ExitCode> {
  const json = argv.includes('--json');
  try {
    const invocation = parseCommandLine(argv);
    if (invocation.kind === 'help') {
      out(invocation.command ? commandHelp(invocation.command) : toolHelp());
      return EXIT.ok;
    }
    const client = clientFor(invocation, env);
    await RUN[invocation.command]({ client, positionals: invocation.positionals, flags: invocation.flags, json: invocation.json, now: now() });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CliFailure) return report(e, json);
    if (e instanceof UpshiftError) return report(fromClientError(e), json);
    // A bug rather than a refusal: say so plainly, with what is known.
    return report(new CliFailure(EXIT.refused, 'internal', `unexpected error: ${e instanceof Error ? e.message : String(e)}`), json);
  }
}
