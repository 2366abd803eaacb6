import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContent, publish } from '../../server/demo/seed';
import { writeDrafts } from '../../server/services/publishing';
import type { Environment } from '../../server/store/config-types';
import type { UserRecord } from '../../server/store/workspace-types';
import type { Role } from '../../shared/schemas/admin';
import { IdentitySettingsView } from '../../shared/schemas/identity';
import { addPerson, AdminClient, signedIn } from '../helpers/admin-client';
import { fakeDns } from '../helpers/dns';
import { expectApiError } from '../helpers/http';
import { APP_ORIGIN, createTestApp, type TestApp } from '../helpers/test-app';
import { secretCall } from './webhook-helpers';

// Every admin route against every role. The expectations come from the role model as the product
// describes it, written out here rather than taken from the server's own `roleCan`: a viewer
// reads; an editor also edits drafts (and promotes them); a publisher also publishes and rolls
// back; an owner also manages people, environments, keys and secrets.

type Right = 'read' | 'edit' | 'publish' | 'manage';
const RIGHTS: Record<Role, readonly Right[]> = {
  viewer: ['read'],
  editor: ['read', 'edit'],
  publisher: ['read', 'edit', 'publish'],
  owner: ['read', 'edit', 'publish', 'manage'],
};
const ROLES = Object.keys(RIGHTS) as Role[];

let t: TestApp;
const as = {} as Record<Role, AdminClient>;
beforeAll(async () => {
  t = await createTestApp({ webhooks: { allowPrivate: false, resolve: fakeDns({ 'hooks.acme.test': ['93.184.216.34'] }) } });
  for (const role of ROLES) {
    await addPerson(t.store, `${role}@acme.com`, role);
    as[role] = await signedIn(t.app, `${role}@acme.com`);
  }
  // Four scrypt sign-ins and a hash: slow on purpose, slower on a busy CI machine. A harness limit, not a timing check.
}, 30_000);
afterAll(async () => {
  await t.cleanup();
});

/** What one case acts on: its own environment (drafts written, v1 published), a promotion target, a person and a secret key. */
interface Fixture {
  env: Environment;
  secretKey: string;
  target: Environment;
  person: UserRecord;
  keyId: string;
}

let made = 0;
async function fixture(): Promise<Fixture> {
  const n = ++made;
  const { environment: env, secretKey } = await t.store.createEnvironment({ name: `Env ${n}`, allowedOrigins: [APP_ORIGIN] });
  await writeDrafts(t.store, env.id, demoContent);
  await publish(t.store, env.id, demoContent);
  const { environment: target } = await t.store.createEnvironment({ name: `Target ${n}`, allowedOrigins: [] });
  const person = await addPerson(t.store, `person-${n}@acme.com`, 'viewer');
  const key = await t.store.createSecretKey(env.id, 'CI', `sk_${randomUUID().replaceAll('-', '')}`, Date.now());
  return { env, secretKey, target, person, keyId: key.id };
}

interface Case {
  name: string;
  needs: Right;
  method: string;
  path: (f: Fixture) => string;
  body?: (f: Fixture) => unknown;
  /** The status when allowed. */
  ok: number;
  /** What the change would change, read from the store: unchanged after a 403, changed after success. */
  observe?: (f: Fixture) => Promise<unknown>;
}

const env = (f: Fixture) => `/v1/admin/environments/${f.env.id}`;
const ladder = demoContent.rules.find((r) => r.id === 'api-usage-ladder')!;

