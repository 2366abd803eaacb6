import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { secretBox } from '../../server/infra/secrets/box';
import { UnreadableSecretsError } from '../../server/infra/secrets/sealed-store';
import { describeStores } from '../helpers/stores';
import { sharedDatabase } from '../helpers/store-pair';

const T = Date.UTC(2031, 4, 6, 7, 8, 9, 10);

describeStores('identity settings', ({ kind, open }) => {
  it('are none until put; a later put keeps the secret and only a rotation replaces it', async () => {
    const store = await open();
    const { environment } = await store.createEnvironment({ name: 'Prod', allowedOrigins: [] });
    expect(await store.getIdentitySettings(environment.id)).toBeNull();
    const first = await store.putIdentitySettings(environment.id, { required: true, unverifiedActions: false }, 'idsec_first', T);
    const expected = { required: true, unverifiedActions: false, secret: 'idsec_first', previousSecret: null, previousExpiresAt: null, createdAt: T, updatedAt: T };
    expect(first).toEqual(expected);
    const second = await store.putIdentitySettings(environment.id, { required: false, unverifiedActions: true }, 'idsec_ignored', T + 5);
    expect(second).toEqual({ ...expected, required: false, unverifiedActions: true, updatedAt: T + 5 });
    expect(await store.getIdentitySettings(environment.id)).toEqual(second);
  });

  it('rotate: the previous secret stays valid until the time given, none when null, and a second rotation ends the first overlap', async () => {
    const store = await open();
    const { environment } = await store.createEnvironment({ name: 'Prod', allowedOrigins: [] });
    // A rotation before any put makes the settings, not required.
    const made = await store.rotateIdentitySecret(environment.id, 'idsec_a', T, T + 60_000);
    expect(made).toEqual({ required: false, unverifiedActions: false, secret: 'idsec_a', previousSecret: null, previousExpiresAt: null, createdAt: T, updatedAt: T });
    const overlap = await store.rotateIdentitySecret(environment.id, 'idsec_b', T + 1, T + 3_600_000);
    expect(overlap).toMatchObject({ secret: 'idsec_b', previousSecret: 'idsec_a', previousExpiresAt: T + 3_600_000, createdAt: T, updatedAt: T + 1 });
    const abrupt = await store.rotateIdentitySecret(environment.id, 'idsec_c', T + 2, null);
    expect(abrupt).toMatchObject({ secret: 'idsec_c', previousSecret: null, previousExpiresAt: null, updatedAt: T + 2 });
    const again = await store.rotateIdentitySecret(environment.id, 'idsec_d', T + 3, T + 10);
    expect(await store.getIdentitySettings(environment.id)).toEqual(again);
    expect(again).toMatchObject({ secret: 'idsec_d', previousSecret: 'idsec_c', previousExpiresAt: T + 10 });
  });

  it('are stored sealed, bound to their environment', async () => {
    const db = await sharedDatabase(kind);
    const store = await db.open();
    const { environment } = await store.createEnvironment({ name: 'A', allowedOrigins: [] });
    const { environment: other } = await store.createEnvironment({ name: 'B', allowedOrigins: [] });
    await store.putIdentitySettings(environment.id, { required: true, unverifiedActions: false }, 'idsec_plain_never_stored', T);
    await store.rotateIdentitySecret(environment.id, 'idsec_rotated_never_stored', T + 1, T + 99);
    await store.putIdentitySettings(other.id, { required: true, unverifiedActions: false }, 'idsec_other', T);
    const rows = JSON.stringify(await db.query('SELECT * FROM identity_settings'));
    expect(rows).not.toMatch(/never_stored|idsec_other/);
    // A sealed secret copied into another environment's row does not open there.
    await db.query(`UPDATE identity_settings SET secret = (SELECT secret FROM identity_settings WHERE environment_id = '${environment.id}') WHERE environment_id = '${other.id}'`);
    await expect(store.getIdentitySettings(other.id)).rejects.toThrow(/does not open/);
  });

  it('refuse a store opened with another key, before it serves anything, and open again with the right one', async () => {
    const db = await sharedDatabase(kind);
    const store = await db.open();
    const { environment } = await store.createEnvironment({ name: 'A', allowedOrigins: [] });
    await store.putIdentitySettings(environment.id, { required: true, unverifiedActions: false }, 'idsec_kept', T);
    await store.rotateIdentitySecret(environment.id, 'idsec_next', T + 1, T + 99);
    await store.close();
    const wrong = await db.open({ secrets: secretBox(randomBytes(32)) }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(UnreadableSecretsError);
    expect((wrong as UnreadableSecretsError).reason).toBe('wrong_key');
    expect((wrong as Error).message).toBe('none of the 2 encrypted secrets in the database opens with this encryption key: it is not the key they were encrypted with');
    const right = await db.open();
    expect(await right.getIdentitySettings(environment.id)).toMatchObject({ secret: 'idsec_next', previousSecret: 'idsec_kept' });
  });
});
