import { z } from 'zod';
import { EpochMs, ExternalId, Key, safeRecord } from './common';

/** What one person (and, for ladder tiers, their account) has done with one rule. */
export const RuleState = z.object({
  /**
   * When each ladder tier was last dismissed by anyone in the account. A dismissal holds that tier
   * and the ones below it for the account until the billing period renews.
   */
  dismissed: z.record(Key, EpochMs).optional(),
  /** When each ladder tier last showed to anyone in the account (for hysteresis). */
  reached: z.record(Key, EpochMs).optional(),
  /** When the rule was shown to this person, newest first (for frequency caps and the budget). */
  impressions: z.array(EpochMs).max(500).optional(),
  /** This person's latest dismissal of the rule (for the cooldown). */
  dismissedAt: EpochMs.optional(),
  /** This person's latest "remind me later". */
  snoozedAt: EpochMs.optional(),
  /** This person's latest click on the rule's call to action. */
  clickedAt: EpochMs.optional(),
});
export type RuleState = z.infer<typeof RuleState>;

/** A metric's projection, from the server's daily snapshots (see shared/engine/forecast.ts). */
export const ForecastState = z.object({
  perDay: z.number(),
  days: z.number().nonnegative(),
  low: z.number().nonnegative(),
  /** Null stands for "no upper bound" (JSON has no Infinity). */
  high: z.number().nonnegative().nullable(),
  confident: z.boolean(),
  weeks: z.number().int().nonnegative(),
});
export type ForecastState = z.infer<typeof ForecastState>;

/** A trial of a feature, add-on or plan: running until `endsAt`, then ended. */
export const TrialState = z.object({ startedAt: EpochMs, endsAt: EpochMs });
export type TrialState = z.infer<typeof TrialState>;

/**
 * Per-user prompt history the engine reads. The widget keeps it locally and merges what
 * `GET /v1/state` answers, so dismissals and counts hold across devices.
 */
export const State = z.object({
  rules: safeRecord(Key, RuleState, 5000),
  /**
   * Times of each tracked event, newest first (for event-count triggers). Attempts at a locked
   * feature are kept as `upshift:gate:<feature id>`.
   */
  counts: safeRecord(z.string().min(1).max(120), z.array(EpochMs).max(2000), 1000).optional(),
  /** Forecast per metric for the account, when the server has enough history. */
  forecast: safeRecord(Key, ForecastState, 100).optional(),
  /** Peak usage per metric in each completed billing period, oldest first (for the contraction guard). */
  periods: safeRecord(Key, z.array(z.number().nonnegative()).max(12), 100).optional(),
  /** Trials by feature, add-on or plan id. */
  trials: safeRecord(Key, TrialState, 700).optional(),
  /**
   * Where bucketing puts the account: in the global holdout or not, and per rule with an experiment
   * its variant or its holdout. For reading only: the engine buckets by itself, deterministically.
   */
  experiments: z
    .object({
      holdout: z.boolean(),
      rules: safeRecord(Key, z.union([z.object({ holdout: z.literal(true) }).strict(), z.object({ variant: Key }).strict()]), 5000),
    })
    .optional(),
  /** 0-100 expansion readiness of the account, once analytics provides it. */
  readiness: z.number().min(0).max(100).optional(),
});
export type State = z.infer<typeof State>;

/** Metric values as a person's page sends them: any object; the server keeps the usable entries. */
const SentMetrics = z.record(z.string(), z.unknown());

/**
 * Body of `POST /v1/state`, the widget's state read that also reports usage (sent as `text/plain`
 * JSON, so it needs no CORS preflight for its type). `user` and `account` are checked strictly
 * and the body's shape is enforced (400 otherwise); inside it the server is lenient, as the widget
 * takes contexts it cannot use all of: a `plan` or `periodStart` it cannot read, a usage or limits
 * entry that is not a Key with a finite number ≥ 0, and an add-on id that is not a Key are ignored.
 */
export const StateRequest = z.object({
  user: ExternalId,
  account: ExternalId,
  plan: z.string().max(256),
  periodStart: z.string().max(64).optional(),
  usage: SentMetrics.optional(),
  limits: SentMetrics.optional(),
  addons: z.array(z.unknown()).max(100).optional(),
  /** The account's creation time, health and open tickets, and the person's locale: kept for preview as a customer and reach, ignored when unreadable. */
  createdAt: z.unknown().optional(),
  health: z.unknown().optional(),
  openTickets: z.unknown().optional(),
  locale: z.unknown().optional(),
  /** The person's role and the account's traits: kept for expansion readiness (buyer roles, team size, growth) and segments; ignored when unreadable. */
  role: z.unknown().optional(),
  traits: z.unknown().optional(),
});
export type StateRequest = z.infer<typeof StateRequest>;
