import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_EVENTS_BODY_BYTES } from '../../server/http/routes/events';
import { EventBatchResult } from '../../shared/schemas/event';
import { idsOf, mixedBatch, track } from '../helpers/events';
import { expectApiError } from '../helpers/http';
import { APP_ORIGIN, countAllEvents, countStoredEvents, createTestApp, withReadonlyDb, type TestApp } from '../helpers/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.cleanup();
});

const FOREIGN = 'https://evil.example';
const rows = (table: string) => withReadonlyDb(t.file, (db) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n);

/** What `navigator.sendBeacon(url, string)` sends: text/plain, the key in the query, and the page's Origin. */
const beacon = (path: string, body: unknown, origin: string) =>
  t.app.request(`https://api.upshift.test${path}?key=${t.key}`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: origin },
    body: JSON.stringify(body),
  });

describe('Origin check on publishable-key writes', () => {
  it('refuses a text/plain beacon from a foreign Origin with 403 and stores nothing', async () => {
    const batch = mixedBatch();
    const res = await beacon('/v1/events', { events: batch }, FOREIGN);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    await expectApiError(res, 403, 'origin_not_allowed');
    expect(countStoredEvents(t.file, idsOf(batch))).toBe(0);
    // The same beacon from the allowed origin is stored.
    expect((await beacon('/v1/events', { events: batch }, APP_ORIGIN)).status).toBe(200);
    expect(countStoredEvents(t.file, idsOf(batch))).toBe(batch.length);
  });

  it.each([
    ['/v1/trials', { userId: 'u1', accountId: 'a1', ruleId: 'try-reports', feature: 'scheduled_reports' }, 'trials'],
    ['/v1/admin-requests', { userId: 'u1', accountId: 'a1', ruleId: 'api-usage-ladder' }, 'admin_requests'],
  ])('refuses a text/plain POST %s from a foreign Origin with 403 and stores nothing', async (path, body, table) => {
    await expectApiError(await beacon(path, body, FOREIGN), 403, 'origin_not_allowed');
    expect(rows(table)).toBe(0);
  });

  it('refuses the lookalikes of an allowed origin', async () => {
    for (const origin of ['https://app.acme.test.evil.example', 'http://app.acme.test', 'https://xapp.acme.test', 'null']) {
      await expectApiError(await beacon('/v1/events', { events: [track()] }, origin), 403, 'origin_not_allowed');
    }
    expect(countAllEvents(t.file)).toBe(0);
  });
});

describe('compressed event batches', () => {
  const send = (body: Uint8Array, encoding: string) =>
    t.app.request('https://api.upshift.test/v1/events', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': encoding, 'X-Upshift-Key': t.key, Origin: APP_ORIGIN },
      body: new Uint8Array(body),
    });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('stores a %s batch as if it were sent plain', async (encoding, compress) => {
    const batch = mixedBatch();
    const res = await send(compress(Buffer.from(JSON.stringify({ events: batch }))), encoding);
    expect(res.status).toBe(200);
    expect(EventBatchResult.parse(await res.json())).toEqual({ accepted: batch.length, duplicates: 0 });
    expect(countStoredEvents(t.file, idsOf(batch))).toBe(batch.length);
  });

  it('refuses a body that inflates past 64 KB with 413, however small it is compressed, and stores nothing', async () => {
    // Valid JSON padded with spaces to a little over the cap: about 100 bytes gzipped.
    const batch = [track()];
    const json = JSON.stringify({ events: batch }).padEnd(MAX_EVENTS_BODY_BYTES + 1, ' ');
    const small = gzipSync(Buffer.from(json));
    expect(small.length).toBeLessThan(1024);
    await expectApiError(await send(small, 'gzip'), 413, 'payload_too_large');
    // A bomb: 50 MB of zeros.
    await expectApiError(await send(gzipSync(Buffer.alloc(50 * 1024 * 1024)), 'gzip'), 413, 'payload_too_large');
    expect(countAllEvents(t.file)).toBe(0);
    // Exactly at the cap is fine.
    const atCap = JSON.stringify({ events: batch }).padEnd(MAX_EVENTS_BODY_BYTES, ' ');
    expect((await send(gzipSync(Buffer.from(atCap)), 'gzip')).status).toBe(200);
  });

  it('refuses an encoding it cannot decode with 415, and a corrupt body with 400', async () => {
    const body = Buffer.from(JSON.stringify({ events: [track()] }));
    await expectApiError(await send(body, 'compress'), 415, 'unsupported_encoding');
    await expectApiError(await send(body, 'gzip, br'), 415, 'unsupported_encoding');
    await expectApiError(await send(body, 'gzip'), 400, 'invalid_encoding');
    expect(countAllEvents(t.file)).toBe(0);
  });
});
