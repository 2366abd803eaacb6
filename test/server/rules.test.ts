import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeDrafts } from '../../server/services/publishing';
import { demoContent } from '../../server/demo/seed';
import { migrations } from '../../server/store/migrations/index';
import { migrate, openSqliteStore } from '../../server/store/sqlite';
import { Config } from '../../shared/schemas/config';
import type { Rule, UsageTrigger } from '../../shared/schemas/rule';
import { expectApiError } from '../helpers/http';
import { createTestApp, tempDir, type TestApp } from '../helpers/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  await writeDrafts(t.store, t.environment.id, demoContent);
});
afterEach(async () => {
  await t.cleanup();
});

const call = (method: string, path: string, body?: unknown, key: string = t.secretKey) =>
  t.app.request(path, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });

const ladder = (over: Partial<Rule> = {}): Rule => ({ ...structuredClone(demoContent.rules[0]!), ...over });
/** The demo ladder's trigger, narrowed to the usage trigger it is. */
const usage = (over: Partial<UsageTrigger> = {}): UsageTrigger => ({ ...(structuredClone(demoContent.rules[0]!.trigger) as UsageTrigger), ...over });

describe('secret-key authentication', () => {
  it.each([
    ['no Authorization header', undefined, 'missing_key'],
    ['a publishable key', 'pk', 'wrong_key_type'],
    ['a malformed key', 'sk_!!', 'invalid_key'],
    ['an unknown secret key', 'sk_unknownunknownunknown', 'unknown_key'],
  ])('refuses %s with 401', async (_name, key, code) => {
    const headers: Record<string, string> = key === undefined ? {} : { Authorization: `Bearer ${key === 'pk' ? t.key : key}` };
    for (const path of ['/v1/rules', '/v1/catalog', '/v1/settings', '/v1/versions']) await expectApiError(await t.app.request(path, { headers }), 401, code);
    await expectApiError(await t.app.request('/v1/publish', { method: 'POST', headers }), 401, code);
  });

  it('scopes every call to the key’s own environment', async () => {
    const other = await t.store.createEnvironment({ name: 'Other', allowedOrigins: [] });
    const res = await call('GET', '/v1/rules', undefined, other.secretKey);
    expect(await res.json()).toEqual({ rules: [] });
  });
});

describe('draft rules', () => {
  it('lists, reads, creates, updates and deletes', async () => {
    expect(((await (await call('GET', '/v1/rules')).json()) as { rules: Rule[] }).rules.map((r) => r.id)).toEqual(['api-usage-ladder']);
    const created = await call('PUT', '/v1/rules/seats-ladder', ladder({ id: 'seats-ladder', priority: 10, trigger: usage({ metric: 'seats' }) }));
    expect(created.status).toBe(201);
    const updated = await call('PUT', '/v1/rules/seats-ladder', ladder({ id: 'seats-ladder', priority: 20, trigger: usage({ metric: 'seats' }) }));
    expect(updated.status).toBe(200);
    expect(((await (await call('GET', '/v1/rules/seats-ladder')).json()) as { rule: Rule }).rule.priority).toBe(20);
    expect((await call('DELETE', '/v1/rules/seats-ladder')).status).toBe(204);
    await expectApiError(await call('GET', '/v1/rules/seats-ladder'), 404, 'not_found');
    await expectApiError(await call('DELETE', '/v1/rules/seats-ladder'), 404, 'not_found');
  });

  it.each<[string, (r: Record<string, any>) => void, string]>([
    ['an unknown status', (r) => (r.status = 'on'), 'status'],
    ['tiers out of order', (r) => (r.trigger.tiers[0].at = { percent: 99 }), 'trigger.tiers.1.at'],
    ['an empty title', (r) => (r.trigger.tiers[2].content.title = ''), 'trigger.tiers.2.content.title'],
    ['a fractional priority', (r) => (r.priority = 1.5), 'priority'],
    ['an unknown trigger type', (r) => (r.trigger.type = 'vibes'), 'trigger.type'],
  ])('refuses a rule with %s: 400 with the exact path, nothing stored', async (_name, damage, path) => {
    const rule = ladder({ id: 'broken' }) as unknown as Record<string, any>;
    damage(rule);
    const error = await expectApiError(await call('PUT', '/v1/rules/broken', rule), 400, 'invalid_request');
    expect((error.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain(path);
    await expectApiError(await call('GET', '/v1/rules/broken'), 404, 'not_found');
  });

  it('refuses a body whose id differs from the path, and an id that is not a key', async () => {
    await expectApiError(await call('PUT', '/v1/rules/one', ladder({ id: 'two' })), 400, 'id_mismatch');
    await expectApiError(await call('PUT', '/v1/rules/has%20space', ladder({ id: 'has space' })), 400, 'invalid_request');
  });

  it.each<[string, Partial<Rule>, string]>([
    ['a metric missing from the catalog', { trigger: usage({ metric: 'emails' }) }, 'metric.unknown'],
    ['a plan missing from the catalog', { offer: { type: 'upgrade', plan: 'platinum' } }, 'plan.unknown'],
    ['a rule shadowed by a higher priority on the same metric and surface', { priority: 5 }, 'priority.shadowed'],
  ])('saves but warns about %s', async (_name, over, code) => {
    const res = await call('PUT', '/v1/rules/second', ladder({ id: 'second', ...over }));
    expect(res.status).toBe(201);
    expect(((await res.json()) as { warnings: { code: string }[] }).warnings.map((w) => w.code)).toContain(code);
  });
});

describe('draft catalog', () => {
  it('reads and replaces it, refusing an invalid one with the exact path', async () => {
    const catalog = structuredClone(demoContent.catalog);
    expect(((await (await call('GET', '/v1/catalog')).json()) as { catalog: unknown }).catalog).toEqual(catalog);
    catalog.plans[0]!.limits = { bogus: 1 };
    const error = await expectApiError(await call('PUT', '/v1/catalog', catalog), 400, 'invalid_request');
    expect((error.details as { issues: { path: string }[] }).issues[0]?.path).toBe('plans.0.limits.bogus');
    catalog.plans[0]!.limits = { api_calls: 20_000 };
    const ok = await call('PUT', '/v1/catalog', catalog);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { warnings: unknown[] }).warnings).toEqual([]);
  });

  it('warns, on the spot, about draft rules a new catalog strands', async () => {
    const catalog = structuredClone(demoContent.catalog);
    catalog.metrics = catalog.metrics.filter((m) => m.id !== 'api_calls');
    for (const plan of catalog.plans) delete (plan.limits as Record<string, number>).api_calls;
    const res = await call('PUT', '/v1/catalog', catalog);
    expect(res.status).toBe(200);
    const { warnings } = (await res.json()) as { warnings: { ruleId: string; code: string; path: (string | number)[] }[] };
    expect(warnings).toContainEqual(expect.objectContaining({ ruleId: 'api-usage-ladder', code: 'metric.unknown', path: ['trigger', 'metric'] }));
    await expectApiError(await call('POST', '/v1/publish'), 422, 'invalid_config');
  });
});

