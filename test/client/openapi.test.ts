import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type UpshiftClient } from '../../client';
import { demoContent } from '../../server/demo/seed';
import { startCliServer, type CliServer } from '../cli/harness';

// The typed client checked against the OpenAPI document the server serves: each method, called
// for real against the app, must send a (method, path) the document describes as an operation
// taking a secret key, with a body its documented request schema accepts.

interface Operation {
  security?: Record<string, string[]>[];
  requestBody?: { required?: boolean; content: Record<string, { schema: object }> };
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: object;
}
interface Sent {
  method: string;
  path: string;
  body: unknown;
}

let server: CliServer;
let doc: Document;
let sent: Sent[] = [];
let client: UpshiftClient;
const ladder = demoContent.rules[0]!;

beforeAll(async () => {
  server = await startCliServer();
  doc = (await (await fetch(`${server.url}/v1/openapi.json`)).json()) as Document;
  const recording: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    sent.push({ method: init?.method ?? 'GET', path: url.pathname, body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined });
    return fetch(input, init);
  };
  client = createClient({ url: server.url, secretKey: server.t.secretKey, fetch: recording });
});
afterAll(async () => {
  await server.close();
});

/** One real call per method; a Record over the client's keys, so a new method without a call here is a type error. */
const calls: Record<keyof UpshiftClient, () => Promise<unknown>> = {
  decide: () => client.decide({ context: { user: { id: 'u1' }, account: { id: 'a1', plan: 'starter' }, usage: { api_calls: 7200 } }, at: '2026-11-22T12:00:00Z' }),
  reportConversion: () => client.reportConversion({ account: 'a1', type: 'upgrade', mrrDelta: 100, currency: 'USD', at: '2026-11-22T12:00:00Z', idempotencyKey: 'k1' }),
  listConversions: () => client.listConversions({ limit: 5 }),
  listRules: () => client.listRules(),
  getRule: () => client.getRule(ladder.id),
  putRule: () => client.putRule({ ...ladder, id: 'copy', status: 'draft' }),
  deleteRule: () => client.deleteRule('copy'),
  getCatalog: () => client.getCatalog(),
  putCatalog: async () => client.putCatalog(await client.getCatalog()),
  getSettings: () => client.getSettings(),
  putSettings: () => client.putSettings({ holdout: 2 }),
  changes: () => client.changes(),
  publish: () => client.publish({ note: 'from the client' }),
  versions: () => client.versions(),
  rollback: () => client.rollback(1, { note: 'back' }),
  export: () => client.export(),
  import: async () => client.import(await client.export(), { dryRun: true }),
};

/** The document's path template that `path` fills in, e.g. `/v1/rules/{id}` for `/v1/rules/copy`. */
const template = (path: string) =>
  Object.keys(doc.paths).find((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path));

describe('the client against /v1/openapi.json', () => {
  it.each(Object.keys(calls) as (keyof UpshiftClient)[])('%s', async (name) => {
    sent = [];
    await calls[name]();
    const own = sent.at(-1)!;
    const path = template(own.path);
    expect(path, `${own.method} ${own.path} is not in the document`).toBeDefined();
    const operation = doc.paths[path!]![own.method.toLowerCase()];
    expect(operation, `${own.method} ${path} is not an operation`).toBeDefined();
    expect(operation!.security).toContainEqual({ secretKey: [] });
    const documented = operation!.requestBody?.content['application/json']?.schema;
    if (own.body === undefined) {
      expect(operation!.requestBody?.required ?? false).toBe(false);
      return;
    }
    expect(documented, `${own.method} ${path} documents no JSON body`).toBeDefined();
    // The documented schema, with the document's components for its $refs; formats are the server's to check.
    const validate = new Ajv2020({ strict: false, validateFormats: false }).compile({ ...documented, components: doc.components });
    expect(validate(own.body), JSON.stringify(validate.errors)).toBe(true);
  });

  it('the check can fail: a body the documented schema refuses', () => {
    const operation = doc.paths['/v1/conversions']!['post']!;
    const validate = new Ajv2020({ strict: false, validateFormats: false }).compile({ ...operation.requestBody!.content['application/json']!.schema, components: doc.components });
    expect(validate({ account: 'a1', type: 'bought-a-boat' })).toBe(false);
  });
});
