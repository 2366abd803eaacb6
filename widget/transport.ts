import { uuidv7 } from '../shared/ids';
import type { Event } from '../shared/schemas/event';
import { isObject } from './guards';
import { apiUrl, type Request } from './request';
import { readJson, writeJson, type KeyValue } from './storage';

export interface TransportDeps {
  api: string;
  key: string;
  request: Request;
  storage: KeyValue;
  now: () => number;
  random: (bytes: Uint8Array<ArrayBuffer>) => unknown;
  setTimeout: (fn: () => void, ms: number) => unknown;
  warn: (message: string) => void;
  /** `navigator.sendBeacon`, where the browser has it. */
  beacon?: ((url: string, body: string) => boolean) | undefined;
  /** The current person's identity token, sent with their events. */
  token: () => string | undefined;
}

export interface Transport {
  /** Queues an event; `now` sends at once (a click that may navigate away). An event too large to ever be accepted is dropped with a warning. */
  send(event: Event, now?: boolean): void;
  /**
   * `now`: sends at once, whatever the backoff but within any Retry-After (the page is hidden, or
   * the network is back); `unload`: the page is going away: beacons everything not yet acknowledged
   * and leaves it to the next page of this app; `resume`: the page is back from the back-forward
   * cache, keeps its queue again, and sends.
   */
  flush(when: FlushWhen): void;
}

/** Why the queue is sent now: see `Transport.flush`. */
export type FlushWhen = 'now' | 'unload' | 'resume';

/** A queued event and the identity token of the person it is about. */
type Entry = [event: Event, token?: string];
/** What one page keeps in storage: when it last wrote (0: the page is gone), its events, and how many it had to drop. */
interface Saved {
  t: number;
  q: Entry[];
  d: number;
}

const BATCH = 50;
/** Under the server's 64 KB body limit and the browser's 64 KB keepalive allowance, with room for the envelope. */
const MAX_BYTES = 60_000;
const DELAY_MS = 5000;
/** The bound of what is kept: the oldest events beyond it are dropped, and the drop is reported. */
const MAX_EVENTS = 1000;
const MAX_AGE_MS = 86_400_000;
/** A page whose queue has not been written for this long is taken to be gone: another page sends its events. */
const STALE_MS = 300_000;
const MAX_BACKOFF_MS = 60_000;
/** The longest `Retry-After` obeyed, so a broken proxy cannot silence the widget for days. */
const MAX_RETRY_AFTER_MS = 600_000;

/** UTF-8 length of a string. */
export const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

const isEntry = (x: unknown): x is Entry =>
  Array.isArray(x) && isObject(x[0]) && typeof x[0].id === 'string' && typeof x[0].at === 'string' && (x[1] === undefined || typeof x[1] === 'string');
const isSaved = (x: unknown): x is Saved => isObject(x) && Array.isArray(x.q) && typeof x.d === 'number' && typeof x.t === 'number';

/** The leading events that can travel in one request: one person's token, at most 50 events and 60 KB. */
function chunk(list: Entry[]): Entry[] {
  const out: Entry[] = [];
  let bytes = 40 + (list[0]?.[1]?.length ?? 0);
  for (const entry of list) {
    const size = utf8Length(JSON.stringify(entry[0])) + 1;
    if (entry[1] !== list[0]![1] || out.length === BATCH || bytes + size > MAX_BYTES) break;
    out.push(entry);
    bytes += size;
  }
  return out;
}

/** What became of a batch: stored (or duplicates), refused for good (a 4xx other than 408/429), or worth another try. */
type Outcome = 'delivered' | 'refused' | 'retry';

const outcomeOf = (res: Response | null): Outcome =>
  !res || res.status >= 500 || res.status === 408 || res.status === 429 ? 'retry' : res.ok ? 'delivered' : 'refused';

const body = (list: Entry[]) => JSON.stringify({ events: list.map((e) => e[0]), token: list[0]![1] });

/**
 * Delivers events to `POST /v1/events` exactly once as the server sees them: every event keeps the
 * id it was created with, stays in localStorage until the server acknowledges it (at most 1,000
 * events and 24 hours; what the bound drops is counted and reported as a `dropped` event), and is
 * retried with exponential backoff and jitter, obeying `Retry-After`, until a 2xx, or a 4xx other
 * than 408 and 429. Bodies go as `text/plain` with the key in the query, so cross-origin sends need
 * no CORS preflight. Each page sends only its own events; a page that is gone leaves its queue to
 * the next page of the app, so several tabs never send each other's events.
 */
