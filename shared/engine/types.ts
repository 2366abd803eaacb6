import type { Content, Surface, Tone } from '../schemas/rule';

/** Machine codes for why a rule did or did not show. Stable: dashboards and tests key on them. */
export const ReasonCode = {
  shown: 'shown',
  inactive: 'rule.inactive',
  unsupported: 'trigger.unsupported',
  unknownOfferPlan: 'offer.unknown_plan',
  noNextStep: 'offer.no_next_step',
  alreadyOnPlan: 'offer.current_plan',
  noReading: 'usage.no_reading',
  noLimit: 'usage.no_limit',
  belowThreshold: 'usage.below_threshold',
  dismissed: 'tier.dismissed',
  outranked: 'arbitration.outranked',
} as const;
export type ReasonCode = (typeof ReasonCode)[keyof typeof ReasonCode];

/** One rule's outcome: shown, or the first reason it failed. */
export interface Reason {
  ruleId: string;
  code: ReasonCode;
  message: string;
  /** The ladder tier the rule reached, when it reached one. */
  tier?: string;
}

/** A prompt ready to render: copy is filled in and every link is safe. */
export interface Prompt {
  ruleId: string;
  tier: string;
  tone: Tone;
  surface: Surface;
  configVersion: number;
  content: Content;
  offer: {
    type: 'upgrade';
    plan: { id: string; name: string };
    /** Checkout link with `upshift_rule` and `upshift_tier` appended, when the plan has one. */
    href?: string;
  };
  metric: { id: string; name: string; usage: number; limit: number; percent: number };
}

export interface Decision {
  prompt: Prompt | null;
  /** One entry per rule in the config, highest priority first. */
  reasons: Reason[];
}
