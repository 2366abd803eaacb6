import type { Logger } from './errors';
import type { Store } from './store/types';

export const DEFAULT_RETENTION_DAYS = 90;
/**
 * Events are deduplicated by id only while their rows exist, so a row is kept at least this long
 * after it arrived: a client retrying past that could have its event counted twice.
 */
export const MIN_RETENTION_DAYS = 7;
const DAY_MS = 86_400_000;
export const MIN_RETENTION_MS = MIN_RETENTION_DAYS * DAY_MS;

/** The retention in whole days from `UPSHIFT_RETENTION_DAYS`, or why it is refused. */
export function parseRetentionDays(raw: string | undefined): { days: number } | { error: string } {
  const days = raw === undefined || raw === '' ? DEFAULT_RETENTION_DAYS : Number(raw);
  if (!Number.isInteger(days) || days < MIN_RETENTION_DAYS) {
    return { error: `UPSHIFT_RETENTION_DAYS must be a whole number of days, at least ${MIN_RETENTION_DAYS}, got "${raw}"` };
  }
  return { days };
}

/** Events received before this instant are past a retention of `days`. */
export const retentionCutoff = (now: number, days: number): number => now - days * DAY_MS;

/**
 * Rolls up every environment's events past the retention now and then daily. The timer is unref'd
 * so it never keeps the process alive; `stop` cancels it.
 */
export function startRetention(deps: { store: Store; days: number; logger: Logger; clock?: () => number }): { stop(): void } {
  const { store, days, logger, clock = Date.now } = deps;
  const run = () => {
    store.rollUpEvents(null, retentionCutoff(clock(), days)).then(
      (n) => n > 0 && logger.info('rolled up old events', { events: n, retentionDays: days }),
      (e: unknown) => logger.error('rolling up old events failed', { error: String(e) }),
    );
  };
  run();
  const timer = setInterval(run, DAY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
