import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../cli/specs';
import { at, startCliServer, upshift, type CliServer } from './harness';

// Every way to get it wrong says what is wrong on stderr and exits with the documented code:
// 2 usage, 3 connection or key, 1 a refusal.

let server: CliServer;
let notUpshift: Server;
let notUpshiftUrl = '';
/** A loopback port nothing listens on: bound, then closed. */
let closedPort = 0;

const listen = (s: Server) => new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)));

beforeAll(async () => {
  server = await startCliServer();
  // A web server that is not Upshift: HTML for every path.
  notUpshift = createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not here</h1>'));
  notUpshiftUrl = `http://127.0.0.1:${await listen(notUpshift)}`;
  const probe = createServer();
  closedPort = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
});
afterAll(async () => {
  await new Promise((resolve) => notUpshift.close(resolve));
  await server.close();
});

describe('usage errors exit 2', { timeout: 60_000 }, () => {
  it.each([
    [['frobnicate'], 'Unknown command "frobnicate"'],
    [[], 'No command given'],
    [['versions', '--force'], "Unknown option '--force'"],
    [['pull', '--prune'], '"pull" does not take --prune'],
    [['rollback'], '"rollback" needs <n>'],
    [['rollback', 'latest'], 'rollback needs a version number such as 3, got "latest"'],
    [['versions', 'extra'], '"versions" takes no arguments, got "extra"'],
    [['versions', '--url', 'not a url', '--key', 'sk_x'], '"not a url" is not a URL'],
  ])('upshift %j', async (args, message) => {
    const result = await upshift(args, { env: { UPSHIFT_URL: server.url, UPSHIFT_SECRET_KEY: server.t.secretKey } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });
});

describe('connection and key errors exit 3', { timeout: 60_000 }, () => {
  it('without a key', async () => {
    const result = await upshift(['versions'], { env: { UPSHIFT_URL: server.url } });
    expect(result).toMatchObject({ code: 3, stderr: 'upshift: No secret key: pass --key or set UPSHIFT_SECRET_KEY (an sk_… key of the environment)\n' });
  });
  it('without a URL', async () => {
    const result = await upshift(['versions'], { env: { UPSHIFT_SECRET_KEY: server.t.secretKey } });
    expect(result).toMatchObject({ code: 3, stderr: 'upshift: No server URL: pass --url or set UPSHIFT_URL\n' });
  });
  it('when nothing listens at the URL', async () => {
    const result = await upshift(['versions', '--url', `http://127.0.0.1:${closedPort}`, '--key', server.t.secretKey]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`upshift: Could not reach http://127.0.0.1:${closedPort}: `);
  });
  it('when the URL is not an Upshift server', async () => {
    const result = await upshift(['versions', '--url', notUpshiftUrl, '--key', server.t.secretKey]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("answered 404 without an Upshift error; is this the Upshift server's URL?");
  });
  it('when the server refuses the key (401)', async () => {
    const result = await upshift(['versions', '--json', '--url', server.url, '--key', 'sk_not_a_real_key']);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { exitCode: 3, message: expect.stringContaining('(check --key or UPSHIFT_SECRET_KEY)') } });
  });
});

describe('the environment variables and refusals', { timeout: 60_000 }, () => {
  it('reads UPSHIFT_URL and UPSHIFT_SECRET_KEY', async () => {
    const result = await upshift(['versions', '--json'], { env: { UPSHIFT_URL: server.url, UPSHIFT_SECRET_KEY: server.t.secretKey } });
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { versions: { version: number }[] }).versions.map((v) => v.version)).toEqual([server.t.published!.version]);
  });
  it('a version that does not exist is a refusal (exit 1) with the server\'s message', async () => {
    const result = await upshift(['rollback', '999', ...at(server)]);
    expect(result).toMatchObject({ code: 1, stderr: 'upshift: No published version 999\n' });
  });
});

describe('--help', { timeout: 60_000 }, () => {
  it('documents every command and the exit codes', async () => {
    const result = await upshift(['--help']);
    expect(result.code).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(result.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect(result.stdout).toContain('  3  connection:');
  });
  it.each(Object.keys(COMMANDS))('upshift %s --help', async (name) => {
    const result = await upshift([name, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: upshift ${name}`));
    expect(result.stdout).toContain('Exit codes:');
  });
});
