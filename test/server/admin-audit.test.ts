import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/seed';
import { AuditEntry, AuditPage, EnvironmentCreated, InviteCreated, SecretKeyCreated } from '../../shared/schemas/admin';
import { IdentitySettingsView } from '../../shared/schemas/identity';
import { AdminClient, manualClock, signedIn } from '../helpers/admin-client';
import { fakeDns } from '../helpers/dns';
import { expectApiError } from '../helpers/http';
import { createTestApp, withReadonlyDb, type TestApp } from '../helpers/test-app';
import { secretCall } from './webhook-helpers';
import { newStripeSecret } from './secrets-helpers';

// The audit log after a morning of console work: every kind of change with who made it, the
// failed sign-ins, filters and paging, the export, and never a secret. Each step below happens a
// minute after the one before, so the log can be searched by time.

const T0 = Date.UTC(2026, 11, 1, 9);
const MINUTE = 60_000;
const SETUP_TOKEN = 'setup-token-from-the-start-up-log';
const ADA_PASSWORD = 'ada’s first long passphrase';
const ADA_NEW_PASSWORD = 'ada’s second long passphrase';
const CLEO_PASSWORD = 'cleo chose this passphrase';
const GUESSES = ['mallory-guess-0001', 'ada-wrong-guess-0002'];

let t: TestApp;
const time = manualClock(T0);
/** Every secret the test saw: none may reach the audit log. */
const secrets = new Set<string>();
const keep = (...values: (string | null | undefined)[]) => {
  for (const v of values) if (v) secrets.add(v);
};
/** A signed-in tab's session cookie value and CSRF token. */
const keepSession = (client: AdminClient) => keep(client.cookie?.slice(client.cookie.indexOf('=') + 1), client.csrfToken);
const ids = { ada: '', cleo: '', staging: '' };
/** When the catalog was changed: the only entry of its minute. */
let catalogAt = 0;
let ada: AdminClient;

