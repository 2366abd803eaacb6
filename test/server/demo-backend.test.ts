import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PEOPLE } from '../../demo/session';
import { createApp, type App } from '../../server/http/app';
import { verifyIdentityToken } from '../../server/services/identity-token';
import { DEMO_ACCOUNT, DEMO_TOKEN_SECONDS, DemoToken } from '../../server/http/routes/demo-backend';
import { ensureDemo, type DemoEnvironment } from '../../server/demo/seed';
import { openSqliteStore } from '../../server/store/sqlite';
import type { Store } from '../../server/store/types';
import { expectApiError } from '../helpers/http';
import { tempDir } from '../helpers/test-app';

// The demo app's backend signs its people's identity tokens, so the demo's trials work out of the
// box while every environment's actions need a verified person.

const NOW = Date.UTC(2026, 10, 22, 12);
const ORIGIN = 'http://localhost:8787';

let tmp: ReturnType<typeof tempDir>;
let store: Store;
let demo: DemoEnvironment;
let app: App;
beforeEach(async () => {
  tmp = tempDir('upshift-demo-backend-');
  store = openSqliteStore(join(tmp.dir, 'upshift.db'));
  demo = (await ensureDemo(store, join(tmp.dir, 'demo-keys.json')))!;
  app = createApp({ store, demoKey: demo.publishableKey, clock: () => NOW });
});
afterEach(async () => {
  await store.close();
  tmp.remove();
});

const tokenFor = (query: string) => app.request(`${ORIGIN}/demo/api/upshift-token${query}`);
const secret = async () => (await store.getIdentitySettings(demo.environmentId))!.secret;

/** `POST /v1/trials` from the demo page, for the demo's locked scheduled reports. */
const startTrial = (userId: string, token?: string) =>
  app.request(`${ORIGIN}/v1/trials`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Upshift-Key': demo.publishableKey, Origin: ORIGIN, ...(token && { 'X-Upshift-Token': token }) },
    body: JSON.stringify({ userId, accountId: DEMO_ACCOUNT.id, ruleId: 'scheduled-reports-trial', feature: 'scheduled_reports' }),
  });

describe('GET /demo/api/upshift-token, the demo backend', () => {
  it.each([
    ['', 'admin'],
    ['?role=admin', 'admin'],
    ['?role=member', 'member'],
  ] as const)('with "%s", signs a token for the demo page’s %s with the demo environment’s secret, for an hour', async (query, role) => {
    const res = await tokenFor(query);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    // Readable by the demo page only: no CORS grant to any other site.
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const body = DemoToken.parse(await res.json());
    expect(body.expiresAt).toBe(new Date(NOW + DEMO_TOKEN_SECONDS * 1000).toISOString());
    const verified = verifyIdentityToken(body.token, await secret(), NOW);
    expect(verified).toEqual({ ok: true, claims: { sub: PEOPLE[role].id, account: DEMO_ACCOUNT.id, plan: 'starter', iat: NOW / 1000, exp: NOW / 1000 + DEMO_TOKEN_SECONDS } });
  });

  it('lets the demo’s own people start its trial, and nobody without a token', async () => {
    await expectApiError(await startTrial(PEOPLE.admin.id), 401, 'identity_required');
    const { token } = DemoToken.parse(await (await tokenFor('?role=member')).json());
    // A member's token does not start a trial in the admin's name.
    await expectApiError(await startTrial(PEOPLE.admin.id, token), 403, 'identity_mismatch');
    expect((await startTrial(PEOPLE.member.id, token)).status).toBe(201);
  });

  it.each([
    ['an unknown role', '?role=owner'],
    ['a person named by the caller', '?role=admin&sub=user_someone'],
  ])('refuses %s with 400 and signs nothing', async (_, query) => {
    await expectApiError(await tokenFor(query), 400, 'invalid_request');
  });

  it('takes GET only', async () => {
    await expectApiError(await app.request(`${ORIGIN}/demo/api/upshift-token`, { method: 'POST' }), 405, 'method_not_allowed');
  });

  it('does not exist on a server without the demo', async () => {
    const bare = createApp({ store, clock: () => NOW });
    await expectApiError(await bare.request(`${ORIGIN}/demo/api/upshift-token`), 404, 'not_found');
  });
});
