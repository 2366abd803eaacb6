import { expect, it } from 'vitest';
import { demoContent, publish } from '../../server/demo/seed';
import { eventually } from '../helpers/store-pair';
import { describeStores } from '../helpers/stores';

// liveConfigByPublishableKey: GET /v1/config's one store call, the same answer as the two lookups it combines.

describeStores('config lookup by publishable key', ({ kind, open }) => {
  it('answers null for a key no environment has', async () => {
    const store = await open();
    await store.createEnvironment({ name: 'Prod', allowedOrigins: [] });
    expect(await store.liveConfigByPublishableKey('pk_NoSuchKey12345')).toBeNull();
  });

  it('answers the environment with no live config before the first publish, then with each new one at once', async () => {
    const store = await open();
    const { environment } = await store.createEnvironment({ name: 'Prod', allowedOrigins: ['https://app.acme.test'] });
    expect(await store.liveConfigByPublishableKey(environment.publishableKey)).toEqual({ environment, live: null });

    const v1 = await publish(store, environment.id, demoContent);
    expect(await store.liveConfigByPublishableKey(environment.publishableKey)).toEqual({ environment, live: v1 });
    const v2 = await publish(store, environment.id, demoContent);
    expect(v2.version).toBe(2);
    expect(await store.liveConfigByPublishableKey(environment.publishableKey)).toEqual({ environment, live: v2 });
    expect(await store.liveConfigByPublishableKey(environment.publishableKey)).toEqual({
      environment: await store.findEnvironmentByPublishableKey(environment.publishableKey),
      live: await store.getLiveConfig(environment.id),
    });
  });

  it('finds the environment by its previous key too, expiry included, for the caller to judge', async () => {
    const clock = () => Date.parse('2026-06-01T00:00:00Z');
    const store = await open({ clock });
    const { environment } = await store.createEnvironment({ name: 'Prod', allowedOrigins: [] });
    const v1 = await publish(store, environment.id, demoContent);
    await store.liveConfigByPublishableKey(environment.publishableKey);
    const rotated = (await store.rotatePublishableKey(environment.id, 'pk_Rotated1234567890', clock() + 1_000))!;
    const byOld = await store.liveConfigByPublishableKey(environment.publishableKey);
    expect(byOld).toEqual({ environment: rotated, live: v1 });
    expect(byOld?.environment).toMatchObject({ publishableKey: 'pk_Rotated1234567890', previousPublishableKey: environment.publishableKey, previousKeyExpiresAt: clock() + 1_000 });
    expect(await store.liveConfigByPublishableKey('pk_Rotated1234567890')).toEqual({ environment: rotated, live: v1 });
  });

  it('answers null for a deleted environment', async () => {
    const store = await open();
    const { environment } = await store.createEnvironment({ name: 'Gone', allowedOrigins: [] });
    await publish(store, environment.id, demoContent);
    await store.liveConfigByPublishableKey(environment.publishableKey);
    await store.deleteEnvironment(environment.id, Date.now());
    expect(await store.liveConfigByPublishableKey(environment.publishableKey)).toBeNull();
  });

  it('answers from memory without waiting the same as the awaited lookup, and never a version a publish or a deletion replaced', async () => {
    const store = await open();
    const { environment } = await store.createEnvironment({ name: 'Prod', allowedOrigins: [] });
    const key = environment.publishableKey;
    // PostgreSQL's memory is filled by the awaited lookup, and a publish's own notification, heard a
    // moment later, may empty it once more: read through until memory answers, then check what it says.
    const fromMemory = () =>
      eventually(
        async () => {
          await store.liveConfigByPublishableKey(key);
          return store.liveConfigByPublishableKeyNow(key);
        },
        (now) => now !== undefined,
      );
    const v1 = await publish(store, environment.id, demoContent);
    if (kind === 'postgres') expect(store.liveConfigByPublishableKeyNow(key)).toBeUndefined();
    expect(await fromMemory()).toEqual({ environment, live: v1 });

    const v2 = await publish(store, environment.id, demoContent);
    const afterPublish = store.liveConfigByPublishableKeyNow(key);
    if (kind === 'postgres') expect(afterPublish).toBeUndefined();
    else expect(afterPublish).toEqual({ environment, live: v2 });
    expect(await fromMemory()).toEqual({ environment, live: v2 });

    await store.deleteEnvironment(environment.id, Date.now());
    const afterDelete = store.liveConfigByPublishableKeyNow(key);
    if (kind === 'postgres') expect(afterDelete).toBeUndefined();
    else expect(afterDelete).toBeNull();
    expect(store.liveConfigByPublishableKeyNow('pk_NoSuchKey12345') ?? null).toBeNull();
  });
});
