import { describe, expect, it } from 'vitest';
import { describeStores } from '../helpers/stores';

describeStores('store lifecycle', ({ open }) => {
  it('answers a ping once open, and rejects calls once closed', async () => {
    const store = await open();
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
    await expect(store.ping()).rejects.toThrow();
  });
});

describe('store kinds', () => {
  it('runs the PostgreSQL variants in CI', async () => {
    const { storeKinds } = await import('../helpers/stores');
    if (process.env.CI) expect(storeKinds).toContain('postgres');
    expect(storeKinds).toContain('sqlite');
  });
});
