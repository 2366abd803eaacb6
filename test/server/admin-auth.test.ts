import { afterEach, describe, expect, it } from 'vitest';
import { SessionView, SetupStatus } from '../../shared/schemas/admin';
import { addPerson, AdminClient, CONSOLE, manualClock, PASSWORD, setCookies, signedIn } from '../helpers/admin-client';
import { expectApiError } from '../helpers/http';
import { createTestApp, type TestApp, type TestAppOptions } from '../helpers/test-app';

// Signing in to the console, the first owner's setup, sessions and their timeouts, and the
// request forgery defences, as a browser on the console meets them.

const T0 = Date.UTC(2026, 11, 1, 9);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const SETUP_TOKEN = 'setup-token-from-the-start-up-log';

let t: TestApp;
let time: ReturnType<typeof manualClock>;
afterEach(async () => {
  await t.cleanup();
});

async function start(options: TestAppOptions = {}): Promise<TestApp> {
  time = manualClock(T0);
  t = await createTestApp({ clock: time.clock, setupToken: SETUP_TOKEN, ...options });
  return t;
}

const tab = (origin = CONSOLE) => new AdminClient(t.app, origin);
const setupStatus = async () => SetupStatus.parse(await (await tab().get('/v1/admin/setup')).json());
const issuePaths = (error: { details?: unknown }) => (error.details as { issues: { path: string }[] }).issues.map((i) => i.path);

describe('the first owner: GET|POST /v1/admin/setup', () => {
  it('is needed until the start-up token makes an owner, and never again after', async () => {
    await start();
    expect(await setupStatus()).toEqual({ needed: true });

    const wrong = tab();
    await expectApiError(await wrong.post('/v1/admin/setup', { token: 'a-guess', email: 'ada@acme.com', password: PASSWORD }), 403, 'invalid_setup_token');
    expect(wrong.cookie).toBeNull();
    expect(await setupStatus()).toEqual({ needed: true });

    const owner = tab();
    const res = await owner.post('/v1/admin/setup', { token: SETUP_TOKEN, email: 'Ada@Acme.com', name: 'Ada', password: PASSWORD });
    expect(res.status).toBe(201);
    await owner.keepSession(res);
    const view = SessionView.parse(await res.json());
    expect(view.user).toMatchObject({ email: 'ada@acme.com', name: 'Ada', role: 'owner' });
    expect(owner.cookie).not.toBeNull();
    expect((await owner.get('/v1/admin/me')).status).toBe(200);
    expect(await setupStatus()).toEqual({ needed: false });

    await expectApiError(await tab().post('/v1/admin/setup', { token: SETUP_TOKEN, email: 'mallory@acme.com', password: PASSWORD }), 409, 'already_set_up');
    expect((await tab().signIn('mallory@acme.com')).status).toBe(401);
  });

  it('refuses every token when the server was started without one', async () => {
    await start({ setupToken: undefined });
    await expectApiError(await tab().post('/v1/admin/setup', { token: SETUP_TOKEN, email: 'ada@acme.com', password: PASSWORD }), 403, 'invalid_setup_token');
    expect(await setupStatus()).toEqual({ needed: true });
  });

  it('refuses a short password at its path', async () => {
    await start();
    const error = await expectApiError(await tab().post('/v1/admin/setup', { token: SETUP_TOKEN, email: 'ada@acme.com', password: 'short' }), 400, 'invalid_request');
    expect(issuePaths(error)).toEqual(['password']);
  });
});