const CASES: Case[] = [
  { name: 'list rules', needs: 'read', method: 'GET', path: (f) => `${env(f)}/rules`, ok: 200 },
  { name: 'read a rule', needs: 'read', method: 'GET', path: (f) => `${env(f)}/rules/api-usage-ladder`, ok: 200 },
  { name: 'the rules list', needs: 'read', method: 'GET', path: (f) => `${env(f)}/rule-overview`, ok: 200 },
  { name: 'the readiness list', needs: 'read', method: 'GET', path: (f) => `${env(f)}/analytics/readiness`, ok: 200 },
  {
    name: 'PUT a rule',
    needs: 'edit',
    method: 'PUT',
    path: (f) => `${env(f)}/rules/api-usage-ladder`,
    body: () => ({ ...ladder, name: 'Renamed ladder' }),
    ok: 200,
    observe: (f) => t.store.getDraftRule(f.env.id, 'api-usage-ladder'),
  },
  { name: 'DELETE a rule', needs: 'edit', method: 'DELETE', path: (f) => `${env(f)}/rules/api-usage-ladder`, ok: 204, observe: (f) => t.store.getDraftRule(f.env.id, 'api-usage-ladder') },
  { name: 'read the catalog', needs: 'read', method: 'GET', path: (f) => `${env(f)}/catalog`, ok: 200 },
  {
    name: 'PUT the catalog',
    needs: 'edit',
    method: 'PUT',
    path: (f) => `${env(f)}/catalog`,
    body: () => ({ ...demoContent.catalog, salesUrl: '/contact-sales' }),
    ok: 200,
    observe: (f) => t.store.getDraftCatalog(f.env.id),
  },
  { name: 'read settings', needs: 'read', method: 'GET', path: (f) => `${env(f)}/settings`, ok: 200 },
  { name: 'PUT settings', needs: 'edit', method: 'PUT', path: (f) => `${env(f)}/settings`, body: () => ({ budget: { day: 5 } }), ok: 200, observe: (f) => t.store.getDraftSettings(f.env.id) },
  { name: 'publish', needs: 'publish', method: 'POST', path: (f) => `${env(f)}/publish`, body: () => ({ note: 'Spring pricing' }), ok: 201, observe: async (f) => (await t.store.listConfigVersions(f.env.id)).length },
  { name: 'see what a publish would change', needs: 'read', method: 'GET', path: (f) => `${env(f)}/changes`, ok: 200 },
  { name: 'export the drafts', needs: 'read', method: 'GET', path: (f) => `${env(f)}/export`, ok: 200 },
  {
    name: 'import drafts',
    needs: 'edit',
    method: 'POST',
    path: (f) => `${env(f)}/import`,
    body: () => ({ file: { format: 'upshift-export', formatVersion: 1, exportedAt: '2026-12-01T10:00:00Z', environment: { name: 'Elsewhere' }, catalog: demoContent.catalog, rules: [{ ...ladder, name: 'Imported ladder' }], settings: {} } }),
    ok: 200,
    observe: (f) => t.store.listDraftRules(f.env.id),
  },
  { name: 'list versions', needs: 'read', method: 'GET', path: (f) => `${env(f)}/versions`, ok: 200 },
  { name: 'read a version', needs: 'read', method: 'GET', path: (f) => `${env(f)}/versions/1`, ok: 200 },
  { name: 'see what a rollback would change', needs: 'read', method: 'GET', path: (f) => `${env(f)}/versions/1/changes`, ok: 200 },
  { name: 'roll back', needs: 'publish', method: 'POST', path: (f) => `${env(f)}/versions/1/rollback`, ok: 201, observe: async (f) => (await t.store.listConfigVersions(f.env.id)).length },
  { name: 'read identity settings', needs: 'read', method: 'GET', path: (f) => `${env(f)}/identity`, ok: 200 },
  { name: 'PUT identity settings', needs: 'manage', method: 'PUT', path: (f) => `${env(f)}/identity`, body: () => ({ required: true }), ok: 200, observe: (f) => t.store.getIdentitySettings(f.env.id) },
  { name: 'rotate the identity secret', needs: 'manage', method: 'POST', path: (f) => `${env(f)}/identity/rotate`, ok: 200, observe: (f) => t.store.getIdentitySettings(f.env.id) },
  { name: 'read the webhook', needs: 'read', method: 'GET', path: (f) => `${env(f)}/webhooks`, ok: 200 },
  { name: 'list webhook deliveries', needs: 'read', method: 'GET', path: (f) => `${env(f)}/webhooks/deliveries`, ok: 200 },
  {
    name: 'PUT the webhook',
    needs: 'manage',
    method: 'PUT',
    path: (f) => `${env(f)}/webhooks`,
    body: () => ({ url: 'https://hooks.acme.test/upshift' }),
    ok: 201,
    observe: (f) => t.store.getWebhookEndpoint(f.env.id),
  },
  { name: 'read the Stripe secret', needs: 'read', method: 'GET', path: (f) => `${env(f)}/stripe-secret`, ok: 200 },
  {
    name: 'PUT the Stripe secret',
    needs: 'manage',
    method: 'PUT',
    path: (f) => `${env(f)}/stripe-secret`,
    body: () => ({ secret: `whsec_${randomUUID().replaceAll('-', '')}` }),
    ok: 201,
    observe: (f) => t.store.getStripeSecret(f.env.id),
  },
  { name: 'list environments', needs: 'read', method: 'GET', path: () => '/v1/admin/environments', ok: 200 },
  { name: 'read an environment', needs: 'read', method: 'GET', path: env, ok: 200 },
  {
    name: 'create an environment',
    needs: 'manage',
    method: 'POST',
    path: () => '/v1/admin/environments',
    body: (f) => ({ name: `New ${f.env.name}` }),
    ok: 201,
    observe: async (f) => (await t.store.listEnvironments()).some((e) => e.name === `New ${f.env.name}`),
  },
  { name: 'rename an environment', needs: 'manage', method: 'PATCH', path: env, body: (f) => ({ name: `${f.env.name} renamed` }), ok: 200, observe: async (f) => (await t.store.findEnvironment(f.env.id))?.name },
  { name: 'delete an environment', needs: 'manage', method: 'DELETE', path: env, body: (f) => ({ confirm: f.env.name }), ok: 204, observe: (f) => t.store.findEnvironment(f.env.id) },
  {
    name: 'rotate the publishable key',
    needs: 'manage',
    method: 'POST',
    path: (f) => `${env(f)}/publishable-key/rotate`,
    body: () => ({ graceSeconds: 0 }),
    ok: 200,
    observe: async (f) => (await t.store.findEnvironment(f.env.id))?.publishableKey,
  },
  { name: 'list secret keys', needs: 'read', method: 'GET', path: (f) => `${env(f)}/secret-keys`, ok: 200 },
  { name: 'create a secret key', needs: 'manage', method: 'POST', path: (f) => `${env(f)}/secret-keys`, body: () => ({ name: 'Deploy' }), ok: 201, observe: (f) => t.store.listSecretKeys(f.env.id) },
  { name: 'revoke a secret key', needs: 'manage', method: 'DELETE', path: (f) => `${env(f)}/secret-keys/${f.keyId}`, ok: 204, observe: (f) => t.store.listSecretKeys(f.env.id) },
  { name: 'check an origin', needs: 'read', method: 'POST', path: (f) => `${env(f)}/origins/check`, body: () => ({ origin: APP_ORIGIN }), ok: 200 },
  { name: 'check the installation', needs: 'read', method: 'GET', path: (f) => `${env(f)}/installation`, ok: 200 },
  {
    name: 'promote drafts',
    needs: 'edit',
    method: 'POST',
    path: (f) => `${env(f)}/promote`,
    body: (f) => ({ to: f.target.id }),
    ok: 200,
    observe: (f) => t.store.listDraftRules(f.target.id),
  },
  { name: 'list people', needs: 'read', method: 'GET', path: () => '/v1/admin/people', ok: 200 },
  {
    name: 'invite someone',
    needs: 'manage',
    method: 'POST',
    path: () => '/v1/admin/invites',
    body: (f) => ({ email: `invitee-${f.env.id}@acme.com`, role: 'editor' }),
    ok: 201,
    observe: async (f) => (await t.store.listInvites(Date.now())).some((i) => i.email === `invitee-${f.env.id}@acme.com`.toLowerCase()),
  },
  { name: 'change a role', needs: 'manage', method: 'PATCH', path: (f) => `/v1/admin/people/${f.person.id}`, body: () => ({ role: 'publisher' }), ok: 200, observe: async (f) => (await t.store.findUserById(f.person.id))?.role },
  { name: 'remove a person', needs: 'manage', method: 'DELETE', path: (f) => `/v1/admin/people/${f.person.id}`, ok: 204, observe: (f) => t.store.findUserById(f.person.id) },
  { name: 'read the audit log', needs: 'read', method: 'GET', path: () => '/v1/admin/audit', ok: 200 },
  { name: 'export the audit log', needs: 'read', method: 'GET', path: () => '/v1/admin/audit/export', ok: 200 },
];

