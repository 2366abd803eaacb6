import { expect, it } from 'vitest';
import { describeStores } from '../helpers/stores';
import { sharedDatabase } from '../helpers/store-pair';

const T = Date.UTC(2031, 4, 6, 7, 8, 9, 10);

describeStores('environments and keys', ({ kind, open }) => {
  it('makes an environment dated by the clock, with a publishable key and a first secret key shown once', async () => {
    const store = await open({ clock: () => T });
    const { environment, secretKey } = await store.createEnvironment({ name: 'Prod', allowedOrigins: ['https://app.acme.test'] });
    expect(environment).toMatchObject({ name: 'Prod', allowedOrigins: ['https://app.acme.test'], createdAt: new Date(T).toISOString() });
    expect(environment).toMatchObject({ previousPublishableKey: null, previousKeyExpiresAt: null });
    expect(environment.id).toMatch(/^env_/);
    expect(environment.publishableKey).toMatch(/^pk_/);
    expect(secretKey).toMatch(/^sk_/);
    expect(await store.findEnvironment(environment.id)).toEqual(environment);
    expect(await store.findEnvironmentByPublishableKey(environment.publishableKey)).toEqual(environment);
    expect(await store.findEnvironmentBySecretKey(secretKey)).toEqual(environment);
    expect(await store.findEnvironmentBySecretKey(`${secretKey}x`)).toBeNull();
    expect(await store.findEnvironmentBySecretKey(environment.publishableKey)).toBeNull();
    expect(await store.listSecretKeys(environment.id)).toEqual([
      { id: expect.stringMatching(/^key_/), environmentId: environment.id, name: 'Default', prefix: `${secretKey.slice(0, 7)}…`, createdAt: T, lastUsedAt: T },
    ]);
  });

  it('stores only a digest of a secret key', async () => {
    const db = await sharedDatabase(kind);
    const store = await db.open();
    const { secretKey } = await store.createEnvironment({ name: 'Prod', allowedOrigins: [] });
    const rows = JSON.stringify([...(await db.query('SELECT * FROM environments')), ...(await db.query('SELECT * FROM secret_keys'))]);
    expect(rows).not.toContain(secretKey.slice(3));
  });

  it('lists environments made in the same millisecond in the order they were made, without deleted ones', async () => {
    const store = await open({ clock: () => T });
    const names = ['h', 'b', 'g', 'a', 'f', 'c', 'e', 'd'];
    const made = [];
    for (const name of names) made.push((await store.createEnvironment({ name, allowedOrigins: [] })).environment);
    expect((await store.listEnvironments()).map((e) => e.name)).toEqual(names);
    await store.deleteEnvironment(made[2]!.id, T);
    expect((await store.listEnvironments()).map((e) => e.name)).toEqual(names.filter((n) => n !== 'g'));
  });

  it('renames and replaces allowed origins, answering null for an unknown or deleted environment', async () => {
    const store = await open();
    const { environment } = await store.createEnvironment({ name: 'Prod', allowedOrigins: ['https://a.test'] });
    expect(await store.updateEnvironment(environment.id, { name: 'Production' })).toEqual({ ...environment, name: 'Production' });
    const both = await store.updateEnvironment(environment.id, { name: 'P', allowedOrigins: ['https://b.test', 'https://*.c.test'] });
    expect(both).toEqual({ ...environment, name: 'P', allowedOrigins: ['https://b.test', 'https://*.c.test'] });
    expect(await store.findEnvironmentByPublishableKey(environment.publishableKey)).toEqual(both);
    expect(await store.updateEnvironment('env_missing', { name: 'x' })).toBeNull();
    await store.deleteEnvironment(environment.id, 1);
    expect(await store.updateEnvironment(environment.id, { name: 'x' })).toBeNull();
  });

  it('deletes once: its keys stop working at once and every secret key is revoked', async () => {
    const store = await open({ clock: () => T });
    const { environment, secretKey } = await store.createEnvironment({ name: 'Gone', allowedOrigins: [] });
    await store.createSecretKey(environment.id, 'CI', 'sk_ci_key_for_gone', T);
    expect(await store.findEnvironmentByPublishableKey(environment.publishableKey)).not.toBeNull();
    expect(await store.deleteEnvironment(environment.id, T + 5)).toBe(true);
    expect(await store.deleteEnvironment(environment.id, T + 6)).toBe(false);
    expect(await store.deleteEnvironment('env_missing', T + 6)).toBe(false);
    expect(await store.findEnvironment(environment.id)).toBeNull();
    expect(await store.findEnvironmentByPublishableKey(environment.publishableKey)).toBeNull();
    expect(await store.findEnvironmentBySecretKey(secretKey)).toBeNull();
    expect(await store.authenticateSecretKey('sk_ci_key_for_gone', T + 7)).toBeNull();
    expect(await store.listSecretKeys(environment.id)).toEqual([]);
  });

  it('rotates the publishable key, finding the environment by the previous one until the next rotation', async () => {
    const store = await open();
    const { environment } = await store.createEnvironment({ name: 'Prod', allowedOrigins: [] });
    const first = environment.publishableKey;
    const rotated = await store.rotatePublishableKey(environment.id, 'pk_second_key_0001', 9_000);
    expect(rotated).toEqual({ ...environment, publishableKey: 'pk_second_key_0001', previousPublishableKey: first, previousKeyExpiresAt: 9_000 });
    expect(await store.findEnvironmentByPublishableKey(first)).toEqual(rotated);
    expect(await store.findEnvironmentByPublishableKey('pk_second_key_0001')).toEqual(rotated);
    const again = await store.rotatePublishableKey(environment.id, 'pk_third_key_00001', null);
    expect(again).toMatchObject({ publishableKey: 'pk_third_key_00001', previousPublishableKey: 'pk_second_key_0001', previousKeyExpiresAt: null });
    expect(await store.findEnvironmentByPublishableKey(first)).toBeNull();
    expect(await store.rotatePublishableKey('env_missing', 'pk_never_000000001', null)).toBeNull();
  });

  it('keeps several named secret keys, lists the live ones oldest first, and revokes one without the others', async () => {
    const store = await open({ clock: () => T });
    const { environment } = await store.createEnvironment({ name: 'Prod', allowedOrigins: [] });
    const { environment: other } = await store.createEnvironment({ name: 'Other', allowedOrigins: [] });
    const ci = await store.createSecretKey(environment.id, 'CI', 'sk_ci_0123456789', T + 10);
    const backend = await store.createSecretKey(environment.id, 'Backend', 'sk_be_0123456789', T + 10);
    expect(ci).toEqual({ id: expect.stringMatching(/^key_/), environmentId: environment.id, name: 'CI', prefix: 'sk_ci_0…', createdAt: T + 10, lastUsedAt: null });
    expect((await store.listSecretKeys(environment.id)).map((k) => k.name)).toEqual(['Default', 'CI', 'Backend']);
    expect(await store.revokeSecretKey(other.id, ci.id, T + 20)).toBe(false);
    expect(await store.revokeSecretKey(environment.id, ci.id, T + 20)).toBe(true);
    expect(await store.revokeSecretKey(environment.id, ci.id, T + 21)).toBe(false);
    expect(await store.authenticateSecretKey('sk_ci_0123456789', T + 30)).toBeNull();
    expect((await store.authenticateSecretKey('sk_be_0123456789', T + 30))?.key).toEqual({ ...backend, lastUsedAt: T + 30 });
    expect((await store.listSecretKeys(environment.id)).map((k) => k.name)).toEqual(['Default', 'Backend']);
  });

  it('notes a key’s use at most once a minute', async () => {
    const store = await open({ clock: () => T });
    const { environment } = await store.createEnvironment({ name: 'Prod', allowedOrigins: [] });
    await store.createSecretKey(environment.id, 'CI', 'sk_ci_0123456789', T);
    const used = async (at: number) => (await store.authenticateSecretKey('sk_ci_0123456789', at))?.key.lastUsedAt;
    expect(await used(T + 1_000)).toBe(T + 1_000);
    expect(await used(T + 60_999)).toBe(T + 1_000);
    expect(await used(T + 61_000)).toBe(T + 61_000);
    expect((await store.listSecretKeys(environment.id))[1]?.lastUsedAt).toBe(T + 61_000);
  });
});
