import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/seed';
import { writeDrafts } from '../../server/services/publishing';
import { Config } from '../../shared/schemas/config';
import { ExportFile, ImportView } from '../../shared/schemas/publishing';
import { addPerson, type AdminClient, signedIn } from '../helpers/admin-client';
import { BASE, expectApiError } from '../helpers/http';
import { APP_ORIGIN, createTestApp, type TestApp } from '../helpers/test-app';
import { secretCall } from './webhook-helpers';

// An environment's drafts go out as one JSON file (never a secret) and into another environment
// as drafts: validated whole, the diff first, then replaced in one go, nothing published.

let t: TestApp;
let ada: AdminClient;
let target: { id: string; publishableKey: string };
const secrets: string[] = [];
const path = (envId: string, rest: string) => `/v1/admin/environments/${envId}/${rest}`;
const ladder = demoContent.rules.find((r) => r.id === 'api-usage-ladder')!;

beforeAll(async () => {
  t = await createTestApp();
  await writeDrafts(t.store, t.environment.id, { ...demoContent, rules: [...demoContent.rules, { ...ladder, id: 'draft-idea', name: 'Draft idea', status: 'draft' }], settings: { budget: { day: 2 }, holdout: 5 } });
  const made = await t.store.createEnvironment({ name: 'Production', allowedOrigins: [APP_ORIGIN] });
  target = made.environment;
  // The target starts with a rule of its own, which the import must remove.
  await writeDrafts(t.store, target.id, { catalog: demoContent.catalog, rules: [{ ...ladder, id: 'only-in-production', name: 'Only in production' }] });
  await addPerson(t.store, 'ada@acme.com', 'editor');
  ada = await signedIn(t.app, 'ada@acme.com');
  // Every kind of secret the source environment holds.
  const identity = (await (await secretCall(t, 'PUT', '/v1/identity', { required: true })).json()) as { secret: string };
  const stripe = `whsec_${'s'.repeat(32)}`;
  expect((await secretCall(t, 'PUT', '/v1/webhooks/stripe/secret', { secret: stripe })).status).toBe(201);
  secrets.push(t.secretKey, identity.secret, stripe, t.key);
}, 30_000);
afterAll(async () => {
  await t.cleanup();
});

const exported = async () => {
  const res = await ada.request('GET', path(t.environment.id, 'export'));
  expect(res.status).toBe(200);
  return { res, text: await res.text() };
};

describe('export', () => {
  it('downloads the drafts as one file, with no secret in it', async () => {
    const { res, text } = await exported();
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="upshift-test-drafts.json"');
    const file = ExportFile.parse(JSON.parse(text));
    expect(file).toMatchObject({ format: 'upshift-export', formatVersion: 1, environment: { name: 'Test' }, settings: { budget: { day: 2 }, holdout: 5 } });
    expect(file.rules.map((r) => r.id).sort()).toEqual(['api-usage-ladder', 'draft-idea']);
    expect(file.catalog).toEqual(demoContent.catalog);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/sk_|whsec_|idsec_|pk_/);
  });

  it('answers 409 when there is no catalog to export', async () => {
    const { environment } = await t.store.createEnvironment({ name: 'Blank', allowedOrigins: [] });
    await expectApiError(await ada.request('GET', path(environment.id, 'export')), 409, 'no_catalog');
  });
});

