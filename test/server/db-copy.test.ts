import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app';
import { secretBox } from '../../server/infra/secrets/box';
import { keyFileFor, readKeyFile } from '../../server/infra/secrets/master-key';
import { openPostgresStore } from '../../server/store/postgres/store';
import { hashPassword } from '../../server/services/auth/password';
import { fakeDns } from '../helpers/dns';
import { postEvents } from '../helpers/http';
import { root } from '../helpers/readme';
import { postgresUrl, tempPgDatabase } from '../helpers/stores';
import { createTestApp, recordingLogger, type TestApp } from '../helpers/test-app';
import { iso, listConversions, postConversion, secretCall, T0 } from './conversion-helpers';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** `npm run db:copy` as an operator runs it: the real script in a process of its own. */
function dbCopy(from: string, to: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'db-copy.ts'), '--from', from, '--to', to], { cwd: root, encoding: 'utf8' });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

/** Every table's row count, read straight from the SQLite file (schema_migrations is per dialect). */
function countsInFile(file: string): Map<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'").pluck().all() as string[];
    return new Map(tables.map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}

/** The script's table of counts: `<table> <sqlite> <postgresql>` per line. */
function printedCounts(out: string): Map<string, [number, number]> {
  const rows = [...out.matchAll(/^(\w+)\s+(\d+)\s+(\d+)$/gm)];
  return new Map(rows.map((m) => [m[1]!, [Number(m[2]), Number(m[3])]]));
}

/** A SQLite deployment with some of everything: a published config, events of each kind, conversions, a webhook endpoint, a console user. */
async function seededApp(): Promise<{ t: TestApp; eventId: string }> {
  const t = await createTestApp();
  cleanups.push(() => t.cleanup());
  const base = { at: iso(Date.now() - 60_000), userId: 'u1', accountId: 'acct-1', ruleId: 'api-usage-ladder', surface: 'banner', configVersion: 1 };
  const events = [
    { ...base, id: crypto.randomUUID(), type: 'exposure', trigger: 'usage' },
    { ...base, id: crypto.randomUUID(), type: 'impression', tier: 'p85' },
    { ...base, id: crypto.randomUUID(), type: 'click', tier: 'p85', variant: 'b' },
    { id: crypto.randomUUID(), type: 'track', name: 'report.exported', at: base.at, userId: 'u2', accountId: 'acct-2' },
  ];
  const res = await postEvents(t.app, t.key, { events });
  expect(await res.json()).toEqual({ accepted: events.length, duplicates: 0 });
  for (const [i, at] of [T0, T0 + 3_600_000].entries()) {
    const c = await postConversion(t, { account: `acct-${i + 1}`, type: 'upgrade', mrrDelta: 5000 + i, currency: 'USD', plan: 'pro', at: iso(at), idempotencyKey: `inv_${i}` });
    expect(c.status).toBe(201);
  }
  expect((await secretCall(t, 'PUT', '/v1/webhooks', { url: 'https://hooks.acme.test/upshift' })).status).toBeLessThan(300);
  await t.store.createUser({ email: 'ada@acme.test', name: 'Ada', role: 'owner', passwordHash: await hashPassword('correct horse battery staple') }, T0);
  return { t, eventId: events[0]!.id };
}

describe.skipIf(!postgresUrl)('npm run db:copy', () => {
  it('copies every table into an empty PostgreSQL database with matching counts, and the app serves the same data from it', async () => {
    const { t, eventId } = await seededApp();
    const target = await tempPgDatabase({ empty: true });
    cleanups.push(() => target.drop());

    const copy = dbCopy(t.file, target.url);
    expect(copy.err).toBe('');
    expect(copy.status).toBe(0);
    const expected = countsInFile(t.file);
    const printed = printedCounts(copy.out);
    expect(new Set(printed.keys())).toEqual(new Set(expected.keys()));
    for (const [table, n] of expected) expect(printed.get(table), table).toEqual([n, n]);
    for (const table of ['environments', 'events', 'conversions', 'webhook_endpoints', 'users']) expect(expected.get(table), table).toBeGreaterThan(0);

    // The same key opens the copied sealed secrets: the one beside the SQLite file.
    const key = readKeyFile(keyFileFor(t.file));
    if ('error' in key) throw new Error(key.error);
    const store = await openPostgresStore(target.url, { secrets: secretBox(key) });
    cleanups.push(() => store.close());
    const app = createApp({ store, logger: recordingLogger(), webhooks: { allowPrivate: false, resolve: fakeDns() } });
    const pgT: TestApp = { ...t, app, store };

    const before = await t.app.request(`/v1/config?key=${t.key}`);
    const after = await app.request(`/v1/config?key=${t.key}`);
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).toBe(before.headers.get('etag'));
    expect(await after.text()).toBe(await before.text());
    expect(await listConversions(pgT)).toEqual(await listConversions(t));
    expect((await store.getWebhookEndpoint(t.environment.id))?.secret).toBe((await t.store.getWebhookEndpoint(t.environment.id))?.secret);

    const fresh = { id: crypto.randomUUID(), type: 'track', name: 'after.copy', at: new Date().toISOString(), userId: 'u3', accountId: 'acct-3' };
    const copied = { ...fresh, id: eventId };
    expect(await (await postEvents(app, t.key, { events: [fresh] })).json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(await (await postEvents(app, t.key, { events: [copied] })).json()).toEqual({ accepted: 0, duplicates: 1 });
  });

  it('refuses a database that already holds rows, and leaves it as it was', async () => {
    const { t } = await seededApp();
    const target = await tempPgDatabase({ empty: true });
    cleanups.push(() => target.drop());
    expect(dbCopy(t.file, target.url).status).toBe(0);
    const again = dbCopy(t.file, target.url);
    expect(again.status).toBe(1);
    expect(again.err).toMatch(/not empty/);
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    cleanups.push(() => client.end());
    expect(Number((await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM events')).rows[0]?.n)).toBe(countsInFile(t.file).get('events'));
  });

  it('fails loudly when a SQLite column has no PostgreSQL counterpart', async () => {
    const { t } = await seededApp();
    const db = new Database(t.file);
    db.exec('ALTER TABLE conversions ADD COLUMN only_in_sqlite TEXT');
    db.close();
    const target = await tempPgDatabase({ empty: true });
    cleanups.push(() => target.drop());
    const copy = dbCopy(t.file, target.url);
    expect(copy.status).toBe(1);
    expect(copy.err).toContain('column conversions.only_in_sqlite exists in SQLite but not in PostgreSQL');
  });
});
