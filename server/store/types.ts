import type { Snapshot } from '../../shared/engine/forecast';
import type { Event, EventBatchResult } from '../../shared/schemas/event';
import type { IdentityChoice, IdentitySettings } from './identity-types';
import type { ConfigStore } from './config-types';
import type { WebhookMessage, WebhookStore } from './webhook-types';
import type { WorkspaceStore } from './workspace-types';
import type { AccountStore } from './account-types';
import type { FunnelStore } from './funnel-types';
import type { FunnelAction } from '../services/analytics/funnel-rows';
import type { ExposureStore } from './exposure-types';
import type { RevenueRollup, RevenueStore } from './revenue-types';
import type { ReadinessStore } from './readiness-types';
import type { AttributionWindow, Conversion, CustomerMapping, NewConversion, SubscriptionChange } from './conversion-types';

/** What one person did with prompts and in the product, for `GET /v1/state`. */
export interface UserHistory {
  /** This person's impressions, newest first, at most 500 per rule. */
  impressions: { ruleId: string; at: number }[];
  /** This person's tracked events, newest first (bounded). */
  tracks: { name: string; at: number }[];
  /**
   * This person's latest dismissal, decline, snooze and click of each rule, whatever the tier and
   * however long ago: a milestone, once acknowledged, stays acknowledged.
   */
  latest: { ruleId: string; type: 'dismiss' | 'decline' | 'snooze' | 'click'; at: number }[];
}

/** The latest time a rule's ladder tier was dismissed or shown by anyone in an account. */
export interface TierTime {
  ruleId: string;
  tier: string;
  at: number;
}

/** How many events of one rule and type happened in a range of days. */
export interface RuleEventCount {
  ruleId: string;
  type: string;
  count: number;
}

/** How many events of one kind happened in a range of days; null where the event has no such field. */
export interface EventCount {
  ruleId: string | null;
  variant: string | null;
  tier: string | null;
  surface: string | null;
  type: string;
  /** The tracked event's name; null for prompt events. */
  name: string | null;
  /** How many events; for type `dropped`, how many events widgets reported they had to drop. */
  count: number;
}

/** An account's trial of a feature, add-on or plan, in epoch ms: running until `endsAt`, then used. */
export interface Trial {
  startedAt: number;
  endsAt: number;
}

/** What a person asks their admins for: a live rule's offer, with their role and note when given. */
export interface NewAdminRequest {
  accountId: string;
  userId: string;
  ruleId: string;
  role: string | null;
  note: string | null;
}

/** A stored request to an account's admins; `createdAt` is epoch ms. */
export interface AdminRequest {
  id: string;
  createdAt: number;
}

/**
 * Persistence for the whole server. Promise-returning so that SQLite (embedded default) and a
 * PostgreSQL implementation can share every route and every test.
 */
