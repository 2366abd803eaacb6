import { COMMANDS, GLOBAL, OPTIONS, type CommandName, type OptionName } from './specs';

const flag = (name: OptionName) => {
  const spec = OPTIONS[name];
  return spec.value ? `--${name} <${spec.value}>` : `--${name}`;
};
const optionLines = (names: readonly OptionName[]) => {
  const width = Math.max(...names.map((n) => flag(n).length));
  return names.map((n) => `  ${flag(n).padEnd(width)}  ${OPTIONS[n].help}`);
};

const EXIT_CODES = [
  'Exit codes:',
  '  0  done',
  '  1  refused: the files or the request did not pass validation or lint, or the server said no',
  '  2  usage: unknown command or flag, a missing or malformed argument',
  '  3  connection: no URL or key, server unreachable, key refused (401/403) or a server error',
];

/** `upshift --help`. */
export function toolHelp(): string {
  const names = Object.keys(COMMANDS) as CommandName[];
  const width = Math.max(...names.map((n) => `${n} ${COMMANDS[n].args}`.length));
  return [
    'upshift: Upshift rules as code',
    '',
    'Usage: upshift <command> [arguments] [flags]',
    '',
    'Commands:',
    ...names.map((n) => `  ${`${n} ${COMMANDS[n].args}`.padEnd(width)}  ${COMMANDS[n].summary}`),
    '',
    'Flags for every command:',
    ...optionLines(GLOBAL),
    '',
    'Workflow: upshift pull rules/ → edit → upshift diff rules/ → upshift push rules/ → upshift publish --note "…"',
    '',
    ...EXIT_CODES,
    '',
    'Run "upshift <command> --help" for more about one command.',
  ].join('\n');
}

/** `upshift <command> --help`. */
export function commandHelp(name: CommandName): string {
  const spec = COMMANDS[name];
  const own: readonly OptionName[] = spec.options;
  return [
    `Usage: upshift ${name}${spec.args ? ` ${spec.args}` : ''} [flags]`,
    '',
    `${spec.summary[0]!.toUpperCase()}${spec.summary.slice(1)}.`,
    ...spec.details,
    '',
    'Flags:',
    ...optionLines([...own, ...GLOBAL]),
    '',
    ...EXIT_CODES,
  ].join('\n');
}
