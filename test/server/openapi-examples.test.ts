import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocument } from '../../server/http/openapi';
import type { oas31 } from 'zod-openapi';
import { exampleCatalog, exampleRules } from '../../shared/examples';
import { addPerson, signedIn, type AdminClient } from '../helpers/admin-client';
import { fakeDns } from '../helpers/dns';
import { BASE } from '../helpers/http';
import { validatorOf } from './openapi-helpers';
import { APP_ORIGIN, createTestApp, type TestApp } from '../helpers/test-app';

interface Example {
  method: string;
  path: string;
  op: oas31.OperationObject;
  body: unknown;
}

/** Every operation whose request body carries an example, in the document's own words. */
function examples(doc: oas31.OpenAPIObject): Example[] {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, oas31.OperationObject>).flatMap(([method, op]) => {
      const media = (op.requestBody as oas31.RequestBodyObject | undefined)?.content['application/json'];
      return media && media.example !== undefined ? [{ method: method.toUpperCase(), path, op, body: media.example }] : [];
    }),
  );
}

/**
 * The order a person would send them in: the catalog before the rules that name its metrics, a
 * publish before a rollback, and requiring identity tokens last (after it the widget's examples
 * would need a token).
 */
const rank = (id = '') => (/Catalog$/i.test(id) ? 0 : /^(console)?(publish|rollback)$/i.test(id) ? 2 : /Identity/i.test(id) ? 3 : 1);

/** Path parameters: the rule in the body, version 1 (the test app publishes it), the test environment. */
function concrete(path: string, body: unknown, envId: string): string {
  const id = (body as { id?: unknown } | null)?.id;
  return path
    .replace('{env}', envId)
    .replace('{environmentId}', envId)
    .replace('{n}', '1')
    .replace('{id}', typeof id === 'string' ? id : 'unknown');
}

/** Why a request never reached its body's check, or was refused for it: the answers this test exists to catch. */
const REFUSED_FOR_INPUT = new Set(['invalid_request', 'invalid_json', 'unsupported_media_type', 'missing_key', 'unknown_key', 'csrf_required', 'origin_not_allowed']);

describe('every request example in the document is accepted by the real app', () => {
  let t: TestApp;
  let owner: AdminClient;
  const doc = buildDocument('0.0.0');
  const all = examples(doc).sort((a, b) => rank(a.op.operationId) - rank(b.op.operationId));

  beforeAll(async () => {
    // The webhook example's host resolves to a public address, as it would in production.
    t = await createTestApp({ webhooks: { allowPrivate: false, resolve: fakeDns({ 'app.acme.com': ['93.184.216.34'] }) } });
    await addPerson(t.store, 'owner@acme.test', 'owner');
    owner = await signedIn(t.app, 'owner@acme.test');
    // The examples build on the README walkthrough: its catalog and rules are live, as a reader's would be.
    const send = async (method: string, path: string, body?: unknown) => {
      const res = await t.app.request(`${BASE}${path}`, {
        method,
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${t.secretKey}` },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
    };
    await send('PUT', '/v1/catalog', exampleCatalog);
    for (const rule of exampleRules) await send('PUT', `/v1/rules/${rule.id}`, rule);
    await send('POST', '/v1/publish', { note: 'The walkthrough' });
    // Trials and admin requests without an identity token need the environment to say so.
    await send('PUT', '/v1/identity', { required: false, unverifiedActions: true });
  });
  afterAll(() => t.cleanup());

  it('finds the examples the brief asks for', () => {
    const ids = all.map((e) => e.op.operationId);
    for (const id of ['putRule', 'putCatalog', 'putSettings', 'publish', 'rollback', 'importDrafts', 'postEvents', 'reportConversion', 'decide', 'consolePutRule']) {
      expect(ids).toContain(id);
    }
  });

  it('shows as its error example what the server answers to an event of an unknown type', async () => {
    const res = await t.app.request(`${BASE}/v1/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Upshift-Key': t.key },
      body: JSON.stringify({ events: [{ id: '0193a6f0-1c2d-7a3b-8c4d-5e6f7a8b9c0d', at: new Date().toISOString(), userId: 'u', accountId: 'a', type: 'bogus' }] }),
    });
    expect(res.status).toBe(400);
    const error = doc.components?.responses?.['Error'] as oas31.ResponseObject;
    expect(await res.json()).toEqual(error.content?.['application/json']?.example);
  });

  it('matches each one to the request schema the document gives it', () => {
    const mismatched = all.flatMap(({ op, body }) => {
      const media = (op.requestBody as oas31.RequestBodyObject).content['application/json']!;
      const result = validatorOf(doc, media.schema!).safeParse(body);
      return result.success ? [] : [{ op: op.operationId, issues: result.error.issues.slice(0, 3) }];
    });
    expect(mismatched).toEqual([]);
  });

  it('sends each one with the key or session its operation names, and none is refused', async () => {
    const answers: { op: string; status: number; code?: string }[] = [];
    for (const { method, path, op, body } of all) {
      const url = concrete(path, body, t.environment.id);
      const scheme = Object.keys(op.security?.[0] ?? {})[0];
      let res: Response;
      // The console's own routes, signed in or not, take a same-origin Origin on every write: the owner's tab sends it.
      if (scheme === 'session' || path.startsWith('/v1/admin/')) {
        res = await owner.request(method, url, body);
      } else {
        const auth: Record<string, string> =
          scheme === 'secretKey' ? { Authorization: `Bearer ${t.secretKey}` } : scheme === 'publishableKey' ? { 'X-Upshift-Key': t.key, Origin: APP_ORIGIN } : {};
        res = await t.app.request(`${BASE}${url}`, { method, headers: { 'Content-Type': 'application/json', ...auth }, body: JSON.stringify(body) });
      }
      const text = await res.text();
      const code = res.status >= 400 ? (JSON.parse(text) as { error: { code: string } }).error.code : undefined;
      answers.push({ op: op.operationId ?? url, status: res.status, ...(code ? { code } : {}) });
    }
    const refused = answers.filter((a) => a.code !== undefined && REFUSED_FOR_INPUT.has(a.code));
    expect(refused).toEqual([]);
    // And each was answered as its operation documents: a 2xx it lists, bar the ones named here.
    const documented = (id: string, status: number) => {
      const ex = all.find((e) => e.op.operationId === id)!;
      return Object.keys(ex.op.responses ?? {}).includes(String(status));
    };
    const failures = answers.filter((a) => !documented(a.op, a.status) || a.status >= 300);
    expect(failures).toEqual(EXPECTED_NON_2XX);
  });
});

/**
 * Examples that name something a fresh test environment does not have, answered with the
 * documented error (never an input error): sign-in names a person who has no access here, and
 * promote names another environment by id.
 */
const EXPECTED_NON_2XX: { op: string; status: number; code: string }[] = [
  { op: 'signIn', status: 401, code: 'invalid_credentials' },
  { op: 'consolePromoteDrafts', status: 404, code: 'environment_not_found' },
];
