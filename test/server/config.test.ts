import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoContent, publish } from '../../server/demo/seed';
import { Config, SCHEMA_VERSION } from '../../shared/schemas/config';
import { widgetStrings, WIDGET_STRINGS } from '../../shared/strings';
import { BASE } from '../helpers/http';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.cleanup();
});

const getConfig = (headers: Record<string, string> = {}, key: string | null = t.key) =>
  t.app.request(`${BASE}/v1/config${key === null ? '' : `?key=${encodeURIComponent(key)}`}`, { headers });

const STRONG_ETAG = /^"[^"]+"$/;

describe('GET /v1/config', () => {
  it('carries the widget’s own strings in English, German and French, with the environment’s rewordings', async () => {
    expect((await (await getConfig()).json()).strings).toEqual(widgetStrings());
    await publish(t.store, t.environment.id, { ...demoContent, settings: { strings: { de: { later: 'Morgen erinnern' }, es: { dismiss: 'Cerrar' } } } });
    const strings = (await (await getConfig()).json()).strings as Record<string, Record<string, string>>;
    expect(strings.de).toEqual({ ...WIDGET_STRINGS.de, later: 'Morgen erinnern' });
    expect(strings.es).toEqual({ ...WIDGET_STRINGS.en, dismiss: 'Cerrar' });
    expect(strings.fr).toEqual(WIDGET_STRINGS.fr);
  });

  it('adds the built-in strings to a config published before they travelled with it, under an ETag of its own', async () => {
    const old = await t.store.publishConfig(t.environment.id, (version, publishedAt) => JSON.stringify({ schemaVersion: 2, version, publishedAt, ...demoContent }));
    const res = await getConfig();
    expect(res.status).toBe(200);
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(STRONG_ETAG);
    expect(etag).not.toBe(old.etag);
    const body = Config.parse(await res.json());
    expect(body.version).toBe(old.version);
    expect(body.strings).toEqual(widgetStrings());
    expect((await getConfig({ 'If-None-Match': etag })).status).toBe(304);
  });

  it('serves the published config with a strong ETag and Cache-Control', async () => {
    const res = await getConfig();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const etag = res.headers.get('etag');
    expect(etag).toMatch(STRONG_ETAG);
    expect(res.headers.get('cache-control')).toBeTruthy();

    const config = Config.parse(await res.json());
    const published = t.published!;
    expect(config).toEqual(Config.parse({ schemaVersion: SCHEMA_VERSION, version: published.version, publishedAt: published.publishedAt, ...demoContent, strings: widgetStrings() }));
    expect(config.version).toBe(1);
  });

  it.each([
    ['the key in the query', () => getConfig()],
    ['the key in the X-Upshift-Key header', () => getConfig({ 'X-Upshift-Key': t.key }, null)],
  ])('accepts %s', async (_how, request) => {
    const res = await request();
    expect(res.status).toBe(200);
    expect(Config.parse(await res.json()).rules.map((r) => r.id)).toEqual(demoContent.rules.map((r) => r.id));
  });

  describe('revalidation', () => {
    it.each([
      ['the exact ETag', (etag: string) => etag],
      ['a list containing it', (etag: string) => `"something-else", ${etag}, "another"`],
      ['*', () => '*'],
      ['its weak form', (etag: string) => `W/${etag}`],
    ])('answers 304 with no body to If-None-Match with %s', async (_what, header) => {
      const etag = (await getConfig()).headers.get('etag')!;
      const res = await getConfig({ 'If-None-Match': header(etag) });
      expect(res.status).toBe(304);
      expect(res.headers.get('etag')).toBe(etag);
      expect(await res.text()).toBe('');
    });

    it.each([['"not-the-etag"'], ['W/"not-the-etag"'], ['"a", "b"']])('answers 200 to a non-matching If-None-Match %s', async (header) => {
      const res = await getConfig({ 'If-None-Match': header });
      expect(res.status).toBe(200);
      expect(Config.parse(await res.json()).version).toBe(1);
    });

    it('changes the ETag on a new publish, and the old ETag then gets the new config', async () => {
      const oldEtag = (await getConfig()).headers.get('etag')!;
      await publish(t.store, t.environment.id, demoContent);

      const res = await getConfig({ 'If-None-Match': oldEtag });
      expect(res.status).toBe(200);
      const newEtag = res.headers.get('etag');
      expect(newEtag).toMatch(STRONG_ETAG);
      expect(newEtag).not.toBe(oldEtag);
      expect(Config.parse(await res.json()).version).toBe(2);

      expect((await getConfig({ 'If-None-Match': newEtag! })).status).toBe(304);
    });
  });
});