describe('publish, versions and rollback', () => {
  const liveConfig = async () => Config.parse(await (await t.app.request(`/v1/config?key=${t.key}`)).json());

  it('publishes the drafts as a new version that /v1/config serves under a new ETag', async () => {
    const before = (await t.app.request(`/v1/config?key=${t.key}`)).headers.get('etag');
    await call('PUT', '/v1/rules/api-usage-ladder', ladder({ status: 'paused' }));
    await call('PUT', '/v1/rules/draft-only', ladder({ id: 'draft-only', status: 'draft' }));
    const res = await call('POST', '/v1/publish');
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ version: 2 });
    const after = await t.app.request(`/v1/config?key=${t.key}`, { headers: { 'If-None-Match': before! } });
    expect(after.status).toBe(200);
    const live = await liveConfig();
    expect(live.rules.map((r) => [r.id, r.status])).toEqual([['api-usage-ladder', 'paused']]);
  });

  it('refuses to publish drafts that reference what the catalog lacks, with paths, and keeps the live version', async () => {
    await call('PUT', '/v1/rules/api-usage-ladder', ladder({ trigger: usage({ metric: 'emails' }) }));
    const error = await expectApiError(await call('POST', '/v1/publish'), 422, 'invalid_config');
    expect((error.details as { issues: { path: string }[] }).issues[0]?.path).toBe('rules.0.trigger.metric');
    expect((await liveConfig()).version).toBe(1);
  });

  it('refuses to publish without a catalog', async () => {
    const fresh = await t.store.createEnvironment({ name: 'Empty', allowedOrigins: [] });
    await expectApiError(await call('POST', '/v1/publish', undefined, fresh.secretKey), 409, 'no_catalog');
  });

  it('lists versions, serves one, and rolls back by republishing it', async () => {
    await call('PUT', '/v1/rules/api-usage-ladder', ladder({ name: 'Renamed' }));
    await call('POST', '/v1/publish');
    const list = (await (await call('GET', '/v1/versions')).json()) as { versions: { version: number }[] };
    expect(list.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(Config.parse(await (await call('GET', '/v1/versions/1')).json()).rules[0]?.name).toBe(demoContent.rules[0]!.name);

    const rollback = await call('POST', '/v1/versions/1/rollback');
    expect(rollback.status).toBe(201);
    expect(await rollback.json()).toMatchObject({ version: 3, rolledBackTo: 1 });
    const live = await liveConfig();
    expect([live.version, live.rules[0]?.name]).toEqual([3, demoContent.rules[0]!.name]);
    // Drafts keep the edit, so the next publish brings it back deliberately.
    expect(((await (await call('GET', '/v1/rules/api-usage-ladder')).json()) as { rule: Rule }).rule.name).toBe('Renamed');
  });

  it.each([
    ['GET', '/v1/versions/99', 404, 'not_found'],
    ['POST', '/v1/versions/99/rollback', 404, 'not_found'],
    ['GET', '/v1/versions/one', 400, 'invalid_request'],
    ['GET', '/v1/versions/1.5', 400, 'invalid_request'],
    ['DELETE', '/v1/versions/1', 405, 'method_not_allowed'],
    ['GET', '/v1/publish', 405, 'method_not_allowed'],
  ])('%s %s answers %i %s', async (method, path, status, code) => {
    await expectApiError(await call(method, path), status, code);
  });
});