describe('signing in: POST /v1/admin/session', () => {
  it('answers an unknown email and a wrong password alike', async () => {
    await start();
    await addPerson(t.store, 'ada@acme.com', 'owner');
    const unknown = await expectApiError(await tab().signIn('nobody@acme.com'), 401, 'invalid_credentials');
    const wrong = await expectApiError(await tab().signIn('ada@acme.com', 'not her password'), 401, 'invalid_credentials');
    expect(wrong).toEqual(unknown);
    expect(unknown.message).toBe('Wrong email or password');
  });

  it('signs in with any case of the email, and answers the person and a CSRF token', async () => {
    await start();
    await addPerson(t.store, 'ada@acme.com', 'editor');
    const ada = tab();
    const res = await ada.signIn(' ADA@acme.com ');
    expect(res.status).toBe(200);
    const view = SessionView.parse(await res.json());
    expect(view.user).toMatchObject({ email: 'ada@acme.com', role: 'editor', lastSignInAt: new Date(T0).toISOString() });
    expect(view.csrfToken.length).toBeGreaterThanOrEqual(32);
    expect(await (await ada.get('/v1/admin/me')).json()).toEqual(view);
  });

  it('locks an email out after ten wrong passwords in a row, until the window has passed', async () => {
    await start();
    await addPerson(t.store, 'ada@acme.com', 'owner');
    await addPerson(t.store, 'bob@acme.com', 'owner');
    for (let i = 0; i < 10; i++) await expectApiError(await tab().signIn('ada@acme.com', `guess ${i}`), 401, 'invalid_credentials');

    const eleventh = await tab().signIn('ada@acme.com', 'guess 10');
    expect(eleventh.headers.get('retry-after')).toBe('900');
    const error = await expectApiError(eleventh, 429, 'too_many_attempts');
    expect(error.details).toEqual({ retryAfter: 900 });
    // The right password is refused too while locked, and does not end the lock.
    await expectApiError(await tab().signIn('ada@acme.com'), 429, 'too_many_attempts');
    // Another email from the same address is not locked (the address limit is 50).
    expect((await tab().signIn('bob@acme.com')).status).toBe(200);

    time.advance(15 * MINUTE - 1000);
    const later = await tab().signIn('ada@acme.com');
    expect(later.headers.get('retry-after')).toBe('1');
    await expectApiError(later, 429, 'too_many_attempts');
    time.advance(1000);
    expect((await tab().signIn('ada@acme.com')).status).toBe(200);
  });

  it('starts the count over after a successful sign-in', async () => {
    await start({ loginLimits: { perEmail: 3, perAddress: 50, windowMs: 15 * MINUTE } });
    await addPerson(t.store, 'ada@acme.com', 'owner');
    for (let i = 0; i < 2; i++) await expectApiError(await tab().signIn('ada@acme.com', `guess ${i}`), 401, 'invalid_credentials');
    expect((await tab().signIn('ada@acme.com')).status).toBe(200);
    for (let i = 0; i < 3; i++) await expectApiError(await tab().signIn('ada@acme.com', `again ${i}`), 401, 'invalid_credentials');
    await expectApiError(await tab().signIn('ada@acme.com'), 429, 'too_many_attempts');
  });

  it('counts guesses sent all at once: no more than the limit are checked', async () => {
    await start();
    await addPerson(t.store, 'ada@acme.com', 'owner');
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => tab().signIn('ada@acme.com', `guess ${i}`)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    await expectApiError(await tab().signIn('ada@acme.com'), 429, 'too_many_attempts');
  });

  it('locks an address out after its limit of failures, whichever emails they tried', async () => {
    await start({ trustProxy: true, loginLimits: { perEmail: 10, perAddress: 3, windowMs: 15 * MINUTE } });
    await addPerson(t.store, 'ada@acme.com', 'owner');
    const from = (address: string) => ({ 'X-Forwarded-For': address });
    for (const email of ['a@acme.com', 'b@acme.com', 'c@acme.com']) {
      await expectApiError(await tab().signIn(email, 'guess', from('198.51.100.7')), 401, 'invalid_credentials');
    }
    await expectApiError(await tab().signIn('ada@acme.com', PASSWORD, from('198.51.100.7')), 429, 'too_many_attempts');
    expect((await tab().signIn('ada@acme.com', PASSWORD, from('203.0.113.9'))).status).toBe(200);
    time.advance(15 * MINUTE);
    expect((await tab().signIn('ada@acme.com', PASSWORD, from('198.51.100.7'))).status).toBe(200);
  });
});

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Lax and for the whole site, and not Secure over http', async () => {
    await start();
    await addPerson(t.store, 'ada@acme.com', 'owner');
    const res = await tab().signIn('ada@acme.com');
    const [cookie, ...others] = setCookies(res);
    expect(others).toEqual([]);
    expect(cookie).toMatchObject({ name: 'upshift_session', attributes: { httponly: true, samesite: 'Lax', path: '/' } });
    expect(cookie!.attributes.secure).toBeUndefined();
    expect(cookie!.attributes.domain).toBeUndefined();
    expect(cookie!.value.length).toBeGreaterThanOrEqual(32);
    // The session id travels only in the cookie, never in a body script could read.
    expect(await res.text()).not.toContain(cookie!.value);
  });

  it('is Secure and __Host- prefixed when the public URL is https', async () => {
    await start({ publicUrl: 'https://upshift.acme.test' });
    await addPerson(t.store, 'ada@acme.com', 'owner');
    const ada = await signedIn(t.app, 'ada@acme.com', PASSWORD, 'https://upshift.acme.test');
    const [cookie] = setCookies(await tab('https://upshift.acme.test').signIn('ada@acme.com'));
    expect(cookie).toMatchObject({ name: '__Host-upshift_session', attributes: { httponly: true, secure: true, samesite: 'Lax', path: '/' } });
    expect(cookie!.attributes.domain).toBeUndefined();
    expect((await ada.get('/v1/admin/me')).status).toBe(200);
  });
});

