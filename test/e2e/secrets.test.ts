import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from '../helpers/readme';
import { modeOf, occurrences } from '../server/secrets-helpers';
import { removeDir, startServer, type RunningServer } from './harness';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

/** Runs `npm start` (or another package script) to its end, as an operator would with these variables; answers its exit code and everything it printed. */
function runToEnd(script: 'start' | 'secrets:rekey', dbFile: string, env: Record<string, string> = {}): { code: number | null; out: string } {
  const result = spawnSync('npm', ['run', '--silent', script], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', UPSHIFT_DB: dbFile, ...env },
    encoding: 'utf8',
    // A start that wrongly succeeded would run until killed: the test then fails on its code.
    timeout: 60_000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

/** A secret-key request to the running server. */
async function call(server: RunningServer, secretKey: string, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${secretKey}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.status).toBeLessThan(300);
  return (await res.json()) as Record<string, unknown>;
}

describe('secrets at rest, as the server process runs', () => {
  it('makes the key file on first run, keeps secrets sealed, refuses a wrong key, and rekeys with the server stopped', async () => {
    const server = await startServer();
    dirs.push(server.dir);
    const keyFile = join(server.dir, 'upshift.key');
    expect(server.output()).toContain(`Encryption key: ${keyFile} (created now: back it up, and keep it apart from database backups)`);
    const secretKey = /Secret key:\s+(sk_\w+)/.exec(server.output())![1]!;
    const identity = (await call(server, secretKey, 'PUT', '/v1/identity', { required: false })).secret as string;
    const webhook = (await call(server, secretKey, 'PUT', '/v1/webhooks', { url: 'https://hooks.acme.test/upshift' })).secret as string;
    expect(occurrences(server.dbFile, [identity, webhook])).toEqual([]);
    for (const f of [server.dbFile, `${server.dbFile}-wal`, `${server.dbFile}-shm`, keyFile]) expect(`${f}: ${modeOf(f)}`).toBe(`${f}: 600`);
    expect(modeOf(server.dir)).toBe('700');

    // Rekeying under a running server would leave it with the old key: refused.
    const busy = runToEnd('secrets:rekey', server.dbFile);
    expect(busy.code).toBe(1);
    expect(busy.out).toContain('is open in another process (is Upshift running?): stop it first');
    expect(await server.stop()).toBe(0);
    expect(occurrences(server.dbFile, [identity, webhook])).toEqual([]);

    const wrong = runToEnd('start', server.dbFile, { UPSHIFT_ENCRYPTION_KEY: randomBytes(32).toString('hex') });
    expect(wrong.code).toBe(1);
    expect(wrong.out).toContain(
      `Cannot open the database at ${server.dbFile}: none of the 2 encrypted secrets in the database opens with this encryption key: it is not the key they were encrypted with. Set UPSHIFT_ENCRYPTION_KEY to the key they were encrypted with`,
    );

    const oldKey = readFileSync(keyFile, 'utf8');
    const rekeyed = runToEnd('secrets:rekey', server.dbFile);
    expect(rekeyed.out).toContain(`Re-encrypted 2 secrets under a new key, now in ${keyFile} (mode 0600). Back it up.`);
    expect(rekeyed.code).toBe(0);
    expect(readFileSync(keyFile, 'utf8')).not.toBe(oldKey);
    expect(runToEnd('start', server.dbFile, { UPSHIFT_ENCRYPTION_KEY: oldKey.trim() }).code).toBe(1);

    const again = await startServer({ dir: server.dir });
    expect(again.output()).toContain(`Encryption key: ${keyFile}\n`);
    expect(await call(again, secretKey, 'GET', '/v1/identity')).toMatchObject({ secret: identity });
    expect(await call(again, secretKey, 'GET', '/v1/webhooks')).toMatchObject({ webhook: { secretPrefix: webhook.slice(0, 12) } });
    expect(await again.stop()).toBe(0);

    // A lost key file is not silently replaced: the start is refused, and the key it made is not left behind.
    unlinkSync(keyFile);
    const lost = runToEnd('start', server.dbFile);
    expect(lost.code).toBe(1);
    expect(lost.out).toContain(`The key file ${keyFile} was missing, so a new key was made (and removed again): restore the key file from your backup`);
    expect(existsSync(keyFile)).toBe(false);
  });

  it('refuses a malformed UPSHIFT_ENCRYPTION_KEY before creating anything, without printing it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'upshift-e2e-'));
    dirs.push(dir);
    const dbFile = join(dir, 'data', 'upshift.db');
    const refused = runToEnd('start', dbFile, { UPSHIFT_ENCRYPTION_KEY: 'hunter2-hunter2' });
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('UPSHIFT_ENCRYPTION_KEY is malformed (15 characters): it must be 32 random bytes written as 64 hex characters or in base64');
    expect(refused.out).not.toContain('hunter2');
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });
});
