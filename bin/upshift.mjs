#!/usr/bin/env node
// @ts-check
// `npx upshift …`: runs the built CLI (dist/cli.js). In a checkout it first rebuilds the CLI when
// it is missing or older than its sources, with the build's output on stderr so that stdout
// carries only the command's result (`--json` stays parseable).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { newest, root } from '../scripts/build-if-stale.mjs';

const built = join(root, 'dist', 'cli.js');
const SOURCES = ['cli', 'client', 'shared', 'server/services/lint.ts', 'server/services/condition-lint.ts'];

function staleReason() {
  if (!existsSync(built)) return 'dist/cli.js is missing';
  const at = statSync(built).mtimeMs;
  return SOURCES.find((src) => newest(join(root, src)) > at) ? 'its sources changed' : null;
}

const reason = existsSync(join(root, 'cli')) ? staleReason() : null;
if (reason) {
  process.stderr.write(`Building the upshift CLI (${reason})…\n`);
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn', '-c', 'cli/vite.config.ts'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    process.stderr.write('upshift: building the CLI failed; see above\n');
    process.exit(1);
  }
}
// A computed specifier: the typechecker must not follow it into the build output.
const cli = '../dist/cli.js';
await import(cli);