describe('session timeouts', () => {
  it('ends a session left unused for the idle time, but not one in use', async () => {
    await start({ sessions: { idleMs: 30 * MINUTE, absoluteMs: 8 * HOUR } });
    await addPerson(t.store, 'ada@acme.com', 'owner');
    const ada = await signedIn(t.app, 'ada@acme.com');
    for (let i = 0; i < 3; i++) {
      time.advance(29 * MINUTE);
      expect((await ada.get('/v1/admin/me')).status).toBe(200);
    }
    time.advance(30 * MINUTE + 1);
    const cookie = ada.cookie;
    await expectApiError(await ada.get('/v1/admin/me'), 401, 'session_expired');
    expect(ada.cookie).toBeNull();
    // Gone on the server too, not only from the browser.
    await expectApiError(await t.app.request(`${CONSOLE}/v1/admin/me`, { headers: { Cookie: cookie! } }), 401, 'unauthorized');
  });

  it('ends a session at its absolute lifetime however busy it is', async () => {
    await start({ sessions: { idleMs: 30 * MINUTE, absoluteMs: 2 * HOUR } });
    await addPerson(t.store, 'ada@acme.com', 'owner');
    const ada = await signedIn(t.app, 'ada@acme.com');
    for (let i = 0; i < 6; i++) {
      time.advance(20 * MINUTE);
      expect((await ada.get('/v1/admin/me')).status).toBe(200);
    }
    time.advance(1);
    await expectApiError(await ada.get('/v1/admin/me'), 401, 'session_expired');
    expect((await ada.signIn('ada@acme.com')).status).toBe(200);
    expect((await ada.get('/v1/admin/me')).status).toBe(200);
  });
});

describe('signing out', () => {
  it('DELETE /v1/admin/session ends this session on the server and clears the cookie', async () => {
    await start();
    await addPerson(t.store, 'ada@acme.com', 'owner');
    const ada = await signedIn(t.app, 'ada@acme.com');
    const other = await signedIn(t.app, 'ada@acme.com');
    const cookie = ada.cookie!;
    const res = await ada.delete('/v1/admin/session');
    expect(res.status).toBe(204);
    expect(setCookies(res)).toEqual([expect.objectContaining({ name: 'upshift_session', value: '' })]);
    expect(ada.cookie).toBeNull();
    await expectApiError(await t.app.request(`${CONSOLE}/v1/admin/me`, { headers: { Cookie: cookie } }), 401, 'unauthorized');
    expect((await other.get('/v1/admin/me')).status).toBe(200);
  });

  it('DELETE /v1/admin/sessions ends every session of the person, and no one else’s', async () => {
    await start();
    await addPerson(t.store, 'ada@acme.com', 'owner');
    await addPerson(t.store, 'bob@acme.com', 'editor');
    const laptop = await signedIn(t.app, 'ada@acme.com');
    const phone = await signedIn(t.app, 'ada@acme.com');
    const bob = await signedIn(t.app, 'bob@acme.com');
    const laptopCookie = laptop.cookie!;
    expect((await laptop.delete('/v1/admin/sessions')).status).toBe(204);
    expect(laptop.cookie).toBeNull();
    await expectApiError(await phone.get('/v1/admin/me'), 401, 'unauthorized');
    await expectApiError(await t.app.request(`${CONSOLE}/v1/admin/me`, { headers: { Cookie: laptopCookie } }), 401, 'unauthorized');
    expect((await bob.get('/v1/admin/me')).status).toBe(200);
  });
});

