import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { uuidv7 } from '../../shared/ids';
import { EventBatch, type Event } from '../../shared/schemas/event';
import { memoryStore, type KeyValue } from '../../widget/storage';
import { createTransport, type TransportDeps } from '../../widget/transport';
import { createRequest } from '../../widget/request';

/** How the sink answers one request: a status, a status with headers, or never. */
export type Reply = number | { status: number; headers: Record<string, string> } | 'hang';

export interface SinkRequest {
  url: string;
  headers: IncomingHttpHeaders;
  bytes: number;
  batch: EventBatch;
  status: number | 'hang';
}

/**
 * A stand-in for `POST /v1/events` on loopback: records every request, checks its body against
 * `EventBatch` (what the real server accepts) and answers from a script, then with 200.
 */
export async function startEventSink(port = 0) {
  const requests: SinkRequest[] = [];
  /** Bodies `EventBatch` refused: the wire format is wrong. */
  const invalid: string[] = [];
  const script: Reply[] = [];
  const hung: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      let json: unknown = null;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        // Not JSON: EventBatch refuses null.
      }
      const parsed = EventBatch.safeParse(json);
      if (!parsed.success) return void (invalid.push(raw.toString('utf8')), res.writeHead(400).end());
      const reply = script.shift() ?? 200;
      const status = typeof reply === 'object' ? reply.status : reply;
      requests.push({ url: req.url ?? '', headers: req.headers, bytes: raw.length, batch: parsed.data, status });
      if (status === 'hang') return void hung.push(res);
      const body = status === 200 ? JSON.stringify({ accepted: parsed.data.events.length, duplicates: 0 }) : '{}';
      res.writeHead(status, { 'Content-Type': 'application/json', ...(typeof reply === 'object' ? reply.headers : {}) }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    requests,
    invalid,
    /** Answers for the next requests, in order; after them, 200. */
    reply: (...replies: Reply[]) => void script.push(...replies),
    /** The ids each request carried, in order. */
    ids: () => requests.map((r) => r.batch.events.map((e) => e.id)),
    /** The ids of the requests answered 2xx: what the server kept. */
    acked: () => requests.filter((r) => typeof r.status === 'number' && r.status < 300).flatMap((r) => r.batch.events.map((e) => e.id)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hung) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type EventSink = Awaited<ReturnType<typeof startEventSink>>;

/** A fresh sink for every test, handed to `use`, and closed after it; every body it saw must have been a valid batch. */
export function useEventSink(use: (sink: EventSink) => void): void {
  let sink: EventSink | undefined;
  beforeEach(async () => {
    use((sink = await startEventSink()));
  });
  afterEach(async () => {
    await sink?.close();
    expect(sink?.invalid).toEqual([]);
  });
}

/** An address where nothing listens: the connection is refused. */
export async function closedPort(): Promise<number> {
  const sink = await startEventSink();
  await sink.close();
  return sink.port;
}

export const KEY = 'pk_test_transport';
/** Whole seconds, so an HTTP-date `Retry-After` (second precision) names an exact delay. */
export const START = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;

interface Timer {
  fn: () => void;
  ms: number;
  at: number;
  done: boolean;
}

/**
 * A transport as the widget builds it, with real fetch, on a clock and timers the test drives:
 * `advance(ms)` moves the clock and runs the timers that fall due, in order.
 */
export function driveTransport(api: string, options: { storage?: KeyValue; start?: number; beacon?: TransportDeps['beacon']; key?: string } = {}) {
  const storage = options.storage ?? memoryStore();
  const key = options.key ?? KEY;
  const timers: Timer[] = [];
  const h = {
    clock: options.start ?? START,
    /** The byte the jitter is drawn from: 255 is the full backoff, 0 none. */
    jitter: 255,
    token: undefined as string | undefined,
    storage,
    warn: vi.fn<(message: string) => void>(),
    inFlight: 0,
    maxInFlight: 0,
    /** Every delay asked of setTimeout but the 15 s request timeouts, in order. */
    delays: () => timers.filter((t) => t.ms !== 15_000).map((t) => t.ms),
    advance(ms: number) {
      const until = h.clock + ms;
      for (let next; (next = timers.filter((t) => !t.done && t.at <= until).sort((a, b) => a.at - b.at)[0]); ) {
        h.clock = Math.max(h.clock, next.at);
        next.done = true;
        next.fn();
      }
      h.clock = until;
    },
    /** This app's saved queues, by key. */
    queues: () => {
      const out: Record<string, { t: number; q: [Event, string?][]; d: number }> = {};
      for (let i = 0; i < storage.length; i++) {
        const k = storage.key(i)!;
        if (k.startsWith(`upshift:${key}:q:`)) out[k] = JSON.parse(storage.getItem(k)!) as (typeof out)[string];
      }
      return out;
    },
  };
  const fetch: typeof globalThis.fetch = (input, init) => {
    h.maxInFlight = Math.max(h.maxInFlight, ++h.inFlight);
    return globalThis.fetch(input, init).finally(() => h.inFlight--);
  };
  const setTimeout = (fn: () => void, ms: number) => timers.push({ fn, ms, at: h.clock + ms, done: false });
  const transport = createTransport({
    api,
    key,
    request: createRequest({ api, key, fetch, setTimeout }),
    storage,
    now: () => h.clock,
    random: (b) => (b.length === 1 ? b.fill(h.jitter) : crypto.getRandomValues(b)),
    setTimeout,
    warn: h.warn,
    beacon: options.beacon,
    token: () => h.token,
  });
  return Object.assign(h, { transport });
}

/** A valid track event by `who`, `ageMs` before `now`. */
export function trackEvent(who: string, now = START, props?: Record<string, string>, ageMs = 0): Event {
  const at = now - ageMs;
  return { id: uuidv7(at, (b) => crypto.getRandomValues(b)), at: new Date(at).toISOString(), userId: who, accountId: `acct_${who}`, type: 'track', name: 'report.exported', ...(props ? { props } : {}) };
}

export const ids = (...events: { id: string }[]) => events.map((e) => e.id);
/** `n` events by `who`. */
export const many = (n: number, who = 'ann', now = START) => Array.from({ length: n }, () => trackEvent(who, now));
/** Props of `keys` × `chars` characters, three times as many UTF-8 bytes: '€' is 3 bytes. */
export const heavy = (keys: number, chars: number) => Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i}`, '€'.repeat(chars)]));

/** Retries `check` until it passes: the transport answers on the network's schedule, not the test's. */
export const eventually = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 2 });