beforeAll(async () => {
  t = await createTestApp({ clock: time.clock, setupToken: SETUP_TOKEN, webhooks: { allowPrivate: false, resolve: fakeDns({ 'hooks.acme.test': ['93.184.216.34'] }) } });
  keep(SETUP_TOKEN, t.secretKey, ADA_PASSWORD, ADA_NEW_PASSWORD, CLEO_PASSWORD, ...GUESSES);
  const step = () => time.advance(MINUTE);
  const env = `/v1/admin/environments/${t.environment.id}`;

  ada = new AdminClient(t.app);
  const setup = await ada.post('/v1/admin/setup', { token: SETUP_TOKEN, email: 'ada@acme.com', password: ADA_PASSWORD });
  await ada.keepSession(setup);
  ids.ada = ada.user!.id;
  keepSession(ada);
  step();

  expect((await new AdminClient(t.app).signIn('mallory@acme.com', GUESSES[0])).status).toBe(401);
  expect((await new AdminClient(t.app).signIn('ada@acme.com', GUESSES[1])).status).toBe(401);
  step();
  const adaPhone = await signedIn(t.app, 'ada@acme.com', ADA_PASSWORD);
  keepSession(adaPhone);
  step();

  catalogAt = time.now();
  await ada.ok('PUT', `${env}/catalog`, demoContent.catalog);
  step();
  await ada.ok('PUT', `${env}/rules/api-usage-ladder`, demoContent.rules[0], 201);
  step();
  await ada.ok('PUT', `${env}/settings`, { budget: { day: 4 } });
  step();
  await ada.ok('POST', `${env}/publish`, { note: 'Spring pricing' }, 201);
  step();
  await ada.ok('POST', `${env}/versions/1/rollback`, undefined, 201);
  step();
  // The same rule handler, through the secret-key API.
  expect((await secretCall(t, 'PUT', '/v1/rules/api-usage-ladder', { ...demoContent.rules[0], name: 'Set by CI' })).status).toBe(200);
  step();

  const identity = IdentitySettingsView.parse(await ada.ok('PUT', `${env}/identity`, { required: false }));
  const rotatedIdentity = IdentitySettingsView.parse(await ada.ok('POST', `${env}/identity/rotate`, { previousValidSeconds: 60 }));
  keep(identity.secret, rotatedIdentity.secret);
  step();
  const hook = await ada.ok<{ secret: string }>('PUT', `${env}/webhooks`, { url: 'https://ci:hook-pass-4711@hooks.acme.test/upshift' }, 201);
  const rotatedHook = await ada.ok<{ secret: string }>('POST', `${env}/webhooks/rotate`);
  const stripe = newStripeSecret();
  await ada.ok('PUT', `${env}/stripe-secret`, { secret: stripe }, 201);
  // A receiver's basic-auth password in the URL is a secret too.
  keep(hook.secret, rotatedHook.secret, stripe, 'hook-pass-4711');
  step();

  const staging = EnvironmentCreated.parse(await ada.ok('POST', '/v1/admin/environments', { name: 'Staging', allowedOrigins: ['https://staging.acme.test'] }, 201));
  ids.staging = staging.environment.id;
  keep(staging.secretKey);
  const stagingPath = `/v1/admin/environments/${ids.staging}`;
  await ada.ok('PATCH', stagingPath, { name: 'Staging EU' });
  await ada.ok('PATCH', stagingPath, { allowedOrigins: ['https://eu.staging.acme.test'] });
  const ci = SecretKeyCreated.parse(await ada.ok('POST', `${stagingPath}/secret-keys`, { name: 'CI' }, 201));
  keep(ci.secretKey);
  await ada.ok('DELETE', `${stagingPath}/secret-keys/${ci.key.id}`, undefined, 204);
  await ada.ok('POST', `${stagingPath}/publishable-key/rotate`, { graceSeconds: 600 });
  await ada.ok('POST', `${env}/promote`, { to: ids.staging });
  await ada.ok('DELETE', stagingPath, { confirm: 'Staging EU' }, 204);
  step();

  const invite = InviteCreated.parse(await ada.ok('POST', '/v1/admin/invites', { email: 'cleo@acme.com', role: 'viewer' }, 201));
  const token = new URL(invite.url).hash.replace('#token=', '');
  keep(token);
  const cleo = new AdminClient(t.app);
  const accepted = await cleo.post('/v1/admin/invites/accept', { token, name: 'Cleo', password: CLEO_PASSWORD });
  await cleo.keepSession(accepted);
  ids.cleo = cleo.user!.id;
  keepSession(cleo);
  step();
  await cleo.ok('PUT', '/v1/admin/me/password', { currentPassword: CLEO_PASSWORD, newPassword: `${CLEO_PASSWORD} again` }, 204);
  keep(`${CLEO_PASSWORD} again`);
  await cleo.ok('DELETE', '/v1/admin/sessions', undefined, 204);
  step();
  const dan = InviteCreated.parse(await ada.ok('POST', '/v1/admin/invites', { email: 'dan@acme.com', role: 'owner' }, 201));
  keep(new URL(dan.url).hash.replace('#token=', ''));
  await ada.ok('DELETE', `/v1/admin/invites/${dan.invite.id}`, undefined, 204);
  await ada.ok('PATCH', `/v1/admin/people/${ids.cleo}`, { role: 'editor' });
  await ada.ok('DELETE', `/v1/admin/people/${ids.cleo}`, undefined, 204);
  step();
  await ada.ok('PUT', '/v1/admin/me/password', { currentPassword: ADA_PASSWORD, newPassword: ADA_NEW_PASSWORD }, 204);
  // Her other sessions ended with the change.
  expect((await adaPhone.delete('/v1/admin/session')).status).toBe(401);
  step();
  // A session that is still alive signs out.
  const adaTablet = await signedIn(t.app, 'ada@acme.com', ADA_NEW_PASSWORD);
  keepSession(adaTablet);
  await adaTablet.ok('DELETE', '/v1/admin/session', undefined, 204);
}, 120_000);
afterAll(async () => {
  await t.cleanup();
});

const exportAll = async () => {
  const res = await ada.get('/v1/admin/audit/export');
  expect(res.status).toBe(200);
  return { res, text: await res.text() };
};
const everything = async () => AuditEntry.array().parse(JSON.parse((await exportAll()).text));
const page = async (query: string) => AuditPage.parse(await ada.ok('GET', `/v1/admin/audit?${query}`));

