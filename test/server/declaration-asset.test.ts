import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyAssets, loadAssets, toAsset } from '../../server/http/assets';
import { BASE, expectApiError } from '../helpers/http';
import { root } from '../helpers/readme';
import { createTestApp, tempDir, type TestApp } from '../helpers/test-app';

const DECLARATION = readFileSync(join(root, 'widget', 'types', 'upshift.d.ts'));
const TS = 'application/typescript; charset=utf-8';

let t: TestApp;
let dist: ReturnType<typeof tempDir> | undefined;
afterEach(async () => {
  await t.cleanup();
  dist?.remove();
  dist = undefined;
});

const getTypes = () => t.app.request(`${BASE}/upshift.d.ts`, { headers: { Origin: 'https://customer.example' } });

describe('GET /upshift.d.ts', () => {
  it('serves the declaration a build put next to upshift.js, as TypeScript anyone may fetch', async () => {
    dist = tempDir();
    mkdirSync(join(dist.dir, 'widget'));
    writeFileSync(join(dist.dir, 'widget', 'upshift.d.ts'), DECLARATION);
    t = await createTestApp({ assets: loadAssets(dist.dir) });

    const res = await getTypes();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(TS);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(Buffer.from(await res.arrayBuffer()).equals(DECLARATION)).toBe(true);
  });

  it('answers 304 to a revalidation with its ETag', async () => {
    const assets = emptyAssets();
    assets.types = toAsset(DECLARATION, TS);
    t = await createTestApp({ assets });
    const etag = (await getTypes()).headers.get('etag');
    expect(etag).toMatch(/^"[^"]+"$/);
    const again = await t.app.request(`${BASE}/upshift.d.ts`, { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
  });

  it('answers 503 widget_not_built when the build has no declaration', async () => {
    dist = tempDir();
    t = await createTestApp({ assets: loadAssets(dist.dir) });
    await expectApiError(await getTypes(), 503, 'widget_not_built');
  });
});