describe('changing one’s password: PUT /v1/admin/me/password', () => {
  const NEW = 'a brand new passphrase';

  it('refuses a wrong current password at its path, and changes nothing', async () => {
    await start();
    await addPerson(t.store, 'ada@acme.com', 'viewer');
    const ada = await signedIn(t.app, 'ada@acme.com');
    const other = await signedIn(t.app, 'ada@acme.com');
    const error = await expectApiError(await ada.put('/v1/admin/me/password', { currentPassword: 'not it', newPassword: NEW }), 400, 'invalid_request');
    expect(issuePaths(error)).toEqual(['currentPassword']);
    expect((await other.get('/v1/admin/me')).status).toBe(200);
    expect((await tab().signIn('ada@acme.com')).status).toBe(200);
    const short = await expectApiError(await ada.put('/v1/admin/me/password', { currentPassword: PASSWORD, newPassword: 'short' }), 400, 'invalid_request');
    expect(issuePaths(short)).toEqual(['newPassword']);
  });

  it('keeps this session, ends the others, and only the new password signs in', async () => {
    await start();
    await addPerson(t.store, 'ada@acme.com', 'viewer');
    const ada = await signedIn(t.app, 'ada@acme.com');
    const other = await signedIn(t.app, 'ada@acme.com');
    expect((await ada.put('/v1/admin/me/password', { currentPassword: PASSWORD, newPassword: NEW })).status).toBe(204);
    expect((await ada.get('/v1/admin/me')).status).toBe(200);
    await expectApiError(await other.get('/v1/admin/me'), 401, 'unauthorized');
    await expectApiError(await tab().signIn('ada@acme.com', PASSWORD), 401, 'invalid_credentials');
    expect((await tab().signIn('ada@acme.com', NEW)).status).toBe(200);
  });

  it('limits guesses of the current password as sign-in does: a stolen session cannot try forever', async () => {
    await start();
    await addPerson(t.store, 'ada@acme.com', 'viewer');
    const ada = await signedIn(t.app, 'ada@acme.com');
    for (let i = 0; i < 10; i++) await expectApiError(await ada.put('/v1/admin/me/password', { currentPassword: `guess ${i}`, newPassword: NEW }), 400, 'invalid_request');
    const limited = await ada.put('/v1/admin/me/password', { currentPassword: PASSWORD, newPassword: NEW });
    await expectApiError(limited, 429, 'too_many_attempts');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    time.advance(15 * MINUTE + 1);
    // Nothing was changed by the refused attempt: the old password still signs in, the new one not yet.
    expect((await tab().signIn('ada@acme.com', PASSWORD)).status).toBe(200);
    expect((await ada.put('/v1/admin/me/password', { currentPassword: PASSWORD, newPassword: NEW })).status).toBe(204);
  });
});

describe('request forgery', () => {
  async function owner() {
    await start();
    await addPerson(t.store, 'ada@acme.com', 'owner');
    return signedIn(t.app, 'ada@acme.com');
  }
  const environmentNames = async (client: AdminClient) =>
    ((await (await client.get('/v1/admin/environments')).json()) as { environments: { name: string }[] }).environments.map((e) => e.name);

  it('refuses a change without the session’s CSRF token', async () => {
    const ada = await owner();
    const other = await signedIn(t.app, 'ada@acme.com');
    const create = (headers: Record<string, string | undefined>) => ada.post('/v1/admin/environments', { name: 'Staging' }, { noCsrf: true, headers });
    await expectApiError(await create({}), 403, 'csrf_required');
    await expectApiError(await create({ 'X-CSRF-Token': 'forged' }), 403, 'csrf_invalid');
    // One character changed (never to itself: a token may already end in the replacement).
    const token = ada.csrfToken!;
    const altered = `${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}`;
    expect(altered).not.toBe(token);
    await expectApiError(await create({ 'X-CSRF-Token': altered }), 403, 'csrf_invalid');
    // A token is bound to its own session: another tab's is no good here.
    expect(other.csrfToken).not.toBe(ada.csrfToken);
    await expectApiError(await create({ 'X-CSRF-Token': other.csrfToken! }), 403, 'csrf_invalid');
    expect(await environmentNames(ada)).toEqual(['Test']);
    expect((await ada.post('/v1/admin/environments', { name: 'Staging' })).status).toBe(201);
    expect(await environmentNames(ada)).toEqual(['Test', 'Staging']);
  });

  it('needs the token to sign out too', async () => {
    const ada = await owner();
    await expectApiError(await ada.delete('/v1/admin/session', undefined, { noCsrf: true }), 403, 'csrf_required');
    expect((await ada.get('/v1/admin/me')).status).toBe(200);
  });

  it.each([
    ['an Origin of another site', { Origin: 'https://evil.example' }],
    ['an Origin of the same host on another port', { Origin: 'http://localhost:8080' }],
    ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'Sec-Fetch-Site': 'same-site' }],
    ['Sec-Fetch-Site: cross-site without an Origin', { Origin: undefined, 'Sec-Fetch-Site': 'cross-site' }],
  ])('refuses a change with %s, token or not', async (_what, headers) => {
    const ada = await owner();
    await expectApiError(await ada.post('/v1/admin/environments', { name: 'Staging' }, { headers }), 403, 'cross_origin');
    expect(await environmentNames(ada)).toEqual(['Test']);
  });

  it('takes a change with the console’s own Origin and Sec-Fetch-Site: same-origin', async () => {
    const ada = await owner();
    expect((await ada.post('/v1/admin/environments', { name: 'Staging' }, { headers: { 'Sec-Fetch-Site': 'same-origin' } })).status).toBe(201);
  });

  it('refuses a sign-in posted from another site (login CSRF)', async () => {
    await start();
    await addPerson(t.store, 'ada@acme.com', 'owner');
    const victim = tab();
    await expectApiError(await victim.signIn('ada@acme.com', PASSWORD, { Origin: 'https://evil.example' }), 403, 'cross_origin');
    expect(victim.cookie).toBeNull();
  });
});

