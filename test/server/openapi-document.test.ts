import { gunzipSync } from 'node:zlib';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocument } from '../../server/http/openapi';
import pkg from '../../package.json' with { type: 'json' };
import { createTestApp, type TestApp } from '../helpers/test-app';
import { BASE } from '../helpers/http';
import type { oas31 } from 'zod-openapi';
import { operations, validatorOf } from './openapi-helpers';
import { startLiveServer, type LiveServer } from '../helpers/live-server';

describe('the OpenAPI document', () => {
  it('validates against the OpenAPI 3.1 schema', async () => {
    const validator = new Validator();
    // A deep copy: the validator must see plain JSON, exactly what the route serves.
    const result = await validator.validate(JSON.parse(JSON.stringify(buildDocument(pkg.version))) as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('is checked by a validator that refuses a broken document', async () => {
    // The same document with a parameter in a place 3.1 has no such thing (`body` was Swagger 2's): proves the check above can fail.
    const doc = JSON.parse(JSON.stringify(buildDocument(pkg.version))) as { paths: Record<string, Record<string, { parameters: { in: string }[] }>> };
    doc.paths['/v1/rules/{id}']!['get']!.parameters[0]!.in = 'body';
    const result = await new Validator().validate(doc);
    expect(result.valid).toBe(false);
  });

  it('resolves every $ref it uses', async () => {
    const validator = new Validator();
    await validator.validate(JSON.parse(JSON.stringify(buildDocument(pkg.version))) as Record<string, unknown>);
    // resolveRefs throws on a reference to something the document does not define.
    expect(() => validator.resolveRefs()).not.toThrow();
  });

  it('gives answers examples that fit the schema beside them', () => {
    const doc = buildDocument(pkg.version);
    const examples = operations(doc).flatMap(({ op }) =>
      Object.entries(op.responses ?? {}).flatMap(([status, answer]) => {
        const media = (answer as oas31.ResponseObject).content?.['application/json'];
        return media?.example === undefined || !media.schema ? [] : [{ at: `${op.operationId} ${status}`, schema: media.schema, example: media.example as unknown }];
      }),
    );
    expect(examples.length).toBeGreaterThanOrEqual(3);
    const misfits = examples.filter((e) => !validatorOf(doc, e.schema).safeParse(e.example).success).map((e) => e.at);
    expect(misfits).toEqual([]);
  });

  it('names each operation once, and gives every error status the shared error answer', () => {
    const doc = buildDocument(pkg.version);
    const ops = Object.values(doc.paths ?? {}).flatMap((item) => Object.values(item as Record<string, { operationId?: string; responses?: Record<string, unknown> }>));
    const ids = ops.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const op of ops) {
      const errors = Object.entries(op.responses ?? {}).filter(([status]) => Number(status) >= 400);
      expect(errors.length, op.operationId).toBeGreaterThan(0);
      for (const [, answer] of errors) expect(answer).toEqual({ $ref: '#/components/responses/Error' });
    }
  });
});

describe('GET /v1/openapi.json', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ version: pkg.version });
  });
  afterAll(() => t.cleanup());

  it('serves the document as JSON, with no key, for any origin', async () => {
    const res = await t.app.request(`${BASE}/v1/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const doc = (await res.json()) as { openapi: string; info: { version: string } };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe(pkg.version);
  });

  it('answers 304 to the ETag it gave, and the full document to a stale one', async () => {
    const first = await t.app.request(`${BASE}/v1/openapi.json`);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[^"]+"$/);
    const again = await t.app.request(`${BASE}/v1/openapi.json`, { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const stale = await t.app.request(`${BASE}/v1/openapi.json`, { headers: { 'If-None-Match': '"not-this-one"' } });
    expect(stale.status).toBe(200);
    expect(await stale.text()).toBe(await first.text());
  });

  it('sends the same document compressed to a client that accepts it, under its own ETag', async () => {
    const plain = await t.app.request(`${BASE}/v1/openapi.json`);
    const zipped = await t.app.request(`${BASE}/v1/openapi.json`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(zipped.headers.get('etag')).not.toBe(plain.headers.get('etag'));
    const bytes = Buffer.from(await zipped.arrayBuffer());
    expect(bytes.length).toBeLessThan(Number(plain.headers.get('content-length') ?? (await plain.clone().text()).length) / 4);
    expect(gunzipSync(bytes).toString('utf8')).toBe(await plain.text());
  });

  it('refuses other methods with the error shape', async () => {
    const res = await t.app.request(`${BASE}/v1/openapi.json`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('method_not_allowed');
  });
});

describe('GET /v1/openapi.json over a real socket', () => {
  let server: LiveServer;
  beforeAll(async () => {
    server = await startLiveServer();
  });
  afterAll(() => server.close());

  it('serves the document a client can read (brotli or gzip negotiated by fetch)', async () => {
    const res = await fetch(`${server.url}/v1/openapi.json`, { headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    // fetch decodes the body; what arrives is the very document the app builds.
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(buildDocument('0.0.0'))));
  });
});