describe('import', () => {
  it('refuses an invalid file whole, with every problem at its path in the file, and changes nothing', async () => {
    const file = JSON.parse((await exported()).text) as ExportFile;
    const bad = { ...file, rules: [file.rules[0], { ...file.rules[1], trigger: { ...ladder.trigger, tiers: [{ ...(ladder.trigger as { tiers: object[] }).tiers[0], at: { percent: -5 } }] } }] };
    const before = await t.store.listDraftRules(target.id);
    const error = await expectApiError(await ada.request('POST', path(target.id, 'import'), { file: bad }), 400, 'invalid_request');
    const paths = (error.details as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(paths.some((p) => p.startsWith('rules.1.trigger.tiers.0.at'))).toBe(true);
    await expectApiError(await ada.request('POST', path(target.id, 'import'), { file: { ...file, format: 'something-else' } }), 400, 'invalid_request');
    await expectApiError(await ada.request('POST', path(target.id, 'import'), { file: { ...file, rules: [file.rules[0], file.rules[0]] } }), 400, 'invalid_request');
    // A condition on an attribute nothing provides: refused as the rule editor refuses it.
    const unknown = { ...file.rules[0], audience: { any: [{ attr: 'usage.emails', op: 'gt', value: 5 }] } };
    const refused = await expectApiError(await ada.request('POST', path(target.id, 'import'), { file: { ...file, rules: [unknown] } }), 400, 'invalid_request');
    expect((refused.details as { issues: { path: string }[] }).issues[0]!.path).toMatch(/^rules\.0\.audience/);
    expect(await t.store.listDraftRules(target.id)).toEqual(before);
  });

  it('answers the diff on a dry run and changes nothing', async () => {
    const file = JSON.parse((await exported()).text) as unknown;
    const before = { rules: await t.store.listDraftRules(target.id), settings: await t.store.getDraftSettings(target.id) };
    const view = ImportView.parse(await ada.ok('POST', path(target.id, 'import'), { file, dryRun: true }));
    expect(view.applied).toBe(false);
    expect(view.changes.rules.added.map((r) => r.id)).toEqual(['api-usage-ladder', 'draft-idea']);
    expect(view.changes.rules.removed).toEqual([{ id: 'only-in-production', name: 'Only in production' }]);
    expect(view.changes.settings).toEqual([{ path: 'budget', after: { day: 2 } }, { path: 'holdout', after: 5 }]);
    expect(view.changes.catalog).toEqual([]);
    expect({ rules: await t.store.listDraftRules(target.id), settings: await t.store.getDraftSettings(target.id) }).toEqual(before);
  });

  it('replaces the drafts, publishes nothing, and once published serves what the source serves', async () => {
    const file = JSON.parse((await exported()).text) as unknown;
    const view = ImportView.parse(await ada.ok('POST', path(target.id, 'import'), { file }));
    expect(view.applied).toBe(true);
    expect(await t.store.getLiveConfig(target.id)).toBeNull();
    expect((await t.store.listDraftRules(target.id)).map((r) => (r as { id: string }).id)).toEqual(['api-usage-ladder', 'draft-idea']);
    const audit = await ada.ok<{ entries: { action: string; target: string }[] }>('GET', `/v1/admin/audit?environment=${target.id}`);
    expect(audit.entries[0]).toMatchObject({ action: 'drafts.imported', target: 'from Test' });

    // Both environments publish their drafts (editors cannot: a publisher does).
    await addPerson(t.store, 'pat@acme.com', 'publisher');
    const pat = await signedIn(t.app, 'pat@acme.com');
    await pat.ok('POST', path(t.environment.id, 'publish'), { note: 'Source' }, 201);
    await pat.ok('POST', path(target.id, 'publish'), { note: 'Imported from Test' }, 201);
    const config = async (key: string) => {
      const res = await t.app.request(`${BASE}/v1/config?key=${encodeURIComponent(key)}`, { headers: { Origin: APP_ORIGIN } });
      expect(res.status).toBe(200);
      const { catalog, rules, settings } = Config.parse(await res.json());
      return { catalog, rules, settings };
    };
    expect(await config(target.publishableKey)).toEqual(await config(t.key));
  });

  it('is refused to a viewer and an editor may not publish what they imported', async () => {
    await addPerson(t.store, 'vic@acme.com', 'viewer');
    const vic = await signedIn(t.app, 'vic@acme.com');
    const file = JSON.parse((await exported()).text) as unknown;
    await expectApiError(await vic.request('POST', path(target.id, 'import'), { file, dryRun: true }), 403, 'forbidden');
    await expectApiError(await ada.request('POST', path(target.id, 'publish'), { note: 'mine' }), 403, 'forbidden');
  });

  it('works over a secret key too', async () => {
    const res = await secretCall(t, 'GET', '/v1/export');
    const file = (await res.json()) as unknown;
    const dry = await secretCall(t, 'POST', '/v1/import', { file, dryRun: true });
    expect(dry.status).toBe(200);
    expect(ImportView.parse(await dry.json()).changes.total).toBe(0);
  });
});