const matrix = ROLES.flatMap((role) => CASES.map((c) => [role, c.name, RIGHTS[role].includes(c.needs) ? c.ok : 403, c] as const));

describe('what each role may do', () => {
  it.each(matrix)('%s: %s → %i', async (role, _name, expected, c) => {
    const f = await fixture();
    const before = await c.observe?.(f);
    const res = await as[role].request(c.method, c.path(f), c.body?.(f));
    if (expected === 403) {
      const error = await expectApiError(res, 403, 'forbidden');
      expect(error.message).toContain(`(${role})`);
    } else expect(res.status, await res.clone().text()).toBe(expected);
    if (c.observe) {
      const after = await c.observe(f);
      if (expected === 403) expect(after).toEqual(before);
      else expect(after).not.toEqual(before);
    }
  });
});

describe('the same handlers over the secret key', () => {
  // The environment-scoped routes under /v1/admin/environments/:env are the secret-key API's own:
  // a key acts for its environment with every right those routes check.
  const KEY_PATHS: Record<string, string> = { 'stripe-secret': '/v1/webhooks/stripe/secret' };
  const DUMMY = { env: { id: 'env_x', name: 'X' }, target: { id: 'env_y' }, person: { id: 'usr_x' }, keyId: 'key_x', secretKey: '' } as unknown as Fixture;
  const scoped = CASES.filter((c) => /^\/v1\/admin\/environments\/env_x\/(rules|rule-overview|catalog|settings|publish|versions|changes|export|import|identity|webhooks|stripe-secret)(\/|$)/.test(c.path(DUMMY)));

  it('covers every scoped resource', () => {
    expect(new Set(scoped.map((c) => c.path(DUMMY).split('/')[5]))).toEqual(new Set(['rules', 'rule-overview', 'catalog', 'settings', 'publish', 'versions', 'changes', 'export', 'import', 'identity', 'webhooks', 'stripe-secret']));
  });

  it.each(scoped.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const f = await fixture();
    const before = await c.observe?.(f);
    const rest = c.path(f).slice(env(f).length + 1);
    const [resource = '', ...tail] = rest.split('/');
    const path = [KEY_PATHS[resource] ?? `/v1/${resource}`, ...tail].join('/');
    const res = await secretCall({ app: t.app, secretKey: f.secretKey }, c.method, path, c.body?.(f));
    expect(res.status, await res.clone().text()).toBe(c.ok);
    if (c.observe) expect(await c.observe(f)).not.toEqual(before);
  });
});

