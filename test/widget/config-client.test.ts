import { describe, expect, it, vi } from 'vitest';
import { demoContent, renderConfig } from '../../server/demo/seed';
import { configCacheKey, loadConfig } from '../../widget/config-client';
import { createRequest } from '../../widget/request';
import { memoryStore } from '../../widget/storage';

const published: unknown = JSON.parse(renderConfig(demoContent, 3, '2026-11-22T00:00:00.000Z'));

/** A config client whose API answers `response`, with `cached` (if any) from an earlier page load. */
function client(response: () => Response, cached?: unknown) {
  const storage = memoryStore();
  if (cached !== undefined) storage.setItem(configCacheKey('pk_test'), JSON.stringify({ etag: '"v3"', config: cached }));
  const warn = vi.fn();
  const fetch = vi.fn(async () => response());
  const request = createRequest({ api: 'https://api.test', key: 'pk_test', fetch: fetch as unknown as typeof globalThis.fetch, setTimeout: () => 0 });
  const deps = { key: 'pk_test', request, storage, warn };
  return { load: () => loadConfig(deps), warn, storage };
}

const html = () => new Response('<html>proxy login</html>', { status: 200, headers: { 'Content-Type': 'text/html' } });
const json = (body: unknown, init: ResponseInit = {}) => () => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' }, ...init });

describe('loadConfig', () => {
  it('stores a new config with its ETag and revalidates with it', async () => {
    const { load, storage } = client(json(published, { headers: { ETag: '"v3"', 'Content-Type': 'application/json' } }));
    expect(await load()).toEqual(published);
    expect(JSON.parse(storage.getItem(configCacheKey('pk_test'))!)).toEqual({ etag: '"v3"', config: published });
  });

  it('uses the cached config on 304 Not Modified', async () => {
    const { load, warn } = client(() => new Response(null, { status: 304 }), published);
    expect(await load()).toEqual(published);
    expect(warn).not.toHaveBeenCalled();
  });

  // A body that is not JSON (a captive portal, a proxy's login page) or JSON null must read as
  // "not a config": never a rejection, and the cached copy still serves.
  it.each([
    ['an HTML page', html],
    ['JSON null', json(null)],
    ['a JSON object that is not a config', json({ rules: 'nope' })],
  ])('falls back to the cached config when the API answers %s', async (_name, response) => {
    const { load, warn } = client(response, published);
    await expect(load()).resolves.toEqual(published);
    expect(warn).toHaveBeenCalledWith('config response is not a valid config; using the cached config');
  });

  it.each([
    ['an HTML page', html],
    ['JSON null', json(null)],
  ])('resolves null, never rejects, when the API answers %s and nothing is cached', async (_name, response) => {
    const { load, warn } = client(response);
    await expect(load()).resolves.toBeNull();
    expect(warn).toHaveBeenCalledWith('config response is not a valid config');
  });
});