export function createTransport(deps: TransportDeps): Transport {
  const url = apiUrl(deps, 'events');
  const prefix = `upshift:${deps.key}:q:`;
  const own = prefix + uuidv7(deps.now(), deps.random);
  const saved: Saved = { t: 0, q: [], d: 0 };
  /** The ids of the request in flight. */
  let sending: Set<string> | null = null;
  let failures = 0;
  let blockedUntil = 0;
  /** Until when the server asked (Retry-After) not to be sent to: a hidden page or the network coming back do not hurry past it. */
  let asked = 0;
  let due = Infinity;
  let generation = 0;
  /** Set once the page went away: from then on its queue is always up for adoption (a page restored from the back-forward cache only risks sending twice). */
  let gone = false;

  // A page waiting out a backoff claims its queue until it is due to try again.
  const save = () => {
    saved.t = gone ? 0 : Math.max(deps.now(), blockedUntil);
    writeJson(deps.storage, own, saved.q.length || saved.d ? saved : undefined);
  };

  /** Adds entries not yet queued, then applies the bound. */
  const add = (entries: unknown[]) => {
    const ids = new Set(saved.q.map((e) => e[0].id));
    for (const e of entries) if (isEntry(e) && !ids.has(e[0].id)) ids.add(e[0].id) && saved.q.push(e);
    const cut = deps.now() - MAX_AGE_MS;
    let over = saved.q.length - MAX_EVENTS;
    // The oldest go first, but never those in flight (they may be delivered yet); a dropped report that goes adds its count.
    saved.q = saved.q.filter(([e]) => {
      const keep = sending?.has(e.id) || (Date.parse(e.at) > cut && over <= 0);
      if (!keep) {
        over--;
        saved.d += e.type === 'dropped' && e.count > 0 ? e.count : 1;
      }
      return keep;
    });
    save();
  };

  /** Runs a flush in `ms`, unless one is already due sooner. */
  const later = (ms: number) => {
    if (deps.now() + ms >= due) return;
    due = deps.now() + ms;
    const g = ++generation;
    deps.setTimeout(() => {
      if (g !== generation) return;
      due = Infinity;
      flush();
    }, ms);
  };

  // The token travels in the body, where beacons can carry it too.
  const post = (text: string) => deps.request('events', { body: text, keepalive: true });

  const done = (res: Response | null) => {
    const ids = sending!;
    sending = null;
    const outcome = outcomeOf(res);
    if (outcome !== 'retry') {
      if (outcome === 'refused') deps.warn(`${ids.size} events refused with HTTP ${res!.status}`);
      failures = 0;
      saved.q = saved.q.filter((e) => !ids.has(e[0].id));
      save();
      return flush();
    }
    const byte = new Uint8Array(1);
    deps.random(byte);
    const backoff = (byte[0]! / 255) * Math.min(MAX_BACKOFF_MS, 1000 * 2 ** failures++);
    const retryAfter = res?.headers.get('Retry-After');
    const retry = retryAfter ? +retryAfter * 1000 || Date.parse(retryAfter) - deps.now() || 0 : 0;
    asked = deps.now() + Math.min(retry, MAX_RETRY_AFTER_MS);
    blockedUntil = Math.max(deps.now() + backoff, asked);
    save();
    later(blockedUntil - deps.now());
  };

  /** Turns the count of dropped events into a report with an id of its own, for the person at the head of the queue (none yet: it waits for the next event). */
  const report = () => {
    const [head, token] = saved.q[0] ?? [];
    if (!saved.d || !head) return;
    const at = deps.now();
    saved.q.unshift([{ id: uuidv7(at, deps.random), at: new Date(at).toISOString(), userId: head.userId, accountId: head.accountId, type: 'dropped', count: Math.min(saved.d, 1e9) }, ...(token ? [token] : [])] as Entry);
    saved.d = 0;
    save();
  };

  const flush = (): void => {
    if (sending || !saved.q.length) return;
    // A clock set back must not stretch a wait past the longest the server may ask for.
    blockedUntil = Math.min(blockedUntil, deps.now() + MAX_RETRY_AFTER_MS);
    if (blockedUntil > deps.now()) return later(blockedUntil - deps.now());
    report();
    const batch = chunk(saved.q);
    // Only an event taken over from a tampered queue can be too large to send: it goes.
    if (!batch.length) {
      saved.q.shift();
      save();
      return flush();
    }
    sending = new Set(batch.map((e) => e[0].id));
    void post(body(batch)).then(done);
  };

  // What earlier pages of this app left unsent: their own page is gone, or has not written for long.
  const keys: (string | null)[] = [];
  try {
    for (let i = 0; i < deps.storage.length; i++) keys.push(deps.storage.key(i));
  } catch {
    // Storage unreadable: nothing to take over.
  }
  for (const k of keys) {
    if (!k?.startsWith(prefix) || k === own) continue;
    // An unreadable queue reads as null, and is removed.
    const other = readJson(deps.storage, k, isSaved);
    if (other?.t && deps.now() - other.t < STALE_MS) continue;
    // Removed first: a full store then has room for the copy this page keeps.
    writeJson(deps.storage, k, undefined);
    const d = other?.d ?? 0;
    if (Number.isInteger(d) && d > 0) saved.d = Math.min(saved.d + d, 1e9);
    add(other?.q ?? []);
  }
  if (saved.q.length) later(0);

  return {
    send(event, now = false) {
      const token = deps.token();
      const entry: Entry = token ? [event, token] : [event];
      if (chunk([entry]).length === 0) return deps.warn(`dropped a ${event.type} event larger than ${MAX_BYTES} bytes`);
      add([entry]);
      if (now || saved.q.length >= BATCH) flush();
      else later(DELAY_MS);
    },
    flush(when) {
      if (when === 'unload') {
        // The answers would never be read: everything goes by beacon (keepalive fetch without one),
        // and stays saved, marked for the next page, which sends again whatever did not arrive;
        // the server keeps each id once.
        gone = true;
        report();
        save();
        for (let rest = saved.q, part; (part = chunk(rest)).length; rest = rest.slice(part.length)) {
          const text = body(part);
          if (!deps.beacon?.(url, text)) void post(text);
        }
        return;
      }
      // Back from the back-forward cache: this page is alive again.
      if (when === 'resume') {
        gone = false;
        save();
      }
      // Chromium hides the page after pagehide: what the beacons carried needs no second request.
      if (gone) return;
      blockedUntil = asked;
      flush();
    },
  };
}