describe('without a session', () => {
  const env = '/v1/admin/environments/:env';
  const routes: Array<[string, string]> = [
    ['GET', '/v1/admin/me'],
    ['DELETE', '/v1/admin/session'],
    ['DELETE', '/v1/admin/sessions'],
    ['PUT', '/v1/admin/me/password'],
    ['GET', '/v1/admin/people'],
    ['POST', '/v1/admin/invites'],
    ['DELETE', '/v1/admin/invites/inv_x'],
    ['PATCH', '/v1/admin/people/usr_x'],
    ['DELETE', '/v1/admin/people/usr_x'],
    ['GET', '/v1/admin/environments'],
    ['POST', '/v1/admin/environments'],
    ['GET', env],
    ['PATCH', env],
    ['DELETE', env],
    ['POST', `${env}/publishable-key/rotate`],
    ['GET', `${env}/secret-keys`],
    ['POST', `${env}/secret-keys`],
    ['DELETE', `${env}/secret-keys/key_x`],
    ['POST', `${env}/origins/check`],
    ['GET', `${env}/installation`],
    ['POST', `${env}/promote`],
    ['GET', `${env}/rules`],
    ['GET', `${env}/rules/api-usage-ladder`],
    ['PUT', `${env}/rules/api-usage-ladder`],
    ['DELETE', `${env}/rules/api-usage-ladder`],
    ['GET', `${env}/catalog`],
    ['PUT', `${env}/catalog`],
    ['GET', `${env}/settings`],
    ['PUT', `${env}/settings`],
    ['POST', `${env}/publish`],
    ['GET', `${env}/versions`],
    ['GET', `${env}/versions/1`],
    ['POST', `${env}/versions/1/rollback`],
    ['GET', `${env}/identity`],
    ['PUT', `${env}/identity`],
    ['POST', `${env}/identity/rotate`],
    ['GET', `${env}/webhooks`],
    ['PUT', `${env}/webhooks`],
    ['POST', `${env}/webhooks/rotate`],
    ['GET', `${env}/webhooks/deliveries`],
    ['POST', `${env}/webhooks/test`],
    ['POST', `${env}/webhooks/deliveries/msg_x/resend`],
    ['GET', `${env}/stripe-secret`],
    ['PUT', `${env}/stripe-secret`],
    ['GET', '/v1/admin/audit'],
    ['GET', '/v1/admin/audit/export'],
  ];

  it.each(routes)('%s %s answers 401, with no cookie, a made-up one, or the secret key', async (method, path) => {
    await start();
    const write = method !== 'GET';
    const send = (headers: Record<string, string>) =>
      t.app.request(`${CONSOLE}${path.replace(':env', t.environment.id)}`, { method, headers: { ...(write ? { Origin: CONSOLE, 'Content-Type': 'application/json', 'X-CSRF-Token': 'x' } : {}), ...headers }, ...(write ? { body: '{}' } : {}) });
    await expectApiError(await send({}), 401, 'unauthorized');
    await expectApiError(await send({ Cookie: 'upshift_session=made-up' }), 401, 'unauthorized');
    await expectApiError(await send({ Authorization: `Bearer ${t.secretKey}` }), 401, 'unauthorized');
  });
});
