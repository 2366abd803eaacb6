import type { Feature } from '../schemas/catalog';
import type { BannerPosition, Content, Surface, Tone } from '../schemas/rule';

/** Machine codes for why a rule did or did not show. Stable: dashboards and tests key on them. */
export const ReasonCode = {
  shown: 'shown',
  inactive: 'rule.inactive',
  invalid: 'rule.invalid',
  notStarted: 'schedule.not_started',
  ended: 'schedule.ended',
  unsupported: 'trigger.unsupported',
  unknownOfferPlan: 'offer.unknown_plan',
  unknownOfferAddon: 'offer.unknown_addon',
  unknownOfferFeature: 'offer.unknown_feature',
  noNextStep: 'offer.no_next_step',
  alreadyOnPlan: 'offer.current_plan',
  owned: 'guard.owned',
  trialRunning: 'guard.trial_running',
  trialUsed: 'guard.trial_used',
  audience: 'audience.miss',
  tooNew: 'guard.account_too_new',
  unhealthy: 'guard.unhealthy',
  openTickets: 'guard.open_tickets',
  contracting: 'guard.contracting',
  noReading: 'usage.no_reading',
  noLimit: 'usage.no_limit',
  belowThreshold: 'usage.below_threshold',
  dismissed: 'tier.dismissed',
  notLocked: 'feature.not_locked',
  noAttempt: 'feature.no_attempt',
  attemptDismissed: 'feature.dismissed',
  belowCount: 'event.below_count',
  milestoneNotReached: 'milestone.not_reached',
  milestoneDone: 'milestone.done',
  noForecast: 'forecast.none',
  forecastFar: 'forecast.too_far',
  snoozed: 'frequency.snoozed',
  cooldown: 'frequency.cooldown',
  capped: 'frequency.capped',
  holdout: 'experiment.holdout',
  globalHoldout: 'experiment.global_holdout',
  budget: 'budget.exhausted',
  outranked: 'arbitration.outranked',
} as const;
export type ReasonCode = (typeof ReasonCode)[keyof typeof ReasonCode];

/** The facts behind a reason, for `explain()` and for machines: numbers, ids, ISO dates. */
export type ReasonParams = Readonly<Record<string, string | number | boolean | null>>;

/**
 * One rule's outcome: shown, or the first reason it failed. The engine returns codes and facts;
 * `explain()` (shared/engine/explain.ts) words them, so the widget bundle carries no sentences.
 */
export interface Reason {
  ruleId: string;
  code: ReasonCode;
  params?: ReasonParams;
  /** The ladder tier the rule reached, when it reached one. */
  tier?: string;
  /** The experiment variant the account is in, once the rule got that far. */
  variant?: string;
}

export type OfferType = 'upgrade' | 'addon' | 'seats' | 'trial' | 'contact_sales';

/** A decided prompt before its words (`decide()`): what shows where, for which tier and variant, and what it is about. */
export interface Picked {
  ruleId: string;
  tier?: string;
  variant?: string;
  surface: Surface;
  /** The inline slot, for inline prompts. */
  slot?: string;
  /** The catalog's feature (name, description, quote) a feature-gate or trial prompt is about. */
  feature?: Feature;
  configVersion: number;
  /** The person asked for it (tried the locked feature it explains), so it may open even right after they turned another prompt away. */
  asked?: true;
}

/** A prompt ready to render (`render()`): copy is filled in and every link is safe. */
export interface Prompt extends Picked {
  tone: Tone;
  /** Where a banner sits: the rule's `position`, else `bottom`. Banners only. */
  position?: BannerPosition;
  content: Content;
  offer: {
    type: OfferType;
    /** The plan, add-on or feature offered. */
    id?: string;
    name?: string;
    /** The plan an upgrade leads to, or that includes a trialled feature. */
    plan?: { id: string; name: string };
    /** Trial length in days. */
    days?: number;
    /** Checkout or sales link with `upshift_rule`, `upshift_variant` and `upshift_tier` appended. */
    href?: string;
  };
  /** The metric a usage or forecast prompt is about; `limit` and `percent` only when the account has a limit. */
  metric?: { id: string; name: string; usage: number; limit?: number; percent?: number; /** What the meter counts in, in the reader's language, when it is not `name`. */ unit?: string };
}

export interface Decision<P extends Picked = Prompt> {
  /** The one interruptive prompt (banner, toast or modal) to show, if any. */
  prompt: P | null;
  /** Inline-slot and feature-panel prompts: at most one per slot and one per feature. */
  placed: P[];
  /** One entry per rule in the config, in arbitration order. */
  reasons: Reason[];
}
