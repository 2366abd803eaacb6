import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mixedBatch } from '../helpers/events';
import { BASE, expectApiError } from '../helpers/http';
import { countAllEvents, createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.cleanup();
});

type KeyPlacement = { query?: string; header?: string };

const request = (endpoint: 'config' | 'events', { query, header }: KeyPlacement) => {
  const url = `${BASE}/v1/${endpoint}${query === undefined ? '' : `?key=${encodeURIComponent(query)}`}`;
  const headers: Record<string, string> = header === undefined ? {} : { 'X-Upshift-Key': header };
  if (endpoint === 'config') return t.app.request(url, { headers });
  return t.app.request(url, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({ events: mixedBatch() }),
  });
};

const unknownPk = () => `pk_${randomUUID().replaceAll('-', '')}`;

describe('publishable keys', () => {
  const cases: Array<[string, () => KeyPlacement, string]> = [
    ['no key at all', () => ({}), 'missing_key'],
    ['an empty key query', () => ({ query: '' }), 'missing_key'],
    ['an unknown pk_ key in the query', () => ({ query: unknownPk() }), 'unknown_key'],
    ['an unknown pk_ key in the header', () => ({ header: unknownPk() }), 'unknown_key'],
    ['a malformed key', () => ({ query: 'not-a-key' }), 'invalid_key'],
    ['a pk_ key with bad characters', () => ({ header: 'pk_abc!def-ghi' }), 'invalid_key'],
    ['a pk_ key that is too short', () => ({ query: 'pk_abc' }), 'invalid_key'],
    ['the environment’s secret key in the header', () => ({ header: t.secretKey }), 'wrong_key_type'],
    ['the environment’s secret key in the query', () => ({ query: t.secretKey }), 'wrong_key_type'],
  ];

  describe.each([['config' as const], ['events' as const]])('on /v1/%s', (endpoint) => {
    it.each(cases)('answers 401 to %s', async (_what, placement, code) => {
      await expectApiError(await request(endpoint, placement()), 401, code);
      expect(countAllEvents(t.file)).toBe(0);
    });
  });

  it('never echoes a secret key back', async () => {
    const res = await request('config', { header: t.secretKey });
    expect(await res.text()).not.toContain(t.secretKey);
  });
});

describe('an environment that has not published yet', () => {
  it('answers 404 not_published', async () => {
    const { environment } = await t.store.createEnvironment({ name: 'Fresh', allowedOrigins: [] });
    const res = await t.app.request(`${BASE}/v1/config?key=${environment.publishableKey}`);
    await expectApiError(res, 404, 'not_published');
  });
});
