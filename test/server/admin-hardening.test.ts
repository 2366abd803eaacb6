import { afterEach, describe, expect, it } from 'vitest';
import { EnvironmentCreated } from '../../shared/schemas/admin';
import { addPerson, AdminClient, PASSWORD, signedIn } from '../helpers/admin-client';
import { fakeDns } from '../helpers/dns';
import { expectApiError } from '../helpers/http';
import { secretCall } from './webhook-helpers';
import { createTestApp, type TestApp, type TestAppOptions } from '../helpers/test-app';

// What a review of the workspaces change found, each with the request that showed it.

let t: TestApp;
afterEach(async () => {
  await t.cleanup();
});
const start = async (options: TestAppOptions = {}) => {
  t = await createTestApp({ webhooks: { allowPrivate: false, resolve: fakeDns({ 'hooks.acme.test': ['93.184.216.34'] }) }, ...options });
  await addPerson(t.store, 'owner@acme.com', 'owner');
  return signedIn(t.app, 'owner@acme.com');
};
const env = () => `/v1/admin/environments/${t.environment.id}`;

describe('hardening', () => {
  it('answers a CSRF header of non-ASCII bytes with 403, not a 500', async () => {
    const owner = await start();
    const token = 'é'.repeat(owner.csrfToken!.length);
    await expectApiError(await owner.put(`${env()}/settings`, {}, { headers: { 'X-CSRF-Token': token } }), 403, 'csrf_invalid');
    expect(t.logger.entries.filter((e) => e.level === 'error')).toEqual([]);
  });

  it('shows the console a webhook secret once, when made, and a receiver password in the URL only to owners', async () => {
    const owner = await start();
    const made = await owner.ok<{ secret?: string }>('PUT', `${env()}/webhooks`, { url: 'https://ci:p%40ss-4711@hooks.acme.test/upshift' }, 201);
    expect(made.secret).toMatch(/^whsec_/);
    const again = await owner.ok<{ secret?: string; webhook: { url: string } }>('PUT', `${env()}/webhooks`, { url: 'https://ci:p%40ss-4711@hooks.acme.test/upshift', events: ['trial.started'] });
    expect(again.secret).toBeUndefined();
    expect(again.webhook.url).toContain('p%40ss-4711');
    // A secret key reads it back as it always has.
    expect((await (await secretCall(t, 'PUT', '/v1/webhooks', { url: 'https://ci:p%40ss-4711@hooks.acme.test/upshift' })).json()).secret).toBe(made.secret);
    await addPerson(t.store, 'viewer@acme.com', 'viewer');
    const viewer = await signedIn(t.app, 'viewer@acme.com');
    const seen = await viewer.ok<{ webhook: { url: string } }>('GET', `${env()}/webhooks`);
    expect(seen.webhook.url).toBe('https://••••••@hooks.acme.test/upshift');
    expect(JSON.stringify(seen)).not.toContain('4711');
  });

  it('forgets a deleted environment\'s Stripe secret: its path verifies nothing and another environment may use it', async () => {
    const owner = await start();
    const secret = 'whsec_deleted0123456789abcdef';
    const prod = EnvironmentCreated.parse(await owner.ok('POST', '/v1/admin/environments', { name: 'Prod', allowedOrigins: [] }, 201));
    await owner.ok('PUT', `/v1/admin/environments/${prod.environment.id}/stripe-secret`, { secret }, 201);
    await owner.ok('DELETE', `/v1/admin/environments/${prod.environment.id}`, { confirm: 'Prod' }, 204);
    expect(await t.store.getStripeSecret(prod.environment.id)).toBeNull();
    const next = EnvironmentCreated.parse(await owner.ok('POST', '/v1/admin/environments', { name: 'Prod', allowedOrigins: [] }, 201));
    await owner.ok('PUT', `/v1/admin/environments/${next.environment.id}/stripe-secret`, { secret }, 201);
  });

  it('refuses a second publishable-key rotation while the first one\'s grace period runs, unless forced', async () => {
    const owner = await start();
    await owner.ok('POST', `${env()}/publishable-key/rotate`, { graceSeconds: 3600 });
    const refused = await expectApiError(await owner.post(`${env()}/publishable-key/rotate`, { graceSeconds: 0 }), 409, 'grace_period_running');
    expect(refused.message).toMatch(/still works until/);
    const first = t.key;
    expect((await t.app.request(`/v1/config?key=${first}`, { headers: { Origin: 'https://app.acme.test' } })).status).toBe(200);
    await owner.ok('POST', `${env()}/publishable-key/rotate`, { graceSeconds: 0, force: true });
    expect((await t.app.request(`/v1/config?key=${first}`, { headers: { Origin: 'https://app.acme.test' } })).status).toBe(401);
  });

  it('makes exactly one first owner when two setups race', async () => {
    t = await createTestApp({ setupToken: 'tok' });
    const setup = (email: string) => new AdminClient(t.app).post('/v1/admin/setup', { token: 'tok', email, password: PASSWORD });
    const answers = await Promise.all([setup('a@acme.com'), setup('b@acme.com')]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    expect((await t.store.listUsers()).map((u) => u.role)).toEqual(['owner']);
  });

  it('takes over https only the __Host- cookie, which no sibling subdomain can plant', async () => {
    t = await createTestApp({ publicUrl: 'https://upshift.acme.test' });
    await addPerson(t.store, 'owner@acme.com', 'owner');
    const tab = new AdminClient(t.app, 'https://upshift.acme.test');
    await tab.signIn('owner@acme.com');
    expect(tab.cookie).toMatch(/^__Host-upshift_session=/);
    const value = tab.cookie!.slice(tab.cookie!.indexOf('=') + 1);
    expect((await t.app.request('https://upshift.acme.test/v1/admin/me', { headers: { Cookie: `__Host-upshift_session=${value}` } })).status).toBe(200);
    expect((await t.app.request('https://upshift.acme.test/v1/admin/me', { headers: { Cookie: `upshift_session=${value}` } })).status).toBe(401);
  });

  it('signs in behind the one trusted proxy that terminates TLS, without UPSHIFT_PUBLIC_URL', async () => {
    t = await createTestApp({ trustProxy: true });
    await addPerson(t.store, 'owner@acme.com', 'owner');
    const res = await t.app.request('http://upshift.acme.test/v1/admin/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://upshift.acme.test', 'X-Forwarded-Proto': 'https' },
      body: JSON.stringify({ email: 'owner@acme.com', password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/^__Host-upshift_session=.*; Secure/);
  });

  it('takes a Referer as the installation\'s origin only when the browser says same-origin', async () => {
    const owner = await start();
    const get = (headers: Record<string, string>) => t.app.request(`/v1/config?key=${t.key}`, { headers });
    expect((await get({ Referer: 'https://made-up.example/page' })).status).toBe(200);
    expect((await get({ Referer: 'http://localhost/demo', 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200);
    const origins = (await owner.ok<{ origins: { origin: string }[] }>('GET', `${env()}/installation`)).origins.map((o) => o.origin);
    expect(origins).toContain('http://localhost');
    expect(origins).toContain('none (a server or script)');
    expect(origins).not.toContain('https://made-up.example');
  });
});
