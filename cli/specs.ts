// What each command takes: its flags, how many arguments, and the words `--help` shows for it.

export type OptionName = 'url' | 'key' | 'json' | 'help' | 'prune' | 'note' | 'out' | 'dry-run';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** Shown in help after the flag: `--note <text>`. */
  value?: string;
  help: string;
}

export const OPTIONS: Record<OptionName, OptionSpec> = {
  url: { type: 'string', value: 'url', help: 'the server, e.g. https://upshift.example.com (default: $UPSHIFT_URL)' },
  key: { type: 'string', value: 'sk_…', help: "the environment's secret key (default: $UPSHIFT_SECRET_KEY)" },
  json: { type: 'boolean', help: 'print the result as JSON on stdout, errors as JSON on stderr' },
  help: { type: 'boolean', help: 'show help' },
  prune: { type: 'boolean', help: 'also delete draft rules that have no file' },
  note: { type: 'string', value: 'text', help: 'why: shown in the version history' },
  out: { type: 'string', value: 'file', help: 'write the file here instead of stdout' },
  'dry-run': { type: 'boolean', help: 'show what would change, change nothing' },
};

/** Flags every command takes. */
export const GLOBAL: readonly OptionName[] = ['url', 'key', 'json', 'help'];

export interface CommandSpec {
  args: string;
  /** How many positional arguments, at least and at most. */
  min: number;
  max: number;
  options: readonly OptionName[];
  summary: string;
  /** More lines for `upshift <command> --help`. */
  details: readonly string[];
}

export const COMMANDS = {
  pull: {
    args: '[dir]', min: 0, max: 1, options: [], summary: 'write the drafts as files: catalog.json, settings.json, rules/<id>.json',
    details: ['dir defaults to the current directory. Rule files whose rule no longer exists are removed.', 'Keys are sorted and indented by two spaces, so git diffs stay small.'],
  },
  diff: {
    args: '[dir]', min: 0, max: 1, options: ['prune'], summary: 'show, field by field, what push would change in the drafts',
    details: ['Without --prune, draft rules that have no file are listed as kept.'],
  },
  push: {
    args: '[dir]', min: 0, max: 1, options: ['prune'], summary: 'validate and lint the files, show the diff, then write them as drafts',
    details: ['On any validation or lint error nothing is sent and the exit code is 1.', 'Draft rules that have no file are kept, unless --prune is given.', 'All changes are written in one transaction; nothing is published.'],
  },
  publish: {
    args: '', min: 0, max: 0, options: ['note'], summary: 'publish the drafts as a new version, served to widgets at once',
    details: ['Example: upshift publish --note "Raise the API ladder to 75 %"'],
  },
  versions: { args: '', min: 0, max: 0, options: [], summary: 'list the published versions, newest first', details: [] },
  rollback: {
    args: '<n>', min: 1, max: 1, options: ['note'], summary: "publish version n's content again as a new version",
    details: ['Drafts are left as they are: pull again if you want the files to match.'],
  },
  export: {
    args: '', min: 0, max: 0, options: ['out'], summary: "download the drafts as one JSON file (the console's export)",
    details: ['Example: upshift export --out staging.json'],
  },
  import: {
    args: '<file>', min: 1, max: 1, options: ['dry-run'], summary: 'replace the drafts with an exported file (rules not in it are removed)',
    details: ['Example: upshift import staging.json --dry-run'],
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;
export const isCommand = (name: string): name is CommandName => Object.hasOwn(COMMANDS, name);
