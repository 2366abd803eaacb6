import { expect, it } from 'vitest';
import type { Role } from '../../shared/schemas/admin';
import type { Store } from '../../server/store/types';
import { describeStores } from '../helpers/stores';
import { sharedDatabase } from '../helpers/store-pair';

const T = Date.UTC(2031, 4, 6, 7, 8, 9, 10);
const DAY = 86_400_000;
const person = (email: string, role: Role = 'editor') => ({ email, name: email.split('@')[0]!, role, passwordHash: `scrypt$${email}` });
const invite = (store: Store, id: string, email: string, at = T, role: Role = 'viewer') =>
  store.createInvite({ id, email, role, invitedBy: null, createdAt: at, expiresAt: at + 7 * DAY, acceptedAt: null }, `hash_${id}`);

describeStores('people, sessions and invites', ({ kind, open }) => {
  it('makes a person once per email, finds them and lists them in the order they came', async () => {
    const store = await open();
    expect(await store.countUsers()).toBe(0);
    const ana = await store.createUser(person('ana@acme.test', 'owner'), T);
    expect(ana).toEqual({ id: expect.stringMatching(/^usr_/), email: 'ana@acme.test', name: 'ana', role: 'owner', passwordHash: 'scrypt$ana@acme.test', createdAt: T, lastSignInAt: null });
    expect(await store.createUser(person('ana@acme.test'), T + 1)).toBeNull();
    const names = ['zoe', 'bob', 'cy'];
    for (const n of names) await store.createUser(person(`${n}@acme.test`), T);
    expect((await store.listUsers()).map((u) => u.name)).toEqual(['ana', ...names]);
    expect(await store.countUsers()).toBe(4);
    expect(await store.findUserByEmail('ana@acme.test')).toEqual(ana);
    expect(await store.findUserByEmail('ANA@acme.test')).toBeNull();
    expect(await store.findUserById(ana!.id)).toEqual(ana);
    expect(await store.findUserById('usr_missing')).toBeNull();
    await store.setPassword(ana!.id, 'scrypt$new');
    await store.recordSignIn(ana!.id, T + 5);
    expect(await store.findUserById(ana!.id)).toMatchObject({ passwordHash: 'scrypt$new', lastSignInAt: T + 5 });
  });

  it('never demotes or removes the last owner, until there is a second', async () => {
    const store = await open();
    const ana = (await store.createUser(person('ana@acme.test', 'owner'), T))!;
    const bob = (await store.createUser(person('bob@acme.test'), T))!;
    expect(await store.setUserRole(ana.id, 'publisher')).toEqual({ outcome: 'last_owner' });
    expect(await store.deleteUser(ana.id)).toEqual({ outcome: 'last_owner' });
    expect(await store.setUserRole(ana.id, 'owner')).toEqual({ outcome: 'done', value: ana });
    expect(await store.setUserRole('usr_missing', 'viewer')).toEqual({ outcome: 'not_found' });
    expect(await store.setUserRole(bob.id, 'owner')).toEqual({ outcome: 'done', value: { ...bob, role: 'owner' } });
    expect(await store.setUserRole(ana.id, 'viewer')).toEqual({ outcome: 'done', value: { ...ana, role: 'viewer' } });
    expect(await store.deleteUser(bob.id)).toEqual({ outcome: 'last_owner' });
    expect(await store.deleteUser(ana.id)).toEqual({ outcome: 'done', value: { ...ana, role: 'viewer' } });
    expect(await store.deleteUser(ana.id)).toEqual({ outcome: 'not_found' });
  });

  it('leaves one owner when two owners are demoted at once through two stores', async () => {
    const db = await sharedDatabase(kind);
    const [a, b] = [await db.open(), await db.open()];
    const owners = await Promise.all(['ana', 'bob', 'cy'].map(async (n) => (await a.createUser(person(`${n}@acme.test`, 'owner'), T))!));
    const outcomes = await Promise.all([
      ...owners.map((o) => a.setUserRole(o.id, 'editor')),
      ...owners.map((o) => b.deleteUser(o.id)),
    ]);
    expect(outcomes.filter((o) => o.outcome === 'last_owner').length).toBeGreaterThanOrEqual(1);
    expect((await b.listUsers()).filter((u) => u.role === 'owner')).toHaveLength(1);
  });

  it('keeps sessions, touches them, and ends one, all but one, or all with their person', async () => {
    const store = await open();
    const ana = (await store.createUser(person('ana@acme.test', 'owner'), T))!;
    const bob = (await store.createUser(person('bob@acme.test'), T))!;
    const session = (idHash: string, userId: string) => ({ idHash, userId, csrfToken: `csrf_${idHash}`, createdAt: T, lastSeenAt: T });
    for (const s of [session('s1', bob.id), session('s2', bob.id), session('s3', bob.id), session('s4', ana.id)]) await store.createSession(s);
    expect(await store.findSession('s1')).toEqual(session('s1', bob.id));
    await store.touchSession('s1', T + 9);
    expect(await store.findSession('s1')).toEqual({ ...session('s1', bob.id), lastSeenAt: T + 9 });
    await store.deleteSession('s1');
    expect(await store.findSession('s1')).toBeNull();
    expect(await store.deleteUserSessions(bob.id, 's2')).toBe(1);
    expect(await store.findSession('s2')).not.toBeNull();
    expect(await store.deleteUserSessions(bob.id)).toBe(1);
    expect(await store.findSession('s2')).toBeNull();
    await store.createSession(session('s5', bob.id));
    await store.deleteUser(bob.id);
    expect(await store.findSession('s5')).toBeNull();
    expect(await store.findSession('s4')).not.toBeNull();
  });

  it('lists invites neither accepted nor expired, newest first, and revokes one not yet used', async () => {
    const store = await open();
    await invite(store, 'inv_b', 'b@acme.test', T);
    await invite(store, 'inv_a', 'a@acme.test', T);
    await invite(store, 'inv_c', 'c@acme.test', T + 1_000);
    await invite(store, 'inv_old', 'old@acme.test', T - 7 * DAY);
    expect((await store.listInvites(T + 2_000)).map((i) => i.id)).toEqual(['inv_c', 'inv_a', 'inv_b']);
    expect(await store.findInvite('hash_inv_a')).toEqual({ id: 'inv_a', email: 'a@acme.test', role: 'viewer', invitedBy: null, createdAt: T, expiresAt: T + 7 * DAY, acceptedAt: null });
    expect(await store.findInvite('hash_missing')).toBeNull();
    expect((await store.deleteInvite('inv_a'))?.email).toBe('a@acme.test');
    expect(await store.deleteInvite('inv_a')).toBeNull();
    expect((await store.acceptInvite('hash_inv_b', { name: 'B', passwordHash: 'scrypt$b' }, T + 5)).outcome).toBe('accepted');
    expect(await store.deleteInvite('inv_b')).toBeNull();
    expect((await store.listInvites(T + 2_000)).map((i) => i.id)).toEqual(['inv_c']);
  });

  it('accepts an invite once, with its role, and not when expired or the email has access', async () => {
    const store = await open();
    await invite(store, 'inv_1', 'new@acme.test', T, 'publisher');
    const accepted = await store.acceptInvite('hash_inv_1', { name: 'New', passwordHash: 'scrypt$n' }, T + 10);
    expect(accepted).toEqual({ outcome: 'accepted', user: { id: expect.stringMatching(/^usr_/), email: 'new@acme.test', name: 'New', role: 'publisher', passwordHash: 'scrypt$n', createdAt: T + 10, lastSignInAt: null } });
    expect(await store.findInvite('hash_inv_1')).toMatchObject({ acceptedAt: T + 10 });
    expect(await store.acceptInvite('hash_inv_1', { name: 'Again', passwordHash: 'x' }, T + 11)).toEqual({ outcome: 'not_found' });
    expect(await store.acceptInvite('hash_missing', { name: null, passwordHash: 'x' }, T)).toEqual({ outcome: 'not_found' });
    await invite(store, 'inv_2', 'late@acme.test', T);
    expect(await store.acceptInvite('hash_inv_2', { name: null, passwordHash: 'x' }, T + 7 * DAY)).toEqual({ outcome: 'expired' });
    await store.createUser(person('taken@acme.test'), T);
    await invite(store, 'inv_3', 'taken@acme.test', T);
    expect(await store.acceptInvite('hash_inv_3', { name: null, passwordHash: 'x' }, T + 1)).toEqual({ outcome: 'email_taken' });
    expect(await store.findInvite('hash_inv_3')).toMatchObject({ acceptedAt: null });
    expect(await store.countUsers()).toBe(2);
  });

  it('accepts an invite exactly once when it is used many times at once through two stores', async () => {
    const db = await sharedDatabase(kind);
    const [a, b] = [await db.open(), await db.open()];
    await invite(a, 'inv_race', 'race@acme.test', T);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).acceptInvite('hash_inv_race', { name: `n${i}`, passwordHash: 'x' }, T + 1)),
    );
    expect(outcomes.filter((o) => o.outcome === 'accepted')).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === 'not_found')).toHaveLength(9);
    expect(await a.countUsers()).toBe(1);
  });
});
