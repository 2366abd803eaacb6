import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/readme';

// `npx upshift` as package.json declares it: the launcher runs the built CLI (global setup builds
// it when stale), and stdout carries only the command's output.

const run = (file: string, args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    // npm offline: the project's own bin must answer; nothing is fetched from a registry.
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', npm_config_offline: 'true', npm_config_update_notifier: 'false' };
    execFile(file, args, { cwd: root, env }, (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }));
  });

describe('the upshift bin', { timeout: 60_000 }, () => {
  it('bin/upshift.mjs --help prints the help on stdout', async () => {
    const result = await run(process.execPath, [join(root, 'bin', 'upshift.mjs'), '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^upshift: Upshift rules as code\n/);
  });

  it('npx upshift --help finds the project\'s own bin', async () => {
    const result = await run('npx', ['upshift', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^upshift: Upshift rules as code\n/);
  });

  it('keeps its exit codes through the launcher', async () => {
    const result = await run(process.execPath, [join(root, 'bin', 'upshift.mjs'), 'versions', '--bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--bogus'");
  });
});
