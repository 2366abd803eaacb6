import { afterEach, describe, expect, it } from 'vitest';
import { track } from '../helpers/events';
import { expectApiError } from '../helpers/http';
import { APP_ORIGIN, countAllEvents, createTestApp, type TestApp } from '../helpers/test-app';

const T0 = Date.UTC(2026, 10, 22, 12);
let now = T0;
let t: TestApp;
afterEach(async () => {
  await t.cleanup();
});

/** What @hono/node-server passes as `c.env`: the socket the request came in on. */
const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

const postFrom = (address: string, headers: Record<string, string> = {}) =>
  t.app.request(
    'https://api.upshift.test/v1/events',
    { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Upshift-Key': t.key, Origin: APP_ORIGIN, ...headers }, body: JSON.stringify({ events: [track()] }) },
    from(address),
  );
const stateFrom = (address: string) => t.app.request(`/v1/state?key=${t.key}&user=u1&account=a1`, {}, from(address));

async function limited(options: { trustProxy?: boolean } = {}) {
  now = T0;
  t = await createTestApp({ clock: () => now, rateLimit: { limit: 3, windowMs: 60_000 }, ...options });
}

describe('rate limit per publishable key and client address', () => {
  it('counts down in RateLimit-* headers, then answers 429 rate_limited with Retry-After and writes nothing', async () => {
    await limited();
    for (const [remaining, reset] of [[2, 60], [1, 50], [0, 40]] as const) {
      const res = await postFrom('203.0.113.7');
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('3');
      expect(res.headers.get('ratelimit-remaining')).toBe(String(remaining));
      expect(res.headers.get('ratelimit-reset')).toBe(String(reset));
      now += 10_000;
    }
    const stored = countAllEvents(t.file);
    const refused = await postFrom('203.0.113.7');
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('ratelimit-reset')).toBe('30');
    // The browser can read why: the allowed origin gets CORS and the limit headers exposed.
    expect(refused.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(refused.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
    await expectApiError(refused, 429, 'rate_limited');
    expect(countAllEvents(t.file)).toBe(stored);
    // The limit is shared by every person-level route.
    await expectApiError(await stateFrom('203.0.113.7'), 429, 'rate_limited');
  });

  it('keeps separate counts per address, and starts over when the window ends', async () => {
    await limited();
    for (let i = 0; i < 3; i++) expect((await postFrom('203.0.113.7')).status).toBe(200);
    expect((await postFrom('203.0.113.7')).status).toBe(429);
    expect((await postFrom('198.51.100.2')).status).toBe(200);
    now += 60_000;
    const again = await postFrom('203.0.113.7');
    expect(again.status).toBe(200);
    expect(again.headers.get('ratelimit-remaining')).toBe('2');
  });

  it('ignores X-Forwarded-For unless told a proxy is in front, and then takes the entry the proxy added', async () => {
    await limited();
    for (let i = 0; i < 3; i++) expect((await postFrom('203.0.113.7', { 'X-Forwarded-For': `10.0.0.${i}` })).status).toBe(200);
    expect((await postFrom('203.0.113.7', { 'X-Forwarded-For': '10.0.0.99' })).status).toBe(429);
    await t.cleanup();

    await limited({ trustProxy: true });
    for (let i = 0; i < 3; i++) expect((await postFrom('10.1.1.1', { 'X-Forwarded-For': `1.1.1.${i}, 203.0.113.7` })).status).toBe(200);
    // A client's own claim (the first entry) changes nothing; the proxy's (the last) decides.
    expect((await postFrom('10.1.1.1', { 'X-Forwarded-For': '1.1.1.9, 203.0.113.7' })).status).toBe(429);
    expect((await postFrom('10.1.1.1', { 'X-Forwarded-For': '203.0.113.8' })).status).toBe(200);
  });

  it('leaves GET /v1/config and preflights alone', async () => {
    await limited();
    for (let i = 0; i < 5; i++) {
      const res = await t.app.request(`/v1/config?key=${t.key}`, {}, from('203.0.113.7'));
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBeNull();
    }
    for (let i = 0; i < 5; i++) {
      const pre = await t.app.request('/v1/events', { method: 'OPTIONS', headers: { Origin: APP_ORIGIN } }, from('203.0.113.7'));
      expect(pre.status).toBe(204);
    }
    expect((await postFrom('203.0.113.7')).status).toBe(200);
  });

  it('is on by default at 3,000 a minute, and off with rateLimit: false', async () => {
    now = T0;
    t = await createTestApp({ clock: () => now });
    expect((await postFrom('203.0.113.7')).headers.get('ratelimit-limit')).toBe('3000');
    await t.cleanup();
    t = await createTestApp({ clock: () => now, rateLimit: false });
    expect((await postFrom('203.0.113.7')).headers.get('ratelimit-limit')).toBeNull();
  });
});
