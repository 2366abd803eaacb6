import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeDrafts } from '../../server/services/publishing';
import { demoContent } from '../../server/demo/seed';
import { InviteCreated, PeopleView, SessionView, User } from '../../shared/schemas/admin';
import { addPerson, AdminClient, CONSOLE, manualClock, signedIn } from '../helpers/admin-client';
import { expectApiError } from '../helpers/http';
import { createTestApp, type TestApp } from '../helpers/test-app';

// People and invites as an owner manages them in the console, and what the invited person meets.

const T0 = Date.UTC(2026, 11, 1, 9);
const DAY = 86_400_000;
const NEW_PASSWORD = 'cleo picks her own passphrase';

let t: TestApp;
let time: ReturnType<typeof manualClock>;
let owner: AdminClient;
beforeEach(async () => {
  time = manualClock(T0);
  t = await createTestApp({ clock: time.clock });
  await addPerson(t.store, 'ada@acme.com', 'owner', T0);
  owner = await signedIn(t.app, 'ada@acme.com');
}, 30_000);
afterEach(async () => {
  await t.cleanup();
});

const tab = () => new AdminClient(t.app);
const people = async (client = owner) => PeopleView.parse(await client.ok('GET', '/v1/admin/people'));
const emails = async () => (await people()).people.map((p) => p.email);

async function invite(email: string, role = 'editor') {
  const created = InviteCreated.parse(await owner.ok('POST', '/v1/admin/invites', { email, role }, 201));
  const token = new URL(created.url).hash.replace(/^#token=/, '');
  return { ...created, token };
}
const lookup = (token: string) => tab().post('/v1/admin/invites/lookup', { token });
const accept = (client: AdminClient, token: string, name = 'Cleo') => client.post('/v1/admin/invites/accept', { token, name, password: NEW_PASSWORD });

describe('an invite', () => {
  it('is a one-time link to the console for an email and role; accepting it signs the person in with that role', async () => {
    const made = await invite('Cleo@Acme.com', 'editor');
    expect(made.mailed).toBe(false);
    expect(made.url).toMatch(new RegExp(`^${CONSOLE}/admin/invite#token=[A-Za-z0-9]{32,}$`));
    expect(made.invite).toMatchObject({ email: 'cleo@acme.com', role: 'editor', invitedBy: 'ada@acme.com', expiresAt: new Date(T0 + 7 * DAY).toISOString() });
    expect((await people()).invites).toEqual([made.invite]);

    const res = await lookup(made.token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ email: 'cleo@acme.com', role: 'editor', expiresAt: made.invite.expiresAt });

    const cleo = tab();
    const accepted = await accept(cleo, made.token);
    expect(accepted.status).toBe(201);
    await cleo.keepSession(accepted);
    expect(SessionView.parse(await accepted.json()).user).toMatchObject({ email: 'cleo@acme.com', name: 'Cleo', role: 'editor' });
    // Signed in, with the invited role's rights and no more.
    expect(User.parse((await cleo.ok<{ user: unknown }>('GET', '/v1/admin/me')).user).role).toBe('editor');
    expect((await cleo.put(`/v1/admin/environments/${t.environment.id}/settings`, { budget: { day: 4 } })).status).toBe(200);
    await expectApiError(await cleo.post('/v1/admin/invites', { email: 'dan@acme.com', role: 'owner' }), 403, 'forbidden');
    // And from now on with the password she chose.
    expect((await tab().signIn('cleo@acme.com', NEW_PASSWORD)).status).toBe(200);

    expect((await emails()).sort()).toEqual(['ada@acme.com', 'cleo@acme.com']);
    expect((await people()).invites).toEqual([]);
  });

  it('works once: a used link is not found', async () => {
    const made = await invite('cleo@acme.com');
    expect((await accept(tab(), made.token)).status).toBe(201);
    await expectApiError(await lookup(made.token), 404, 'invite_not_found');
    const again = tab();
    await expectApiError(await accept(again, made.token, 'Mallory'), 404, 'invite_not_found');
    expect(again.cookie).toBeNull();
    expect((await people()).people.find((p) => p.email === 'cleo@acme.com')?.name).toBe('Cleo');
  });

  it('expires after seven days', async () => {
    const made = await invite('cleo@acme.com');
    time.advance(7 * DAY - 1);
    expect((await lookup(made.token)).status).toBe(200);
    time.advance(1);
    await expectApiError(await lookup(made.token), 410, 'invite_expired');
    await expectApiError(await accept(tab(), made.token), 410, 'invite_expired');
    // A week on, the owner's session has timed out too.
    owner = await signedIn(t.app, 'ada@acme.com');
    expect(await emails()).toEqual(['ada@acme.com']);
    expect((await people()).invites).toEqual([]);
  });

  it('is not found once an owner revokes it', async () => {
    const made = await invite('cleo@acme.com');
    expect((await owner.delete(`/v1/admin/invites/${made.invite.id}`)).status).toBe(204);
    await expectApiError(await lookup(made.token), 404, 'invite_not_found');
    await expectApiError(await accept(tab(), made.token), 404, 'invite_not_found');
    await expectApiError(await owner.delete(`/v1/admin/invites/${made.invite.id}`), 404, 'not_found');
    expect(await emails()).toEqual(['ada@acme.com']);
  });

  it('is refused for a mistyped token', async () => {
    const made = await invite('cleo@acme.com');
    await expectApiError(await lookup(`${made.token}x`), 404, 'invite_not_found');
    await expectApiError(await accept(tab(), made.token.slice(1)), 404, 'invite_not_found');
  });

  it('is not made for an email that already has access, in any case', async () => {
    await addPerson(t.store, 'bob@acme.com', 'viewer');
    const error = await expectApiError(await owner.post('/v1/admin/invites', { email: 'BOB@acme.com', role: 'owner' }), 409, 'email_taken');
    expect(error.details).toEqual({ issues: [{ path: 'email', message: 'already has access' }] });
    expect((await people()).invites).toEqual([]);
  });

  it('cannot be accepted once the email got access another way', async () => {
    const first = await invite('cleo@acme.com', 'viewer');
    const second = await invite('cleo@acme.com', 'owner');
    expect((await accept(tab(), first.token)).status).toBe(201);
    const late = tab();
    await expectApiError(await accept(late, second.token), 409, 'email_taken');
    expect(late.cookie).toBeNull();
    expect((await people()).people.find((p) => p.email === 'cleo@acme.com')?.role).toBe('viewer');
  });
});

