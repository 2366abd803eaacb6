import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAdmin } from '../../server/cli/admin-create';
import { createApp } from '../../server/http/app';
import { openSqliteStore } from '../../server/store/sqlite';
import { openPostgresStore } from '../../server/store/postgres/store';
import { secretBox } from '../../server/infra/secrets/box';
import { newMasterKey } from '../../server/infra/secrets/master-key';
import { postgresUrl, tempPgDatabase } from '../helpers/stores';
import type { Store } from '../../server/store/types';
import { AdminClient, signedIn } from '../helpers/admin-client';
import { expectApiError } from '../helpers/http';
import { createTestApp, recordingLogger, tempDir, type TestApp } from '../helpers/test-app';

// `npm run admin:create`: console access from the command line, for the first owner or a lost password.

const T0 = Date.UTC(2026, 11, 1, 9);
const PASSWORD = 'a long enough passphrase';
const OTHER_PASSWORD = 'another long passphrase';

describe('createAdmin', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('makes an owner who can sign in, and says so', async () => {
    expect(await createAdmin(t.store, { email: ' Ada@Acme.com ', password: PASSWORD, name: 'Ada' }, T0)).toEqual({ ok: true, message: 'ada@acme.com can now sign in to the console as owner.' });
    const ada = await signedIn(t.app, 'ada@acme.com', PASSWORD);
    expect(ada.user).toMatchObject({ email: 'ada@acme.com', name: 'Ada', role: 'owner', createdAt: new Date(T0).toISOString() });
    const [entry] = await t.store.listAudit({ kind: 'person', limit: 1 });
    expect(entry).toMatchObject({ action: 'person.created', target: 'ada@acme.com', actor: { type: 'system', label: 'npm run admin:create' } });
  });

  it('makes another role when asked, and refuses one that does not exist', async () => {
    expect((await createAdmin(t.store, { email: 'bob@acme.com', password: PASSWORD, role: 'editor' }, T0)).ok).toBe(true);
    expect((await signedIn(t.app, 'bob@acme.com', PASSWORD)).user?.role).toBe('editor');
    expect(await createAdmin(t.store, { email: 'cleo@acme.com', password: PASSWORD, role: 'admin' }, T0)).toEqual({ ok: false, error: '--role must be one of viewer, editor, publisher, owner; got "admin"' });
    expect(await t.store.findUserByEmail('cleo@acme.com')).toBeNull();
  });

  it('refuses an email that already has access, unless asked to reset its password', async () => {
    await createAdmin(t.store, { email: 'ada@acme.com', password: PASSWORD }, T0);
    expect(await createAdmin(t.store, { email: 'ADA@acme.com', password: OTHER_PASSWORD }, T0)).toEqual({ ok: false, error: 'ada@acme.com already has access (owner); add --reset to give them a new password' });
    expect((await new AdminClient(t.app).signIn('ada@acme.com', PASSWORD)).status).toBe(200);
    await expectApiError(await new AdminClient(t.app).signIn('ada@acme.com', OTHER_PASSWORD), 401, 'invalid_credentials');
  });

  it('with reset, sets the new password and signs the person out everywhere', async () => {
    await createAdmin(t.store, { email: 'ada@acme.com', password: PASSWORD }, T0);
    const laptop = await signedIn(t.app, 'ada@acme.com', PASSWORD);
    const phone = await signedIn(t.app, 'ada@acme.com', PASSWORD);
    expect(await createAdmin(t.store, { email: 'ada@acme.com', password: OTHER_PASSWORD, reset: true }, T0)).toEqual({ ok: true, message: 'New password set for ada@acme.com (owner); 2 session(s) signed out.' });
    await expectApiError(await laptop.get('/v1/admin/me'), 401, 'unauthorized');
    await expectApiError(await phone.get('/v1/admin/me'), 401, 'unauthorized');
    await expectApiError(await new AdminClient(t.app).signIn('ada@acme.com', PASSWORD), 401, 'invalid_credentials');
    expect((await new AdminClient(t.app).signIn('ada@acme.com', OTHER_PASSWORD)).status).toBe(200);
    const [entry] = await t.store.listAudit({ kind: 'person', limit: 1 });
    expect(entry).toMatchObject({ action: 'person.password_reset', target: 'ada@acme.com', actor: { type: 'system' } });
    expect(JSON.stringify(entry)).not.toContain(OTHER_PASSWORD);
  });

  it.each([
    [{ email: 'ada', password: PASSWORD }, '--email must be an email address such as you@acme.com'],
    [{ email: 'ada@acme', password: PASSWORD }, '--email must be an email address such as you@acme.com'],
    [{ email: 'ada@acme.com', password: 'short' }, 'The password must be at least 12 characters'],
    [{ email: 'ada@acme.com', password: 'x'.repeat(257) }, 'The password must be at most 256 characters'],
  ])('refuses %j: %s', async (input, error) => {
    expect(await createAdmin(t.store, input, T0)).toEqual({ ok: false, error });
    expect(await t.store.countUsers()).toBe(0);
  });
});