describe('the identity secret is shown to a person once, and to a secret key always', () => {
  it('a GET in the console never answers it, whatever the role; the secret key’s GET does', async () => {
    const f = await fixture();
    const made = IdentitySettingsView.parse(await as.owner.ok('PUT', `${env(f)}/identity`, { required: false }));
    expect(made.secret).toMatch(/^idsec_/);
    for (const role of ROLES) {
      const res = await as[role].get(`${env(f)}/identity`);
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(text).not.toContain(made.secret!);
      expect(IdentitySettingsView.parse(JSON.parse(text))).toMatchObject({ secret: null, hasSecret: true });
    }
    // A later PUT keeps the secret and does not show it again.
    const again = await as.owner.put(`${env(f)}/identity`, { required: true });
    expect(await again.text()).not.toContain(made.secret!);

    const byKey = IdentitySettingsView.parse(await (await secretCall({ app: t.app, secretKey: f.secretKey }, 'GET', '/v1/identity')).json());
    expect(byKey).toMatchObject({ required: true, secret: made.secret, hasSecret: true });
  });

  it('a rotation in the console answers the new secret to the owner once', async () => {
    const f = await fixture();
    await as.owner.ok('PUT', `${env(f)}/identity`, { required: false });
    const rotated = IdentitySettingsView.parse(await as.owner.ok('POST', `${env(f)}/identity/rotate`));
    expect(rotated.secret).toMatch(/^idsec_/);
    expect(await (await as.viewer.get(`${env(f)}/identity`)).text()).not.toContain(rotated.secret!);
    expect(await (await as.owner.get(`${env(f)}/identity`)).text()).not.toContain(rotated.secret!);
  });

  it('the webhook signing secret reaches no one but by the PUT that made it', async () => {
    const f = await fixture();
    const { secret } = await as.owner.ok<{ secret: string }>('PUT', `${env(f)}/webhooks`, { url: 'https://hooks.acme.test/upshift' }, 201);
    expect(secret).toMatch(/^whsec_/);
    for (const role of ROLES) expect(await (await as[role].get(`${env(f)}/webhooks`)).text()).not.toContain(secret);
  });
});

describe('roles take effect at once', () => {
  it('a demoted person loses the right on their next request, in the same session', async () => {
    const f = await fixture();
    await addPerson(t.store, `demoted-${f.env.id}@acme.com`, 'editor');
    const demoted = await signedIn(t.app, `demoted-${f.env.id}@acme.com`);
    const settings = `${env(f)}/settings`;
    expect((await demoted.put(settings, { budget: { day: 2 } })).status).toBe(200);
    const id = demoted.user!.id;
    expect((await as.owner.patch(`/v1/admin/people/${id}`, { role: 'viewer' })).status).toBe(200);
    await expectApiError(await demoted.put(settings, { budget: { day: 3 } }), 403, 'forbidden');
    expect(await t.store.getDraftSettings(f.env.id)).toEqual({ budget: { day: 2 } });
  });
});
