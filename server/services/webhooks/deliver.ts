import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../../http/errors';
import type { Store } from '../../store/types';
import type { Delivery, DeliveryOutcome } from '../../store/webhook-types';
import { DestinationRefused, postWebhook, type DestinationPolicy } from './outbound';
import { webhookHeaders } from './sign';

/** setTimeout by another name, so tests can run hours of retries instantly. */
export interface Timer {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** Real timers that never keep the process alive on their own. */
export const realTimer: Timer = {
  set: (run, ms) => setTimeout(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Waits after the 1st, 2nd, … failed attempt; after the last one the delivery has failed. */
export const RETRY_DELAYS_MS: readonly number[] = [5_000, 30_000, 120_000, 600_000, 1_800_000, 7_200_000];

/** How much a retry may move either way, so receivers that went down together are not hit together when back. */
const JITTER = 0.2;
const BATCH = 20;
/** After the store itself failed, try again this much later rather than spin. */
const STORE_FAILURE_DELAY_MS = 30_000;
/** setTimeout's limit; a later retry is simply re-checked then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Milliseconds to wait after `failedAttempts` failures, with jitter, or null when the schedule is
 * used up. `random` is in [0, 1).
 */
export function retryDelay(failedAttempts: number, random: number, delays: readonly number[] = RETRY_DELAYS_MS): number | null {
  const base = delays[failedAttempts - 1];
  if (base === undefined) return null;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random));
}

export interface DelivererOptions {
  store: Store;
  /** Epoch ms. */
  clock?: () => number;
  timer?: Timer;
  /** Where webhooks may go (default: public addresses only); the same policy the API checks at save. */
  destinations?: DestinationPolicy;
  logger?: Logger;
  random?: () => number;
  /** An attempt without an answer by then counts as failed (default 10 s). */
  timeoutMs?: number;
  retryDelays?: readonly number[];
  /** Who this deliverer is in the outbox's claims; unique per process by default. */
  claimant?: string;
  /** How long a claim holds before another node may take the delivery over (default: two timeouts and a minute). */
  leaseMs?: number;
}

/** Sends queued webhooks, retrying with backoff; one per process. */
export interface Deliverer {
  /** Sends what is due, including deliveries a previous process left pending, then keeps going as retries come due. */
  start(): void;
  /** Something was queued: send it now. */
  kick(): void;
  /** Resolves once no pass is running. */
  idle(): Promise<void>;
  /** Stops scheduling, waits for the pass in flight, and hands back any claim still held. */
  stop(): Promise<void>;
}

const silent: Logger = { info() {}, warn() {}, error() {} };

function describeError(e: unknown, timeoutMs: number): string {
  // Said the same way whatever is (or is not) listening there, so the log cannot be used to scan a network.
  if (e instanceof DestinationRefused) return e.message;
  if (e instanceof Error && e.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const code = e instanceof Error ? (e as NodeJS.ErrnoException).code : undefined;
  const message = e instanceof Error ? e.message : String(e);
  return (typeof code === 'string' && !message.includes(code) ? `${message}: ${code}` : message).slice(0, 500);
}

/**
 * The webhook deliverer: POSTs each due delivery to its environment's endpoint, signed per
 * Standard Webhooks with the endpoint's current secret. Any 2xx is success; anything else (another
 * status, a redirect, which is never followed, a network error, no answer within the timeout, a
 * destination the policy refuses as it is connected to) is retried after 5 s, 30 s, 2 min,
 * 10 min, 30 min and 2 h (±20 %), then the delivery has failed. The queue lives in the store, so a
 * restart loses nothing: `start()` picks up what was pending. Several nodes may each run one over
 * one database: a delivery is claimed for a lease before it is sent, so only one node sends it,
 * and a node that dies mid-send leaves it to be taken over when the lease runs out. Delivery is
 * still at least once (that node may have sent it); receivers drop repeats by `webhook-id`.
 */
export function createDeliverer(options: DelivererOptions): Deliverer {
  const { store, clock = Date.now, timer = realTimer, destinations = { allowPrivate: false }, logger = silent, random = Math.random } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const delays = options.retryDelays ?? RETRY_DELAYS_MS;
  const claimant = options.claimant ?? `${hostname()}:${process.pid}:${randomUUID()}`;
  // Long enough for a whole batch (its attempts run side by side) to be sent and recorded.
  const leaseMs = options.leaseMs ?? 2 * timeoutMs + 60_000;
  let handle: unknown;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const wake = (ms: number) => {
    if (stopped) return;
    handle = timer.set(kick, Math.min(Math.max(0, ms), MAX_TIMER_MS));
  };

  async function attempt(d: Delivery): Promise<void> {
    const endpoint = await store.getWebhookEndpoint(d.environmentId);
    const attempts = d.attempts + 1;
    let lastStatus: number | null = null;
    let lastError: string | null = null;
    if (!endpoint) {
      lastError = 'the environment has no webhook endpoint';
    } else {
      try {
        const headers = { 'content-type': 'application/json', 'user-agent': 'Upshift-Webhooks/1', ...webhookHeaders(endpoint.secret, d.id, clock(), d.payload) };
        lastStatus = await postWebhook({ url: endpoint.url, headers, body: d.payload, timeoutMs }, destinations);
        if (lastStatus < 200 || lastStatus > 299) lastError = `HTTP ${lastStatus}`;
      } catch (e) {
        lastError = describeError(e, timeoutMs);
      }
    }
    const delay = lastError === null || !endpoint ? null : retryDelay(attempts, random(), delays);
    const outcome: DeliveryOutcome =
      lastError === null
        ? { status: 'succeeded', attempts, lastStatus, lastError, nextAttemptAt: null }
        : delay === null
          ? { status: 'failed', attempts, lastStatus, lastError, nextAttemptAt: null }
          : { status: 'pending', attempts, lastStatus, lastError, nextAttemptAt: clock() + delay };
    await store.recordDeliveryAttempt(d.id, outcome, clock());
    if (outcome.status === 'failed') logger.warn('webhook delivery failed for good', { delivery: d.id, type: d.type, attempts, error: lastError });
  }

  async function pass(): Promise<void> {
    if (handle !== undefined) timer.clear(handle);
    handle = undefined;
    for (;;) {
      const now = clock();
      // Claimed, not just read: another node's deliverer skips what this one holds.
      const due = await store.claimDeliveries(now, BATCH, now + leaseMs, claimant);
      if (due.length === 0) break;
      await Promise.all(due.map(attempt));
    }
    const next = await store.nextDeliveryAt();
    if (next !== null) wake(next - clock());
  }

  function kick(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await pass();
      } while (again && !stopped);
    })()
      .catch((e: unknown) => {
        logger.error('webhook delivery pass failed', { error: e instanceof Error ? e.message : String(e) });
        wake(STORE_FAILURE_DELAY_MS);
      })
      .finally(() => {
        running = null;
      });
  }

  return {
    start() {
      stopped = false;
      kick();
    },
    kick,
    async idle() {
      while (running) await running;
    },
    async stop() {
      stopped = true;
      if (handle !== undefined) timer.clear(handle);
      handle = undefined;
      while (running) await running;
      // Normally nothing is left (each attempt's record ends its claim); a record that failed left one.
      try {
        await store.releaseClaims(claimant);
      } catch (e) {
        logger.warn('could not hand back webhook claims', { error: e instanceof Error ? e.message : String(e) });
      }
    },
  };
}