describe('the audit log', () => {
  const person = (email: string) => ({ type: 'person', label: email });
  const key = () => ({ type: 'key', label: `secret key "Default" (${t.secretKey.slice(0, 7)}…)` });
  const expected: Array<[action: string, kind: string, actor: () => { type: string; label: string }, target?: string]> = [
    ['person.created', 'person', () => person('ada@acme.com'), 'ada@acme.com'],
    ['session.sign_in_failed', 'session', () => ({ type: 'anonymous', label: 'mallory@acme.com' }), 'mallory@acme.com'],
    ['session.sign_in_failed', 'session', () => ({ type: 'anonymous', label: 'ada@acme.com' }), 'ada@acme.com'],
    ['session.signed_in', 'session', () => person('ada@acme.com'), 'ada@acme.com'],
    ['catalog.updated', 'catalog', () => person('ada@acme.com')],
    ['rule.created', 'rule', () => person('ada@acme.com'), 'api-usage-ladder'],
    ['settings.updated', 'settings', () => person('ada@acme.com')],
    ['version.published', 'version', () => person('ada@acme.com'), 'v2'],
    ['version.rolled_back', 'version', () => person('ada@acme.com'), 'v3 (content of v1)'],
    ['rule.updated', 'rule', key, 'api-usage-ladder'],
    ['identity.updated', 'secret', () => person('ada@acme.com')],
    ['identity.secret_rotated', 'secret', () => person('ada@acme.com')],
    ['webhook.created', 'webhook', () => person('ada@acme.com'), 'https://••••••@hooks.acme.test/upshift'],
    ['webhook.secret_rotated', 'secret', () => person('ada@acme.com'), 'https://••••••@hooks.acme.test/upshift'],
    ['stripe.secret_set', 'secret', () => person('ada@acme.com')],
    ['environment.created', 'environment', () => person('ada@acme.com'), 'Staging'],
    ['environment.renamed', 'environment', () => person('ada@acme.com'), 'Staging EU'],
    ['environment.updated', 'environment', () => person('ada@acme.com'), 'Staging EU'],
    ['secret_key.created', 'key', () => person('ada@acme.com')],
    ['secret_key.revoked', 'key', () => person('ada@acme.com')],
    ['publishable_key.rotated', 'key', () => person('ada@acme.com'), 'Staging EU'],
    ['environment.promoted', 'environment', () => person('ada@acme.com'), 'Test → Staging EU'],
    ['environment.deleted', 'environment', () => person('ada@acme.com'), 'Staging EU'],
    ['invite.created', 'invite', () => person('ada@acme.com'), 'cleo@acme.com'],
    ['invite.accepted', 'person', () => person('cleo@acme.com'), 'cleo@acme.com'],
    ['person.password_changed', 'person', () => person('cleo@acme.com'), 'cleo@acme.com'],
    ['session.signed_out_everywhere', 'session', () => person('cleo@acme.com'), 'cleo@acme.com'],
    ['invite.revoked', 'invite', () => person('ada@acme.com'), 'dan@acme.com'],
    ['person.role_changed', 'person', () => person('ada@acme.com'), 'cleo@acme.com'],
    ['person.removed', 'person', () => person('ada@acme.com'), 'cleo@acme.com'],
    ['person.password_changed', 'person', () => person('ada@acme.com'), 'ada@acme.com'],
    ['session.signed_out', 'session', () => person('ada@acme.com'), 'ada@acme.com'],
  ];

  it.each(expected.map(([action, kind, actor, target], i) => [action, actor, kind, target, i] as const))('records %s by its actor', async (action, actor, kind, target, i) => {
    const entries = (await everything()).filter((e) => e.action === action);
    const nth = expected.slice(0, i).filter(([a]) => a === action).length;
    // Oldest first, as the steps ran.
    const entry = entries.reverse()[nth];
    expect(entry, `${action} #${nth + 1}`).toBeDefined();
    expect(entry!.actor).toMatchObject(actor());
    expect(entry!.kind).toBe(kind);
    if (target !== undefined) expect(entry!.target).toBe(target);
  });

  it('records people by id and a key by its id, so they can be looked up later', async () => {
    const all = await everything();
    expect(all.filter((e) => e.actor.type === 'person').every((e) => e.actor.id === ids.ada || e.actor.id === ids.cleo)).toBe(true);
    const byKey = all.find((e) => e.actor.type === 'key')!;
    const [defaultKey] = await t.store.listSecretKeys(t.environment.id);
    expect(byKey.actor.id).toBe(defaultKey!.id);
  });

  it('records what changed, with the secrets masked rather than left out', async () => {
    const all = await everything();
    const rule = all.find((e) => e.action === 'rule.updated')!;
    expect(rule.changes).toEqual([{ path: 'name', before: demoContent.rules[0]!.name, after: 'Set by CI' }]);
    const created = all.find((e) => e.action === 'environment.created')!;
    expect(created.changes).toEqual([{ path: '', after: { name: 'Staging', allowedOrigins: ['https://staging.acme.test'], secretKey: '••••••' } }]);
    expect(all.find((e) => e.action === 'stripe.secret_set')!.changes).toEqual([{ path: 'secret', after: '••••••' }]);
  });

  it('never holds a secret: keys, signing secrets, passwords, invite tokens, cookies, CSRF tokens', async () => {
    expect(secrets.size).toBeGreaterThanOrEqual(25);
    const { text } = await exportAll();
    const raw = withReadonlyDb(t.file, (db) => JSON.stringify(db.prepare('SELECT * FROM audit_log').all()));
    // Named by their first characters only, so a failure does not print the whole log.
    const found = (where: string, length = Infinity) => [...secrets].filter((s) => where.includes(s.slice(0, length))).map((s) => `${s.slice(0, 8)}…`);
    expect(found(text), 'secrets in the export').toEqual([]);
    expect(found(raw), 'secrets in the audit_log table').toEqual([]);
    // Not even a key's or signing secret's first 12 characters (more than a key's listed prefix).
    expect(found(text, 12).filter((s) => /^(sk_|whsec_|idsec_)/.test(s)), 'secret prefixes in the export').toEqual([]);
  });
});

