import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, UpshiftError, type UpshiftClient } from '../../client';
import { demoContent } from '../../server/demo/seed';
import { root } from '../helpers/readme';
import { startCliServer, type CliServer } from '../cli/harness';

// Each method of the typed client against the real app on loopback, over a real SQLite file.
// Known answers come from the demo content (the ladder's tiers at 70/85/95 % of 10,000 API calls
// on the starter plan) and from what each call itself sent.

let server: CliServer;
let client: UpshiftClient;
const ladder = demoContent.rules.find((r) => r.id === 'api-usage-ladder')!;

beforeAll(async () => {
  server = await startCliServer();
  client = createClient({ url: server.url, secretKey: server.t.secretKey });
});
afterAll(async () => {
  await server.close();
});

/** The UpshiftError a promise rejects with. */
async function failure(p: Promise<unknown>): Promise<UpshiftError> {
  const e: unknown = await p.then(() => null, (error: unknown) => error);
  expect(e).toBeInstanceOf(UpshiftError);
  return e as UpshiftError;
}

describe('createClient', () => {
  it('decide: the live config decides tier p70 at 7,200 of 10,000 API calls', async () => {
    const answer = await client.decide({ context: { user: { id: 'u1' }, account: { id: 'a1', plan: 'starter' }, usage: { api_calls: 7200 } }, state: { rules: {} }, at: '2026-11-22T12:00:00Z' });
    expect(answer.configVersion).toBe(server.t.published!.version);
    expect(answer.prompt).toMatchObject({ ruleId: 'api-usage-ladder', tier: 'p70' });
    expect(answer.reasons.map((r) => r.ruleId).sort()).toEqual(demoContent.rules.filter((r) => r.status === 'live' || r.status === 'paused').map((r) => r.id).sort());
  });

  it('reportConversion: 201 then the same conversion again; listConversions has it once', async () => {
    const input = { account: 'acme', type: 'upgrade', mrrDelta: 4900, currency: 'USD', plan: 'growth', at: '2026-11-22T12:00:00Z', idempotencyKey: 'inv_1' } as const;
    const first = await client.reportConversion(input);
    expect(first).toMatchObject({ created: true, conversion: { account: 'acme', mrrDelta: 4900, idempotencyKey: 'inv_1', source: 'api' } });
    expect(await client.reportConversion(input)).toEqual({ created: false, conversion: first.conversion });
    expect((await client.listConversions({ limit: 10 })).map((c) => c.id)).toEqual([first.conversion.id]);
    const reused = await failure(client.reportConversion({ ...input, mrrDelta: 100 }));
    expect(reused).toMatchObject({ status: 409, code: 'idempotency_key_reused', details: { fields: ['mrrDelta'] } });
  });

  it('rules: put (201, then 200), get, list, delete, then 404', async () => {
    const copy = { ...ladder, id: 'copy', name: 'A copy', status: 'draft' as const };
    const saved = await client.putRule(copy);
    expect(saved.rule).toMatchObject({ id: 'copy', name: 'A copy' });
    expect(Array.isArray(saved.warnings)).toBe(true);
    expect((await client.getRule('copy')).name).toBe('A copy');
    expect((await client.listRules()).rules.map((r) => r.id).sort()).toEqual([...demoContent.rules.map((r) => r.id), 'copy'].sort());
    await client.deleteRule('copy');
    expect(await failure(client.getRule('copy'))).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('a refused body carries the server\'s field paths', async () => {
    const e = await failure(client.putRule({ ...ladder, id: 'bad', priority: -5 }));
    expect(e.status).toBe(400);
    expect(e.code).toBe('invalid_request');
    expect(e.details).toMatchObject({ issues: [{ path: 'priority' }] });
  });

  it('catalog and settings: get and put', async () => {
    const catalog = await client.getCatalog();
    expect(catalog.plans.map((p) => p.id)).toEqual(demoContent.catalog.plans.map((p) => p.id));
    expect((await client.putCatalog(catalog)).warnings).toEqual([]);
    expect(await client.getSettings()).toEqual({});
    expect(await client.putSettings({ holdout: 3 })).toEqual({ holdout: 3 });
    expect(await client.getSettings()).toEqual({ holdout: 3 });
  });

  it('changes, publish, versions and rollback', async () => {
    const first = server.t.published!.version;
    expect((await client.changes()).settings).toEqual([{ path: 'holdout', after: 3 }]);
    const published = await client.publish({ note: 'Hold out 3 %' });
    expect(published).toMatchObject({ version: first + 1, note: 'Hold out 3 %' });
    expect((await client.versions()).map((v) => v.version).sort()).toEqual([first, first + 1]);
    expect(await client.rollback(first)).toMatchObject({ version: first + 2, rolledBackTo: first });
  });

  it('export, then import as a dry run: no changes against itself', async () => {
    const file = await client.export();
    expect(file).toMatchObject({ format: 'upshift-export', environment: { name: 'Test' } });
    expect(await client.import(file, { dryRun: true })).toMatchObject({ applied: false, changes: { total: 0 } });
  });
});

describe('failures', () => {
  it('a wrong key: 401 with the server\'s code', async () => {
    const e = await failure(createClient({ url: server.url, secretKey: 'sk_wrong' }).versions());
    expect(e.status).toBe(401);
    expect(e.code).not.toBe('unexpected_response');
  });
  it('no server: status 0, network_error, the URL in the message', async () => {
    // A loopback port that was just free: bound, then closed, so the connection is refused.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    await new Promise((resolve) => probe.close(resolve));
    const e = await failure(createClient({ url, secretKey: 'sk_x' }).versions());
    expect(e).toMatchObject({ status: 0, code: 'network_error' });
    expect(e.message).toContain(`Could not reach ${url}: `);
  });
  it('a URL that is not one throws at once', () => {
    expect(() => createClient({ url: 'upshift.example.com', secretKey: 'sk_x' })).toThrow(UpshiftError);
  });
  it('uses the fetch it is given', async () => {
    const seen: string[] = [];
    const spy = createClient({ url: `${server.url}/`, secretKey: server.t.secretKey, fetch: (input, init) => (seen.push(String(input)), fetch(input, init)) });
    await spy.versions();
    expect(seen).toEqual([`${server.url}/v1/versions`]);
  });
});

describe('the README', () => {
  it('lists every method the client has', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### The typed client'), readme.indexOf('\n## Analytics\n'));
    const named = new Set([...section.matchAll(/`(\w+)`/g)].map((m) => m[1]));
    const methods = Object.keys(createClient({ url: 'http://127.0.0.1', secretKey: 'sk_x' }));
    expect(methods.filter((m) => !named.has(m))).toEqual([]);
  });
});
