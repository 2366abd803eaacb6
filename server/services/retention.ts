import { MAX_ATTRIBUTION_DAYS } from '../../shared/schemas/settings';
import type { Logger } from '../http/errors';
import { DISMISSED_DAYS, HISTORY_DAYS } from './person-state';
import { localExclusive, type Exclusive } from '../store/exclusive';
import type { Store } from '../store/types';

export const DEFAULT_RETENTION_DAYS = 90;
/**
 * Raw events are kept at least as long as anything reads them: a person's history for event-count
 * triggers and snoozes (90 days) and a conversion's attribution window (up to 90), so no trigger
 * window, snooze or credit changes across a roll-up (a milestone's click is remembered this long). That also keeps event ids deduplicating retries
 * far longer than the widget retries (a day).
 */
export const MIN_RETENTION_DAYS = Math.max(HISTORY_DAYS, MAX_ATTRIBUTION_DAYS);
/**
 * Dismissals and declines stay raw for a year and a day, whatever the retention: a rule's cooldown
 * after one may last 365 days, and they are few.
 */
export const DISMISSAL_RETENTION_DAYS = DISMISSED_DAYS;
const DAY_MS = 86_400_000;
export const MIN_RETENTION_MS = MIN_RETENTION_DAYS * DAY_MS;
export const DISMISSAL_RETENTION_MS = DISMISSAL_RETENTION_DAYS * DAY_MS;

/**
 * The retention in whole days from `UPSHIFT_RETENTION_DAYS`, or why it is refused. A whole number
 * under the minimum (accepted by earlier releases, down to 7) is raised to it with a warning, so a
 * deployment that set one still starts.
 */
export function parseRetentionDays(raw: string | undefined): { days: number; warning?: string } | { error: string } {
  const days = raw === undefined || raw === '' ? DEFAULT_RETENTION_DAYS : Number(raw);
  if (!Number.isInteger(days) || days < 1) {
    return { error: `UPSHIFT_RETENTION_DAYS must be a whole number of days (at least ${MIN_RETENTION_DAYS}), got "${raw}"` };
  }
  if (days < MIN_RETENTION_DAYS) {
    return { days: MIN_RETENTION_DAYS, warning: `UPSHIFT_RETENTION_DAYS=${days} is under the minimum of ${MIN_RETENTION_DAYS} days (what triggers and attribution read): keeping events ${MIN_RETENTION_DAYS} days` };
  }
  return { days };
}

/** Events received before this instant are past a retention of `days`. */
export const retentionCutoff = (now: number, days: number): number => now - days * DAY_MS;

/**
 * Rolls up events received before `before`, in one environment or (null) all, as of `now`: never
 * within the minimum retention, which decisions and attribution read, and dismissals and declines
 * only once a year and a day old, whatever `before`. Answers how many events were rolled up.
 */
export async function rollUpOldEvents(store: Store, environmentId: string | null, before: number, now: number): Promise<number> {
  if (!(before <= now - MIN_RETENTION_MS)) throw new RangeError('events younger than the minimum retention cannot be rolled up');
  return store.rollUpEvents(environmentId, { before, dismissalsBefore: now - DISMISSAL_RETENTION_MS });
}

/** What one retention run came to: how many events it rolled up, or that another node was running it. */
export type RetentionRun = { status: 'ran'; events: number } | { status: 'skipped' };

export interface RetentionDeps {
  store: Store;
  days: number;
  clock?: () => number;
  /** Keeps the run to one node at a time: `pgExclusive(store.db)` on PostgreSQL. Default: this process only. */
  exclusive?: Exclusive;
}

/** One run of the retention job: every environment's events past the retention, unless another node is at it. */
export async function runRetention(deps: RetentionDeps): Promise<RetentionRun> {
  const { store, days, clock = Date.now, exclusive = localExclusive() } = deps;
  const run = await exclusive.runExclusive('retention', () => {
    const now = clock();
    return rollUpOldEvents(store, null, retentionCutoff(now, days), now);
  });
  return run.status === 'ran' ? { status: 'ran', events: run.value } : run;
}

/**
 * Rolls up every environment's events past the retention now and then daily, on one node at a
 * time. The timer is unref'd so it never keeps the process alive; `stop` cancels it.
 */
export function startRetention(deps: RetentionDeps & { logger: Logger }): { stop(): void } {
  const { logger, days } = deps;
  // One guard for every tick, so a slow run is not overlapped by the next one on this node either.
  const job = { ...deps, exclusive: deps.exclusive ?? localExclusive() };
  const run = () => {
    runRetention(job).then(
      (r) => {
        if (r.status === 'skipped') logger.info('retention skipped: another node is rolling up events');
        else if (r.events > 0) logger.info('rolled up old events', { events: r.events, retentionDays: days });
      },
      (e: unknown) => logger.error('rolling up old events failed', { error: String(e) }),
    );
  };
  run();
  const timer = setInterval(run, DAY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
