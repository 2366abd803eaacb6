import { Hono } from 'hono';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Context } from '../../shared/schemas/context';
import { createRequest, type RequestOptions } from '../../widget/request';
import { memoryStore } from '../../widget/storage';
import { closedPort, driveTransport, startEventSink, trackEvent } from '../helpers/event-sink';
import { startLiveServer, type LiveServer } from '../helpers/live-server';
import { mountWidget, unmountWidgets } from '../helpers/widget-mount';

// The widget's one way to reach its API (issue 12, point 3): the publishable key in the query,
// no cookies, the identity token in a header and never in a URL (URLs end up in access logs and
// referrers), and an answer of null instead of a rejection when there is none in time.

const KEY = 'pk_test_request';
/** Looks like the JWT a host's backend signs: dots and URL-safe base64. */
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ.c2lnbmF0dXJl';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The connection closed before the server answered: the widget gave up on it. */
  abandoned: boolean;
}

/** A loopback API stand-in that records every request; in `hang` mode it never answers. */
async function startRecorder() {
  const seen: Seen[] = [];
  const held: ServerResponse[] = [];
  const r = { mode: 'answer' as 'answer' | 'hang' };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), abandoned: false };
      seen.push(s);
      res.on('close', () => (s.abandoned ||= !res.writableEnded));
      if (r.mode === 'hang') return void held.push(res);
      // A cookie offered back: a request that keeps cookies would carry it next time.
      res.writeHead(200, { 'Content-Type': 'application/json', 'Set-Cookie': 'session=abc; Path=/' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(r, {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

let api: Awaited<ReturnType<typeof startRecorder>>;
beforeEach(async () => {
  api = await startRecorder();
});
afterEach(async () => {
  await api.close();
});

/**
 * `createRequest` over real fetch, with the fetch calls it makes and the timers it sets recorded;
 * `fire(ms)` runs the timers set for `ms`, as the clock reaching them would.
 */
function client(base = api.url) {
  const timers: { fn: () => void; ms: number }[] = [];
  const calls: RequestInit[] = [];
  const fetch = vi.fn<typeof globalThis.fetch>((input, init) => {
    calls.push(init ?? {});
    return globalThis.fetch(input, init);
  });
  const request = createRequest({ api: base, key: KEY, fetch, setTimeout: (fn, ms) => timers.push({ fn, ms }) });
  return {
    request,
    calls,
    timers,
    fire: (ms: number) => timers.filter((t) => t.ms === ms).forEach((t) => t.fn()),
  };
}

describe('createRequest, to a real loopback server', () => {
  it.each<[string, string, RequestOptions, string, string]>([
    ['a GET with a query of its own', 'state?user=u_1&plan=starter', { token: TOKEN }, 'GET', ''],
    ['a GET without a query', 'config', { token: TOKEN }, 'GET', ''],
    ['a POST', 'trials', { token: TOKEN, body: '{"feature":"sso"}' }, 'POST', '{"feature":"sso"}'],
  ])('%s carries the key in the query, no cookies, and the token only in X-Upshift-Token', async (_name, path, options, method, body) => {
    const c = client();
    const first = await c.request(path, options);
    expect(first?.status).toBe(200);
    // The server offered a cookie; a second request must not give it back.
    await c.request(path, options);

    expect(api.seen).toHaveLength(2);
    for (const seen of api.seen) {
      const url = new URL(seen.url, api.url);
      expect(seen.method).toBe(method);
      expect(url.pathname).toBe(`/v1/${path.split('?')[0]}`);
      expect(url.searchParams.get('key')).toBe(KEY);
      expect(url.searchParams.getAll('key')).toHaveLength(1);
      // The path's own query survives beside the key.
      for (const [name, value] of new URLSearchParams(path.split('?')[1] ?? '')) expect(url.searchParams.get(name)).toBe(value);
      expect(seen.headers['x-upshift-token']).toBe(TOKEN);
      expect(seen.headers.cookie).toBeUndefined();
      expect(seen.headers.authorization).toBeUndefined();
      expect(url.searchParams.has('token')).toBe(false);
      expect(seen.url).not.toContain(TOKEN);
      expect(seen.body).toBe(body);
      // A safelisted content type: no CORS preflight for it.
      expect(seen.headers['content-type']).toBe('text/plain;charset=UTF-8');
    }
    for (const init of c.calls) expect(init.credentials).toBe('omit');
  });

  it('sends no token header when the person has no token, and If-None-Match when revalidating', async () => {
    const c = client();
    await c.request('config', { etag: '"v3"' });
    expect(api.seen[0]?.headers['x-upshift-token']).toBeUndefined();
    expect(api.seen[0]?.headers['if-none-match']).toBe('"v3"');
    expect(c.calls[0]?.credentials).toBe('omit');
  });

  it('escapes the key in the query', async () => {
    const request = createRequest({ api: api.url, key: 'pk_a&b=c', fetch: globalThis.fetch, setTimeout: () => 0 });
    await request('config');
    expect(new URL(api.seen[0]!.url, api.url).searchParams.get('key')).toBe('pk_a&b=c');
    expect(new URL(api.seen[0]!.url, api.url).searchParams.has('b')).toBe(false);
  });

  it('answers with the response whatever its status: only no answer at all is null', async () => {
    const failing = await startEventSink();
    try {
      const request = createRequest({ api: failing.url, key: KEY, fetch: globalThis.fetch, setTimeout: () => 0 });
      // The sink refuses a body that is not an event batch with a 400.
      const res = await request('events', { body: 'not a batch' });
      expect(res?.status).toBe(400);
    } finally {
      failing.invalid.splice(0);
      await failing.close();
    }
  });

  it.each<[string, RequestOptions, number]>([
    ['a GET gives up after 5 s', {}, 5000],
    ['a POST gives up after 15 s', { body: '{"events":[]}' }, 15_000],
    ['a POST the page waits on (the state) gives up after 5 s', { body: '{"user":"u_1"}', read: true }, 5000],
  ])('%s on a server that never answers, resolving null', async (_name, options, ms) => {
    api.mode = 'hang';
    const c = client();
    let settled = false;
    const answer = c.request('events', { ...options, token: TOKEN }).finally(() => (settled = true));
    // The request reached the server, which holds it.
    await vi.waitFor(() => expect(api.seen).toHaveLength(1));
    expect(c.timers.map((t) => t.ms)).toEqual([ms]);
    // As the README promises: a read gives up after 5 s, a write after 15 s.
    expect(ms).toBe(options.body === undefined || options.read ? 5000 : 15_000);
    // Nothing can have settled it: the server has not answered and the timer has not run.
    expect(settled).toBe(false);

    c.fire(ms);
    await expect(answer).resolves.toBeNull();
    // Given up for real: the connection was closed, not left open.
    await vi.waitFor(() => expect(api.seen[0]?.abandoned).toBe(true));
  });

  it.each<[string, RequestOptions]>([
    ['a GET', {}],
    ['a POST', { body: '{}' }],
  ])('%s to a port where nothing listens resolves null, before any timeout', async (_name, options) => {
    const c = client(`http://127.0.0.1:${await closedPort()}`);
    await expect(c.request('state', { ...options, token: TOKEN })).resolves.toBeNull();
    expect(c.calls).toHaveLength(1);
  });

  it('resolves null when fetch itself throws (a URL the browser refuses)', async () => {
    const request = createRequest({ api: 'http://[not a host', key: KEY, fetch: globalThis.fetch, setTimeout: () => 0 });
    await expect(request('config')).resolves.toBeNull();
  });
});

describe('event batches', () => {
  it('carry the token in their JSON body, by fetch and by beacon, never in the URL', async () => {
    const sink = await startEventSink();
    try {
      const beacons: { url: string; body: string }[] = [];
      const h = driveTransport(sink.url, { beacon: (url, body) => (beacons.push({ url, body }), true) });
      h.token = TOKEN;
      h.transport.send(trackEvent('ann'), true);
      await vi.waitFor(() => expect(sink.requests).toHaveLength(1));
      const [sent] = sink.requests;
      expect(sent!.batch.token).toBe(TOKEN);
      expect(sent!.url).not.toContain(TOKEN);
      expect(new URL(sent!.url, sink.url).searchParams.has('token')).toBe(false);
      expect(sent!.headers['x-upshift-token']).toBeUndefined();

      // The page goes away with an event queued: it leaves by beacon, which cannot set headers.
      h.transport.send(trackEvent('ann'));
      h.transport.flush('unload');
      expect(beacons).toHaveLength(1);
      expect(beacons[0]!.url).not.toContain(TOKEN);
      expect(new URL(beacons[0]!.url).searchParams.get('key')).toBe('pk_test_transport');
      expect((JSON.parse(beacons[0]!.body) as { token?: string }).token).toBe(TOKEN);
    } finally {
      await sink.close();
    }
  });
});

describe('the whole widget, in jsdom, against the live server', () => {
  interface Heard {
    method: string;
    url: string;
    token: string | undefined;
    body: string;
  }
  const heard: Heard[] = [];
  let server: LiveServer;
  beforeAll(async () => {
    server = await startLiveServer({
      wrap: (app) =>
        new Hono()
          .use('*', async (c, next) => {
            heard.push({ method: c.req.method, url: c.req.url, token: c.req.header('x-upshift-token'), body: c.req.method === 'POST' ? await c.req.raw.clone().text() : '' });
            await next();
          })
          .route('/', app),
    });
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(() => unmountWidgets());

  const person = (token?: string): Context => ({
    user: { id: 'user_signed', locale: 'en' },
    account: { id: 'acct_signed', plan: 'starter', createdAt: new Date(Date.now() - 200 * 86_400_000).toISOString() },
    usage: { api_calls: 1200 },
    ...(token && { token }),
  });
  const path = (h: Heard) => new URL(h.url).pathname;

  it('reads the person’s state with the token in X-Upshift-Token, not in the URL, and sends it with their events in the body', async () => {
    heard.splice(0);
    const { widget } = mountWidget({ key: server.environment.publishableKey, api: server.url, storage: memoryStore() });
    widget.identify(person(TOKEN));
    await vi.waitFor(async () => expect((await widget.debug()).waitingForServerState).toBe(false), { timeout: 5000 });

    const state = heard.filter((h) => path(h) === '/v1/state');
    expect(state).toHaveLength(1);
    const url = new URL(state[0]!.url);
    expect(url.searchParams.get('key')).toBe(server.environment.publishableKey);
    // A POST, so the browser sends Origin and the server's origin check applies to the snapshot it keeps.
    expect(JSON.parse(state[0]!.body)).toMatchObject({ user: 'user_signed', account: 'acct_signed', plan: 'starter', usage: { api_calls: 1200 } });
    expect(url.searchParams.has('token')).toBe(false);
    expect(state[0]!.url).not.toContain(TOKEN);
    expect(state[0]!.token).toBe(TOKEN);

    widget.track('report_exported');
    widget.flush('now');
    await vi.waitFor(() => expect(heard.filter((h) => path(h) === '/v1/events')).toHaveLength(1), { timeout: 5000 });
    const events = heard.find((h) => path(h) === '/v1/events')!;
    expect(events.url).not.toContain(TOKEN);
    expect(new URL(events.url).searchParams.has('token')).toBe(false);
    expect((JSON.parse(events.body) as { token?: string }).token).toBe(TOKEN);

    // No request of this page view put the token in its URL.
    expect(heard.length).toBeGreaterThanOrEqual(3);
    for (const h of heard) expect(h.url).not.toContain(TOKEN);
  });

  it('sends the person’s role and the account’s traits with the state read, for expansion readiness', async () => {
    heard.splice(0);
    const { widget } = mountWidget({ key: server.environment.publishableKey, api: server.url, storage: memoryStore() });
    const ctx = person();
    widget.identify({ ...ctx, user: { id: 'user_traits', role: 'billing' }, account: { ...ctx.account, id: 'acct_traits', traits: { employees: 180, fundedAt: '2026-09-01' } } });
    await vi.waitFor(async () => expect((await widget.debug()).waitingForServerState).toBe(false), { timeout: 5000 });
    const state = heard.filter((h) => path(h) === '/v1/state');
    expect(state).toHaveLength(1);
    expect(JSON.parse(state[0]!.body)).toMatchObject({ user: 'user_traits', account: 'acct_traits', role: 'billing', traits: { employees: 180, fundedAt: '2026-09-01' } });
  });

  it('reads the state without a token header when the person has no token', async () => {
    heard.splice(0);
    const { widget } = mountWidget({ key: server.environment.publishableKey, api: server.url, storage: memoryStore() });
    widget.identify({ ...person(), user: { id: 'user_unsigned', locale: 'en' } });
    await vi.waitFor(async () => expect((await widget.debug()).waitingForServerState).toBe(false), { timeout: 5000 });
    const state = heard.filter((h) => path(h) === '/v1/state');
    expect(state).toHaveLength(1);
    expect(state[0]!.token).toBeUndefined();
  });
});