export interface Store extends ConfigStore, WebhookStore, WorkspaceStore, AccountStore, ExposureStore, FunnelStore, RevenueStore, ReadinessStore {
  /** Verifies the database answers; rejects when it does not. */
  ping(): Promise<void>;
  /**
   * Stores a batch in one transaction. Ids already stored for the environment count as duplicates.
   * `receivedAt` is epoch ms; an event's own time is clamped to it, so a client clock running
   * ahead cannot date an event in the future.
   */
  insertEvents(environmentId: string, events: readonly Event[], receivedAt: number): Promise<EventBatchResult>;
  /** Keeps the latest reading of each metric for the account's current UTC day (one snapshot per day). */
  recordUsage(environmentId: string, accountId: string, readings: Readonly<Record<string, number>>, at: number): Promise<void>;
  /** Daily snapshots since `since` (epoch ms), oldest first, by metric. */
  usageHistory(environmentId: string, accountId: string, since: number): Promise<Record<string, Snapshot[]>>;
  /** One person's impressions and tracked events since `since`, and their latest dismissal, snooze and click of each rule. */
  userHistory(environmentId: string, accountId: string, userId: string, since: number): Promise<UserHistory>;
  /**
   * The latest dismissal, the latest decline and the latest impression of each ladder tier by
   * anyone in the account, each since its own instant (declines since `dismissed`): a tier fires
   * once per billing period per account.
   */
  accountTiers(
    environmentId: string,
    accountId: string,
    since: { dismissed: number; reached: number },
  ): Promise<{ dismissed: TierTime[]; declined: TierTime[]; reached: TierTime[] }>;
  /**
   * Starts the account's trial of `id` (a feature, add-on or plan id). One trial per account and
   * id, ever: when one exists, it is answered unchanged with `created: false`, never extended or
   * restarted. Times are epoch ms, checked by the caller. `onCreated` is queued for the webhook
   * endpoint in the same transaction, only when this call created the trial, and so is `action`
   * counted in the funnel.
   */
  startTrial(
    environmentId: string,
    accountId: string,
    id: string,
    startedAt: number,
    endsAt: number,
    onCreated?: WebhookMessage,
    action?: FunnelAction,
  ): Promise<{ created: boolean; trial: Trial }>;
  /** Every trial the account ever started, running or ended, by feature, add-on or plan id. */
  accountTrials(environmentId: string, accountId: string): Promise<Map<string, Trial>>;
  /**
   * Records a request to the account's admins unless the same person asked for the same rule
   * after `since` (epoch ms); then the latest such request is answered with `created: false` and
   * nothing is stored or queued. `onCreated` is queued for the webhook endpoint in the same
   * transaction, only when this call created the request, and so is `action` counted in the funnel. `at` is epoch ms.
   */
  requestAdmin(
    environmentId: string,
    request: NewAdminRequest,
    at: number,
    since: number,
    onCreated?: WebhookMessage,
    action?: FunnelAction,
  ): Promise<{ created: boolean; request: AdminRequest }>;
  /**
   * Stores a conversion credited to the account's last touch in `window`, unless one with the same
   * idempotency key exists: then that one is answered unchanged with `created: false`. `receivedAt` is epoch ms.
   * The account's MRR movements are rewritten by `rollup` in the same transaction.
   */
  recordConversion(
    environmentId: string,
    conversion: NewConversion,
    window: AttributionWindow,
    receivedAt: number,
    rollup: RevenueRollup,
  ): Promise<{ created: boolean; conversion: Conversion }>;
  /**
   * Applies a Stripe subscription event once: `mrr − before` becomes an upgrade, downgrade or churn
   * conversion keyed by the Stripe event id. A zero delta stores no conversion (`conversion: null`);
   * an event id already applied answers its conversion (or null) with `created: false`. A new
   * conversion rewrites the account's MRR movements by `rollup` in the same transaction.
   */
  recordSubscriptionChange(
    environmentId: string,
    change: SubscriptionChange,
    window: AttributionWindow,
    receivedAt: number,
    rollup: RevenueRollup,
  ): Promise<{ created: boolean; conversion: Conversion | null }>;
  /** Applies a Stripe customer's `upshift_account` unless a newer event already did; false for a replay or an older event. */
  putStripeCustomer(environmentId: string, mapping: CustomerMapping, receivedAt: number): Promise<boolean>;
  /** The account a Stripe customer's metadata names, or null. */
  stripeCustomerAccount(environmentId: string, customerId: string): Promise<string | null>;
  /** The environment's conversions, newest `at` first. */
  listConversions(environmentId: string, limit: number): Promise<Conversion[]>;
  /** The environment's Stripe webhook signing secret, or null when none was set. */
  getStripeSecret(environmentId: string): Promise<string | null>;
  /** Every environment's Stripe signing secret, for the webhook path without an environment id. */
  listStripeSecrets(): Promise<{ environmentId: string; secret: string }[]>;
  /** Sets or replaces the Stripe signing secret; true when the environment had none. */
  putStripeSecret(environmentId: string, secret: string, at: number): Promise<boolean>;
  /** The environment's identity verification, or null when it was never set up (off). */
  getIdentitySettings(environmentId: string): Promise<IdentitySettings | null>;
  /** Turns token checks on or off, and the opt-out for actions; `secret` is used only when the environment has none yet. */
  putIdentitySettings(environmentId: string, choice: IdentityChoice, secret: string, at: number): Promise<IdentitySettings>;
  /** Replaces the signing secret (creating the settings, off, when there were none). */
  rotateIdentitySecret(environmentId: string, secret: string, at: number, previousValidUntil: number | null): Promise<IdentitySettings>;
  /**
   * Rolls events received before `cutoffs.before` (epoch ms) up into daily counts, in one environment
   * or (null) all, then deletes them, in steps that are each one transaction; answers how many were
   * rolled up. Dismissals and declines go only when also before `cutoffs.dismissalsBefore`. Which
   * cut-offs are safe is the retention service's to say (server/services/retention.ts `rollUpOldEvents`).
   */
  rollUpEvents(environmentId: string | null, cutoffs: { before: number; dismissalsBefore: number }): Promise<number>;
  /**
   * Event counts on the UTC days `from` through `to` ('YYYY-MM-DD', inclusive), by rule, variant,
   * tier, surface, type and tracked name, from raw events and roll-ups alike: a roll-up never changes them.
   */
  eventCounts(environmentId: string, from: string, to: string): Promise<EventCount[]>;
  /**
   * For each of `ruleIds` and each of `types`, how many events of that rule and type happened on the
   * UTC days `from` through `to` (inclusive), raw and rolled up alike; read along the rule's index,
   * so the cost follows the rule's own events (the rules list's last 7 days).
   */
  ruleEventCounts(environmentId: string, ruleIds: readonly string[], types: readonly string[], from: string, to: string): Promise<RuleEventCount[]>;
  /** Flushes and closes. Later calls reject. */
  close(): Promise<void>;
}
