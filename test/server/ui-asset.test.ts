import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAssets } from '../../server/http/assets';
import { BASE, expectApiError } from '../helpers/http';
import { createTestApp, tempDir, type TestApp } from '../helpers/test-app';

// The prompt UI is served under its content-hashed name, cached for good; a build moves earlier UIs
// to dist/widget-previous/, and each is served from there at the same URL, so an upshift.js cached
// from before a deploy still finds the very UI it was built with.

const CURRENT = 'upshift-ui.AAAA1111.js';
const EARLIER = 'upshift-ui.BBBB2222.js';
const bodyOf = (name: string) => `/* ${name} */ document.dispatchEvent(new CustomEvent('upshift:ui'));`;

let t: TestApp;
let dist: ReturnType<typeof tempDir>;
afterEach(async () => {
  await t.cleanup();
  dist.remove();
});

async function appWithUis() {
  dist = tempDir();
  mkdirSync(join(dist.dir, 'widget'));
  mkdirSync(join(dist.dir, 'widget-previous'));
  writeFileSync(join(dist.dir, 'widget', CURRENT), bodyOf(CURRENT));
  writeFileSync(join(dist.dir, 'widget-previous', EARLIER), bodyOf(EARLIER));
  writeFileSync(join(dist.dir, 'widget', 'upshift-ui.json'), JSON.stringify({ file: CURRENT, integrity: 'sha384-x' }));
  writeFileSync(join(dist.dir, 'widget', 'upshift-ui.js'), 'not a hashed name');
  t = await createTestApp({ assets: loadAssets(dist.dir) });
}

const get = (path: string, headers: Record<string, string> = {}) => t.app.request(`${BASE}${path}`, { headers: { Origin: 'https://customer.example', ...headers } });

describe('GET /upshift-ui.<hash>.js', () => {
  it.each([CURRENT, EARLIER])('serves %s, immutable, to any site, compressed when asked', async (name) => {
    await appWithUis();
    const res = await get(`/${name}`, { 'Accept-Encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(bodyOf(name));
  });

  it.each(['/upshift-ui.CCCC3333.js', '/upshift-ui.js', '/upshift-ui.json', '/upshift-ui..js', '/upshift-ui.AAAA1111.js.map'])('answers %s with 404 in the error shape', async (path) => {
    await appWithUis();
    await expectApiError(await get(path), 404, 'not_found');
  });
});