describe('the command line: node dist/admin-create.js', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const tool = join(root, 'dist/admin-create.js');
  let tmp: ReturnType<typeof tempDir>;
  let file: string;
  const open: Store[] = [];
  beforeEach(() => {
    tmp = tempDir('upshift-admin-create-');
    file = join(tmp.dir, 'data', 'upshift.db');
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    tmp.remove();
  });

  /** Runs the built tool as `npm run admin:create -- …` does, with the database and password from the environment. */
  function run(args: string[], password: string | undefined = PASSWORD, extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const env: NodeJS.ProcessEnv = { ...process.env, UPSHIFT_DB: file };
    delete env.UPSHIFT_ENCRYPTION_KEY;
    delete env.UPSHIFT_DATABASE_URL;
    Object.assign(env, extraEnv);
    if (password === undefined) delete env.UPSHIFT_ADMIN_PASSWORD;
    else env.UPSHIFT_ADMIN_PASSWORD = password;
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [tool, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  /** The server as `npm start` opens it: the same file and the key file beside it. */
  function appOver() {
    const store = openSqliteStore(file);
    open.push(store);
    return createApp({ store, logger: recordingLogger() });
  }

  it('is built', () => {
    expect(existsSync(tool), `${tool} (npm run build)`).toBe(true);
  });

  it('makes an owner in the server’s database, who then signs in, on a fresh install without its data folder', async () => {
    const result = await run(['--email', 'x@acme.com']);
    expect(result, result.stderr).toMatchObject({ code: 0, stdout: 'x@acme.com can now sign in to the console as owner.\n' });
    const app = appOver();
    const x = await signedIn(app, 'x@acme.com', PASSWORD);
    expect(x.user?.role).toBe('owner');
    await expectApiError(await new AdminClient(app).signIn('x@acme.com', OTHER_PASSWORD), 401, 'invalid_credentials');
  });

  it('exits 1 with the reason for an email that has access, and resets with --reset', async () => {
    expect((await run(['--email', 'x@acme.com'])).code).toBe(0);
    const again = await run(['--email', 'x@acme.com'], OTHER_PASSWORD);
    expect(again).toMatchObject({ code: 1, stdout: '' });
    expect(again.stderr).toContain('x@acme.com already has access (owner); add --reset');
    const reset = await run(['--email', 'x@acme.com', '--reset'], OTHER_PASSWORD);
    expect(reset).toMatchObject({ code: 0, stdout: 'New password set for x@acme.com (owner); 0 session(s) signed out.\n' });
    expect((await new AdminClient(appOver()).signIn('x@acme.com', OTHER_PASSWORD)).status).toBe(200);
  });

  it.skipIf(!postgresUrl)('makes an owner in a PostgreSQL database with UPSHIFT_DATABASE_URL, as the nodes open it', async () => {
    const database = await tempPgDatabase();
    try {
      const key = newMasterKey();
      const env = { UPSHIFT_DATABASE_URL: database.url, UPSHIFT_ENCRYPTION_KEY: key.toString('hex') };
      const result = await run(['--email', 'pg@acme.com', '--role', 'publisher'], PASSWORD, env);
      expect(result, result.stderr).toMatchObject({ code: 0, stdout: 'pg@acme.com can now sign in to the console as publisher.\n' });
      // Nothing was written beside a SQLite file: the person is in PostgreSQL.
      expect(existsSync(file)).toBe(false);
      const store = await openPostgresStore(database.url, { secrets: secretBox(key) });
      open.push(store);
      const x = await signedIn(createApp({ store, logger: recordingLogger() }), 'pg@acme.com', PASSWORD);
      expect(x.user?.role).toBe('publisher');
      const refused = await run(['--email', 'pg@acme.com'], PASSWORD, { UPSHIFT_DATABASE_URL: database.url });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('UPSHIFT_ENCRYPTION_KEY');
    } finally {
      await Promise.all(open.splice(0).map((s) => s.close()));
      await database.drop();
    }
  });

  it('exits 2 with the usage without --email, and 1 for a short password', async () => {
    const usage = await run([]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: npm run admin:create -- --email you@acme.com');
    const short = await run(['--email', 'x@acme.com'], 'short');
    expect(short).toMatchObject({ code: 1 });
    expect(short.stderr).toContain('The password must be at least 12 characters');
  });
});
