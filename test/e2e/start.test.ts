import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { demoOwnerOf, removeDir, setupTokenOf, startServer } from './harness';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe('npm start', () => {
  it('seeds the demo on first run, prints its URLs and keys, and closes the database cleanly on Ctrl-C', async () => {
    const server = await startServer();
    dirs.push(server.dir);
    const out = server.output();
    for (const path of ['/demo', '/admin', '/v1']) expect(out).toMatch(new RegExp(`http://localhost:\\d+${path}`));
    const publishable = /Publishable key: (pk_\w+)/.exec(out)?.[1];
    const secret = /Secret key:\s+(sk_\w+)/.exec(out)?.[1];
    expect(publishable).toBeDefined();
    expect(secret).toBeDefined();
    expect(out).toContain('(created now)');

    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    const config = await fetch(`${server.url}/v1/config?key=${publishable}`);
    expect(config.status).toBe(200);
    // Leave a write in the WAL so a clean close has something to checkpoint.
    const events = await fetch(`${server.url}/v1/events?key=${publishable}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ events: [{ id: crypto.randomUUID(), type: 'track', name: 'signed_in', at: new Date().toISOString(), userId: 'u1', accountId: 'a1' }] }),
    });
    expect(await events.json()).toEqual({ accepted: 1, duplicates: 0 });

    expect(await server.stop('SIGINT')).toBe(0);
    expect(server.output()).toContain('Database closed');
    // Closing the last connection checkpoints the WAL into the main file and removes it.
    const wal = `${server.dbFile}-wal`;
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
    const db = new Database(server.dbFile, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((db.prepare("SELECT COUNT(*) AS n FROM events WHERE name = 'signed_in'").get() as { n: number }).n).toBe(1);
    db.close();

    // A restart on the same database keeps the environment, its keys and its data.
    const again = await startServer({ dir: server.dir });
    expect(again.output()).toContain(`Publishable key: ${publishable}`);
    expect(again.output()).toContain(`Secret key:      ${secret}`);
    expect(again.output()).not.toContain('(created now)');
    expect(await again.stop('SIGTERM')).toBe(0);
  });

  it('stops cleanly when Ctrl-C reaches the whole `npm start` process group', async () => {
    const server = await startServer({ viaNpm: true });
    dirs.push(server.dir);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // npm re-raises the SIGINT once its child has exited, as shells expect; the server itself exits 0.
    await server.stop('SIGINT');
    expect(server.output()).toContain('Database closed. Bye.');
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    const wal = `${server.dbFile}-wal`;
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
  });

  it('prints the demo owner\'s console login with the keys, the same at every start, and it signs in', async () => {
    const server = await startServer();
    dirs.push(server.dir);
    const owner = demoOwnerOf(server);
    expect(server.output()).toMatch(/http:\/\/localhost:\d+\/admin/);
    expect(server.output()).not.toContain('/admin/setup#token=');
    const signIn = await fetch(`${server.url}/v1/admin/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(owner) });
    expect(signIn.status).toBe(200);
    expect(((await signIn.json()) as { user: { role: string } }).user.role).toBe('owner');
    expect(await server.stop()).toBe(0);
    const again = await startServer({ dir: server.dir });
    expect(demoOwnerOf(again)).toEqual(owner);
    expect(await again.stop()).toBe(0);
  });

  it('with UPSHIFT_DEMO=0 seeds nothing and prints a one-time setup link that makes the first owner', async () => {
    const server = await startServer({ demo: false });
    dirs.push(server.dir);
    expect(server.output()).not.toContain('Publishable key');
    expect(server.output()).not.toContain('demo owner');
    expect(server.output()).not.toContain('/demo');
    expect(server.output()).toMatch(/Admin console: +http:\/\/localhost:\d+\/admin/);
    expect((await fetch(`${server.url}/demo`)).status).toBe(404);
    const token = setupTokenOf(server);
    const setup = (body: object) => fetch(`${server.url}/v1/admin/setup`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const owner = { email: 'owner@acme.test', password: 'a long enough password' };
    expect((await setup({ ...owner, token: `${token}x` })).status).toBe(403);
    expect((await setup({ ...owner, token })).status).toBe(201);
    expect((await setup({ ...owner, email: 'second@acme.test', token })).status).toBe(409);
    expect(await server.stop()).toBe(0);
    // Once someone has access, no setup link is printed again.
    const again = await startServer({ dir: server.dir, demo: false });
    expect(again.output()).not.toContain('/admin/setup#token=');
    expect(await again.stop()).toBe(0);
  });

  it('refuses a port that is taken with a clear message and a non-zero exit', async () => {
    const first = await startServer();
    dirs.push(first.dir);
    const port = new URL(first.url).port;
    const { spawn } = await import('node:child_process');
    const { join } = await import('node:path');
    const { root } = await import('../helpers/readme');
    const second = spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], {
      cwd: root,
      env: { ...process.env, PORT: port, HOST: '127.0.0.1', UPSHIFT_DB: join(first.dir, 'other.db') },
    });
    let out = '';
    second.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    expect(code).toBe(1);
    expect(out).toContain(`Port ${port} is already in use`);
    expect(await first.stop()).toBe(0);
  });
});