describe('migration to drafts', () => {
  it('gives an environment published before drafts existed drafts equal to its live config', async () => {
    const tmp = tempDir('upshift-migrate-');
    // A database as an earlier release left it: schema version 1, with a published config.
    const legacy = join(tmp.dir, 'legacy.db');
    const l = new Database(legacy);
    migrate(l, migrations.slice(0, 1));
    l.prepare("INSERT INTO environments (id, name, publishable_key, secret_key_hash, allowed_origins, created_at) VALUES ('env_old', 'Old', 'pk_oldoldoldold', 'hash', '[]', '2026-01-01')").run();
    const body = JSON.stringify({ schemaVersion: 1, version: 1, publishedAt: '2026-01-01T00:00:00Z', ...demoContent });
    l.prepare("INSERT INTO config_versions (environment_id, version, etag, body, published_at) VALUES ('env_old', 1, '\"v1\"', ?, '2026-01-01')").run(body);
    l.close();
    const upgraded = openSqliteStore(legacy);
    try {
      expect(await upgraded.getDraftCatalog('env_old')).toEqual(demoContent.catalog);
      expect(await upgraded.listDraftRules('env_old')).toEqual(demoContent.rules);
    } finally {
      await upgraded.close();
      tmp.remove();
    }
  });
});

describe('what a publish contains', () => {
  it('is the same whichever path publishes: draft and archived rules are left out', async () => {
    const { publish } = await import('../../server/demo/seed');
    const rules = [ladder({ id: 'live-one' }), ladder({ id: 'paused-one', status: 'paused' }), ladder({ id: 'draft-one', status: 'draft' }), ladder({ id: 'archived-one', status: 'archived' })];
    const direct = await publish(t.store, t.environment.id, { catalog: demoContent.catalog, rules });
    expect(Config.parse(JSON.parse(direct.body)).rules.map((r) => r.id)).toEqual(['live-one', 'paused-one']);
  });
});

describe('drafts and versions stored by an older release', () => {
  it('lists a draft that no longer validates as invalid, and refuses to publish it with its path', async () => {
    const db = new Database(t.file);
    db.prepare('INSERT INTO draft_rules (environment_id, rule_id, body, updated_at) VALUES (?, ?, ?, ?)').run(t.environment.id, 'stale', JSON.stringify({ id: 'stale', status: 'live' }), Date.now());
    db.close();
    const listed = (await (await call('GET', '/v1/rules')).json()) as { rules: unknown[]; invalid: { id: string; issues: unknown[] }[] };
    expect(listed.rules).toHaveLength(2);
    expect(listed.invalid.map((i) => i.id)).toEqual(['stale']);
    // Saving another rule still works: the stale draft is left out of lint, not fatal.
    expect((await call('PUT', '/v1/rules/fresh', ladder({ id: 'fresh' }))).status).toBe(201);
    const error = await expectApiError(await call('POST', '/v1/publish'), 422, 'invalid_config');
    expect(JSON.stringify(error.details)).toContain('rules.2');
  });

  it('answers 409, not 500, when the live version no longer validates', async () => {
    const db = new Database(t.file);
    db.prepare('INSERT INTO config_versions (environment_id, version, etag, body, published_at) VALUES (?, 99, ?, ?, ?)').run(t.environment.id, '"v99-old"', JSON.stringify({ schemaVersion: 0 }), new Date().toISOString());
    db.close();
    const res = await t.app.request('/v1/decide', {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.secretKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ context: { user: { id: 'u' }, account: { id: 'a', plan: 'starter' } } }),
    });
    await expectApiError(res, 409, 'incompatible_version');
  });
});
