import type { Event, ExposureEvent } from '../../../shared/schemas/event';
import type { FunnelAction } from '../../services/analytics/funnel-rows';
import type { Conversion } from '../conversion-types';
import type { WebhookMessage } from '../webhook-types';
import type { CohortConversion } from '../../services/exposure-cohort';
import type { Sql } from './db';

/**
 * What one PostgreSQL module writes inside another's transaction: each takes that transaction's
 * `sql`, so the write commits or rolls back with it. The same hooks as SQLite's `funnelHooks`,
 * `exposureHooks` and `sqliteWebhooks().enqueue`.
 */
export interface PgFunnelHooks {
  /** After a batch's new events were stored (duplicates left out). */
  events(sql: Sql, env: string, events: readonly Event[], receivedAt: number): Promise<void>;
  /** After a trial or an admin request was created. */
  action(sql: Sql, env: string, action: FunnelAction): Promise<void>;
  /** After a conversion was stored: counted when it is an expansion credited to a rule. */
  conversion(sql: Sql, env: string, conversion: Conversion): Promise<void>;
}

export interface PgExposureHooks {
  /** After an exposure event was stored; `at` is its stored (clamped) time. */
  exposed(sql: Sql, env: string, e: ExposureEvent, at: number): Promise<void>;
  /** After a conversion was stored. */
  converted(sql: Sql, env: string, c: CohortConversion): Promise<void>;
}

export interface PgWebhookHooks {
  /** Queues `message` for the environment's endpoint when it has one that takes its type; true when queued. */
  enqueue(sql: Sql, env: string, message: WebhookMessage, at: number): Promise<boolean>;
}
