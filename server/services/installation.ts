import type { Context } from 'hono';
import type { Logger } from '../http/errors';
import type { OriginActivity, WorkspaceStore } from '../store/workspace-types';

const MINUTE_MS = 60_000;
/** How often counts reach the database: the config path must not write on every request. */
const FLUSH_EVERY_MS = 10_000;
/** Distinct origin-minutes held between flushes; past it the newest are not counted until the next flush. */
const MAX_PENDING = 10_000;

/** What a request from no page is recorded as: a backend, a script or curl, which no origin check applies to. */
export const NO_ORIGIN = 'none (a server or script)';

/**
 * The page a widget runs on: its `Origin`, or for a same-origin GET (which sends none) its
 * `Referer`'s origin, taken only when the browser's Fetch Metadata says same-origin (which no page
 * can choose). A script outside a browser can send anything; the installation check lists only a
 * week's 100 most recent origins, so it cannot flood the list.
 */
export const requestOrigin = (c: Context): string => originOf((name) => c.req.header(name));

/** `requestOrigin` over any way of reading a request's headers (the config fast path has no Context). */
export function originOf(header: (name: string) => string | undefined): string {
  const origin = header('origin');
  if (origin) return origin;
  const referer = header('referer');
  if (referer && header('sec-fetch-site') === 'same-origin' && URL.canParse(referer)) return new URL(referer).origin;
  return NO_ORIGIN;
}

export interface ActivityTracker {
  config(environmentId: string, origin: string): void;
  events(environmentId: string, origin: string, count: number): void;
  /** Writes what was counted since the last flush. */
  flush(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Counts config fetches and events per environment, origin and minute in memory, and adds them to
 * the store every 10 s (and before the installation check reads them), so the hot config path
 * only touches a map.
 */
export function activityTracker(store: Pick<WorkspaceStore, 'recordOriginActivity'>, clock: () => number, logger: Logger): ActivityTracker {
  let pending = new Map<string, OriginActivity>();
  let timer: ReturnType<typeof setInterval> | undefined;
  const count = (environmentId: string, origin: string, configFetches: number, events: number) => {
    const minute = Math.floor(clock() / MINUTE_MS);
    const key = `${environmentId}\n${origin}\n${minute}`;
    const entry = pending.get(key);
    if (entry) {
      entry.configFetches += configFetches;
      entry.events += events;
    } else if (pending.size < MAX_PENDING) {
      pending.set(key, { environmentId, origin: origin.slice(0, 300), minute, configFetches, events });
    }
  };
  const flush = async () => {
    if (!pending.size) return;
    const batch = [...pending.values()];
    pending = new Map();
    try {
      await store.recordOriginActivity(batch);
    } catch (e) {
      logger.warn('installation activity not recorded', { error: e instanceof Error ? e.message : String(e) });
    }
  };
  return {
    config: (env, origin) => count(env, origin, 1, 0),
    events: (env, origin, n) => count(env, origin, 0, n),
    flush,
    start() {
      timer ??= setInterval(() => void flush(), FLUSH_EVERY_MS);
      timer.unref?.();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await flush();
    },
  };
}