describe('searching the audit log', () => {
  it('by actor: one person’s changes only', async () => {
    const { entries } = await page(`actor=${ids.cleo}`);
    expect(entries.map((e) => e.action)).toEqual(['session.signed_out_everywhere', 'person.password_changed', 'invite.accepted']);
  });

  it('by kind', async () => {
    const { entries } = await page('kind=rule');
    expect(entries.map((e) => [e.action, e.actor.type])).toEqual([
      ['rule.updated', 'key'],
      ['rule.created', 'person'],
    ]);
  });

  it('by environment', async () => {
    const { entries } = await page(`environment=${ids.staging}`);
    expect(entries.map((e) => e.action)).toEqual([
      'environment.deleted',
      'environment.promoted',
      'publishable_key.rotated',
      'secret_key.revoked',
      'secret_key.created',
      'environment.updated',
      'environment.renamed',
      'environment.created',
    ]);
  });

  it('by time: from and to are inclusive', async () => {
    const at = new Date(catalogAt).toISOString();
    expect((await page(`from=${at}&to=${at}`)).entries.map((e) => e.action)).toEqual(['catalog.updated']);
    const next = new Date(catalogAt + MINUTE).toISOString();
    expect((await page(`from=${at}&to=${next}`)).entries.map((e) => e.action)).toEqual(['rule.created', 'catalog.updated']);
    expect((await page(`to=${new Date(T0).toISOString()}`)).entries.map((e) => e.action)).toEqual(['person.created']);
  });

  it('refuses a malformed query at its path', async () => {
    const error = await expectApiError(await ada.get('/v1/admin/audit?from=yesterday'), 400, 'invalid_request');
    expect((error.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['from']);
    await expectApiError(await ada.get('/v1/admin/audit?limit=0'), 400, 'invalid_request');
  });

  it('a page at a time, newest first, following next until it is null', async () => {
    const all = await everything();
    const seen: AuditEntry[] = [];
    let query = 'limit=4';
    for (;;) {
      const p = await page(query);
      expect(p.entries.length).toBeLessThanOrEqual(4);
      seen.push(...p.entries);
      if (p.next === null) break;
      expect(p.next).toBe(p.entries.at(-1)!.id);
      query = `limit=4&before=${p.next}`;
    }
    expect(seen).toEqual(all);
    const entryIds = seen.map((e) => e.id);
    expect(entryIds).toEqual([...entryIds].sort((a, b) => b - a));
    expect(new Set(entryIds).size).toBe(entryIds.length);
    // A page that ends exactly at the last entry has no next.
    expect((await page(`limit=${all.length}`)).next).toBeNull();
    expect((await page(`limit=${all.length - 1}`)).next).toBe(all.at(-2)!.id);
  });
});

describe('exporting the audit log', () => {
  it('is a JSON file download with every entry', async () => {
    const { res, text } = await exportAll();
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="upshift-audit-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const entries = AuditEntry.array().parse(JSON.parse(text));
    expect(entries.length).toBeGreaterThan(32);
    expect(entries.length).toBeGreaterThan((await page('limit=10')).entries.length);
    expect(entries).toEqual((await page('limit=500')).entries);
  });

  it('takes the same filters', async () => {
    const res = await ada.get(`/v1/admin/audit/export?actor=${ids.cleo}`);
    expect(AuditEntry.array().parse(await res.json()).map((e) => e.actor.label)).toEqual(['cleo@acme.com', 'cleo@acme.com', 'cleo@acme.com']);
  });
});

describe('the audit table', () => {
  it('refuses UPDATE and DELETE, whoever opens the file', async () => {
    const before = await everything();
    const db = new Database(t.file);
    try {
      expect(() => db.prepare("UPDATE audit_log SET actor_label = 'someone else'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_log WHERE id = ?').run(before.at(-1)!.id)).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
    expect(await everything()).toEqual(before);
  });
});
