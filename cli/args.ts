import { parseArgs } from 'node:util';
import type { UpshiftClient } from '../client/client';
import { usageError } from './failure';
import { COMMANDS, GLOBAL, OPTIONS, isCommand, type CommandName, type OptionName } from './specs';

/** Flag values as given; absent flags are absent. */
export type Flags = Partial<Record<OptionName, string | boolean>>;

/** What the command line asks for: help text, or a command to run. */
export type Invocation =
  | { kind: 'help'; command: CommandName | null; json: boolean }
  | { kind: 'run'; command: CommandName; positionals: string[]; flags: Flags; json: boolean };

const ALL = Object.fromEntries(Object.entries(OPTIONS).map(([name, spec]) => [name, { type: spec.type }])) as Record<OptionName, { type: 'string' | 'boolean' }>;

/**
 * Reads argv (without node and the script). Every flag of every command is known to the parser,
 * so flags may come before or after the command; one the command does not take is a usage error.
 */
export function parseCommandLine(argv: readonly string[]): Invocation {
  let parsed: { values: Flags; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options: ALL, allowPositionals: true, strict: true }) as { values: Flags; positionals: string[] };
  } catch (e) {
    // node:util's messages name the flag ("Unknown option '--force'"); keep them, drop its hint about `--`.
    throw usageError(e instanceof Error ? e.message.replace(/\. To specify a positional argument.*$/s, '') : String(e));
  }
  const { values, positionals } = parsed;
  const json = values.json === true;
  const [name, ...rest] = positionals;
  if (name === undefined) {
    if (values.help) return { kind: 'help', command: null, json };
    throw usageError('No command given; run "upshift --help" to see them');
  }
  if (!isCommand(name)) throw usageError(`Unknown command "${name}"; run "upshift --help" to see them`);
  if (values.help) return { kind: 'help', command: name, json };
  const spec = COMMANDS[name];
  const allowed = new Set<OptionName>([...spec.options, ...GLOBAL]);
  const stray = (Object.keys(values) as OptionName[]).find((k) => !allowed.has(k));
  if (stray) throw usageError(`"${name}" does not take --${stray}; run "upshift ${name} --help"`);
  if (rest.length < spec.min) throw usageError(`"${name}" needs ${spec.args}; run "upshift ${name} --help"`);
  if (rest.length > spec.max) throw usageError(`"${name}" takes ${spec.max === 0 ? 'no arguments' : `only ${spec.args}`}, got "${rest.join(' ')}"`);
  return { kind: 'run', command: name, positionals: rest, flags: values, json };
}

/** A string flag's value, or undefined. */
export const stringFlag = (flags: Flags, name: OptionName): string | undefined => {
  const v = flags[name];
  return typeof v === 'string' ? v : undefined;
};

/** What a command runs with: the client, its arguments and flags, whether to answer in JSON, and now. */
export interface CommandContext {
  client: UpshiftClient;
  positionals: string[];
  flags: Flags;
  json: boolean;
  now: number;
}
