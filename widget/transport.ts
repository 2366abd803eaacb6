import type { Event } from '../shared/schemas/event';

export interface TransportDeps {
  api: string;
  key: string;
  fetch: typeof fetch;
  warn: (message: string) => void;
  setTimeout: (fn: () => void, ms: number) => unknown;
}

export interface Transport {
  /** Queues an event; `now` sends at once (a click that may navigate away). An event too large to ever be accepted is dropped with a warning. */
  send(event: Event, now?: boolean): void;
  /** Sends everything queued, surviving page unload (keepalive). */
  flush(): void;
}

const BATCH = 50;
/** Under the server's 64 KB body limit and the browser's 64 KB keepalive allowance, with room for the envelope. */
const MAX_BYTES = 60_000;
const DELAY_MS = 1000;
const RETRIES = [2000, 8000, 30000];

/** UTF-8 length of a string. */
export const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

/**
 * Delivers events to `POST /v1/events` in batches. Bodies go as `text/plain` with the key in the
 * query so that cross-origin sends need no CORS preflight, and with `keepalive` so a send started
 * as the page unloads still completes. Event ids make retries safe: the server stores each once.
 * (In memory for now; the persistent queue that survives reloads builds on this.)
 */
export function createTransport(deps: TransportDeps): Transport {
  let queue: Event[] = [];
  let scheduled = false;

  const post = (batch: Event[], attempt: number): void => {
    const retry = (why: string) => {
      const delay = RETRIES[attempt];
      if (delay === undefined) return deps.warn(`dropped ${batch.length} events after retries: ${why}`);
      deps.setTimeout(() => post(batch, attempt + 1), delay);
    };
    deps
      .fetch(`${deps.api}/v1/events?key=${encodeURIComponent(deps.key)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
        body: JSON.stringify({ events: batch }),
        keepalive: true,
        credentials: 'omit',
      })
      .then(
        (res) => {
          if (res.ok) return;
          if (res.status >= 500 || res.status === 408 || res.status === 429) retry(`HTTP ${res.status}`);
          else deps.warn(`events rejected with HTTP ${res.status}`);
        },
        () => retry('network error'),
      );
  };

  const flush = (): void => {
    scheduled = false;
    while (queue.length) {
      const batch: Event[] = [];
      let bytes = 16;
      while (queue.length && batch.length < BATCH) {
        const size = utf8Length(JSON.stringify(queue[0])) + 1;
        if (batch.length && bytes + size > MAX_BYTES) break;
        batch.push(queue.shift()!);
        bytes += size;
      }
      post(batch, 0);
    }
  };

  return {
    send(event, now = false) {
      if (utf8Length(JSON.stringify(event)) > MAX_BYTES) return deps.warn(`dropped a ${event.type} event larger than ${MAX_BYTES} bytes`);
      queue.push(event);
      if (now || queue.length >= BATCH) return flush();
      if (!scheduled) {
        scheduled = true;
        deps.setTimeout(flush, DELAY_MS);
      }
    },
    flush,
  };
}