describe('roles and removal', () => {
  it('an owner changes a person’s role', async () => {
    await writeDrafts(t.store, t.environment.id, demoContent);
    const bob = await addPerson(t.store, 'bob@acme.com', 'editor');
    const bobTab = await signedIn(t.app, 'bob@acme.com');
    await expectApiError(await bobTab.post(`/v1/admin/environments/${t.environment.id}/publish`), 403, 'forbidden');
    const changed = await owner.ok<{ user: User }>('PATCH', `/v1/admin/people/${bob.id}`, { role: 'publisher' });
    expect(changed.user).toMatchObject({ id: bob.id, email: 'bob@acme.com', role: 'publisher' });
    expect((await bobTab.post(`/v1/admin/environments/${t.environment.id}/publish`, { note: 'Bob publishes now' })).status).toBe(201);
    await expectApiError(await owner.patch('/v1/admin/people/usr_nobody', { role: 'viewer' }), 404, 'not_found');
    await expectApiError(await owner.patch(`/v1/admin/people/${bob.id}`, { role: 'admin' }), 400, 'invalid_request');
  });

  it('removing a person ends their sessions and their access', async () => {
    const bob = await addPerson(t.store, 'bob@acme.com', 'owner');
    const laptop = await signedIn(t.app, 'bob@acme.com');
    const phone = await signedIn(t.app, 'bob@acme.com');
    expect((await owner.delete(`/v1/admin/people/${bob.id}`)).status).toBe(204);
    await expectApiError(await laptop.get('/v1/admin/me'), 401, 'unauthorized');
    await expectApiError(await phone.post('/v1/admin/environments', { name: 'Sneaky' }), 401, 'unauthorized');
    await expectApiError(await tab().signIn('bob@acme.com'), 401, 'invalid_credentials');
    expect(await emails()).toEqual(['ada@acme.com']);
    await expectApiError(await owner.delete(`/v1/admin/people/${bob.id}`), 404, 'not_found');
  });

  it('the last owner can be neither demoted nor removed, until there is a second', async () => {
    const ada = owner.user!;
    const bob = await addPerson(t.store, 'bob@acme.com', 'editor');
    await expectApiError(await owner.patch(`/v1/admin/people/${ada.id}`, { role: 'publisher' }), 409, 'last_owner');
    await expectApiError(await owner.delete(`/v1/admin/people/${ada.id}`), 409, 'last_owner');
    expect((await people()).people.find((p) => p.id === ada.id)?.role).toBe('owner');
    // Keeping the role is no demotion.
    expect((await owner.patch(`/v1/admin/people/${ada.id}`, { role: 'owner' })).status).toBe(200);

    expect((await owner.patch(`/v1/admin/people/${bob.id}`, { role: 'owner' })).status).toBe(200);
    expect((await owner.patch(`/v1/admin/people/${ada.id}`, { role: 'publisher' })).status).toBe(200);
    const bobTab = await signedIn(t.app, 'bob@acme.com');
    // Now Bob is the only owner.
    await expectApiError(await bobTab.patch(`/v1/admin/people/${bob.id}`, { role: 'viewer' }), 409, 'last_owner');
    await expectApiError(await bobTab.delete(`/v1/admin/people/${bob.id}`), 409, 'last_owner');
    expect((await bobTab.delete(`/v1/admin/people/${ada.id}`)).status).toBe(204);
    expect((await people(bobTab)).people.map((p) => p.email)).toEqual(['bob@acme.com']);
  });

  it('a second owner may be removed', async () => {
    const bob = await addPerson(t.store, 'bob@acme.com', 'owner');
    expect((await owner.delete(`/v1/admin/people/${bob.id}`)).status).toBe(204);
    expect(await emails()).toEqual(['ada@acme.com']);
  });
});

describe('the invited password', () => {
  it('must be long enough', async () => {
    const made = await invite('cleo@acme.com');
    const error = await expectApiError(await tab().post('/v1/admin/invites/accept', { token: made.token, password: 'short' }), 400, 'invalid_request');
    expect((error.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['password']);
    // A refused attempt leaves the link usable.
    expect((await lookup(made.token)).status).toBe(200);
  });
});
