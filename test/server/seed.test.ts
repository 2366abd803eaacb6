import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ENVIRONMENT, demoAppContent, demoContent, ensureDemo, publish } from '../../server/demo/seed';
import { Config } from '../../shared/schemas/config';
import { openSqliteStore } from '../../server/store/sqlite';
import type { Store } from '../../server/store/types';
import { tempDir } from '../helpers/test-app';

let tmp: ReturnType<typeof tempDir>;
let store: Store;
let keysFile: string;

beforeEach(() => {
  tmp = tempDir('upshift-seed-');
  store = openSqliteStore(join(tmp.dir, 'upshift.db'));
  keysFile = join(tmp.dir, 'demo-keys.json');
});
afterEach(async () => {
  await store.close();
  tmp.remove();
});

describe('ensureDemo', () => {
  it('creates and publishes the demo on an empty database, saving its keys privately', async () => {
    const demo = await ensureDemo(store, keysFile);
    expect(demo?.created).toBe(true);
    expect(demo?.secretKey).toMatch(/^sk_/);
    expect((await store.findEnvironmentBySecretKey(demo!.secretKey!))?.id).toBe(demo?.environmentId);
    expect((await store.getLiveConfig(demo!.environmentId))?.version).toBe(1);
    expect(statSync(keysFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(keysFile, 'utf8'))).toMatchObject({ publishableKey: demo?.publishableKey, secretKey: demo?.secretKey });
  });

  it('publishes the demo app’s content, a rule for every surface and its settings, and keeps it as the drafts', async () => {
    const demo = await ensureDemo(store, keysFile);
    const live = Config.parse(JSON.parse((await store.getLiveConfig(demo!.environmentId))!.body));
    expect(live.rules.map((r) => r.id)).toEqual(demoAppContent.rules.map((r) => r.id));
    expect(new Set(live.rules.map((r) => r.surface))).toEqual(new Set(['banner', 'toast', 'modal', 'inline', 'panel']));
    expect(live.settings).toEqual(demoAppContent.settings);
    expect(await store.getDraftSettings(demo!.environmentId)).toEqual(demoAppContent.settings);
    expect((await store.listDraftRules(demo!.environmentId)).map((r) => (r as { id: string }).id).sort()).toEqual(demoAppContent.rules.map((r) => r.id).sort());
  });

  it('finds the same demo on the next start without publishing again', async () => {
    const first = await ensureDemo(store, keysFile);
    const second = await ensureDemo(store, keysFile);
    expect(second).toEqual({ ...first, created: false });
    expect((await store.getLiveConfig(first!.environmentId))?.version).toBe(1);
  });

  it.each([
    ['deleted', () => rmSync(keysFile)],
    ['corrupt', () => writeFileSync(keysFile, '{not json')],
    ['from another environment', () => writeFileSync(keysFile, JSON.stringify({ environmentId: 'env_other', publishableKey: 'pk_x', secretKey: 'sk_x' }))],
  ])('keeps the demo working when the keys file is %s, without its secret', async (_name, damage) => {
    const first = await ensureDemo(store, keysFile);
    damage();
    const again = await ensureDemo(store, keysFile);
    expect(again).toMatchObject({ environmentId: first?.environmentId, publishableKey: first?.publishableKey, secretKey: null, created: false });
  });

  it('publishes the demo config when a start died between creating and publishing it', async () => {
    const { environment } = await store.createEnvironment({ name: DEMO_ENVIRONMENT, allowedOrigins: [] });
    const demo = await ensureDemo(store, keysFile);
    expect(demo?.environmentId).toBe(environment.id);
    expect((await store.getLiveConfig(environment.id))?.version).toBe(1);
  });

  it('gives the demo an identity secret for its backend to sign with, verification off, kept across starts', async () => {
    const demo = await ensureDemo(store, keysFile);
    const settings = await store.getIdentitySettings(demo!.environmentId);
    expect(settings).toMatchObject({ required: false, unverifiedActions: false, secret: expect.stringMatching(/^idsec_/) });
    await ensureDemo(store, keysFile);
    expect((await store.getIdentitySettings(demo!.environmentId))?.secret).toBe(settings?.secret);
  });

  it('gives a demo made before actions needed a verified person its identity secret on the next start', async () => {
    const { environment } = await store.createEnvironment({ name: DEMO_ENVIRONMENT, allowedOrigins: [] });
    await publish(store, environment.id, demoAppContent);
    expect(await store.getIdentitySettings(environment.id)).toBeNull();
    await ensureDemo(store, keysFile);
    expect(await store.getIdentitySettings(environment.id)).toMatchObject({ required: false, unverifiedActions: false });
  });

  it('leaves an installation with environments of its own without a demo', async () => {
    const { environment } = await store.createEnvironment({ name: 'Production', allowedOrigins: ['https://app.acme.test'] });
    await publish(store, environment.id, demoContent);
    expect(await ensureDemo(store, keysFile)).toBeNull();
    expect(existsSync(keysFile)).toBe(false);
    expect(await store.listEnvironments()).toHaveLength(1);
  });
});
