import { z } from 'zod';
import { Key, Locale, safeRecord, Text, Timestamp } from './common';
import { Audience, conditionDepthProblem } from './condition';
import { thresholdKind, thresholdOf } from '../engine/threshold';

/** How a prompt speaks, from informative to urgent. */
export const Tone = z.enum(['inform', 'recommend', 'urgent']);
export type Tone = z.infer<typeof Tone>;

export const RuleStatus = z.enum(['draft', 'live', 'paused', 'archived']);
export type RuleStatus = z.infer<typeof RuleStatus>;

/**
 * Where a prompt appears. Banners, toasts and modals interrupt, so at most one of them shows at a
 * time and they share the global budget; inline slots and feature panels are independent.
 */
export const Surface = z.enum(['banner', 'toast', 'modal', 'inline', 'panel']);
export type Surface = z.infer<typeof Surface>;

/** Where a banner sits in the page: along the bottom edge (the default) or the top. */
export const BannerPosition = z.enum(['top', 'bottom']);
export type BannerPosition = z.infer<typeof BannerPosition>;

/**
 * Copy for one prompt. `{{...}}` placeholders are filled from the customer's own numbers, formatted
 * for the reader's locale, e.g. `{{percent}}`, `{{usage}}`, `{{limit}}`, `{{metric}}`,
 * `{{usage.seats}}`, `{{limits.seats}}`, `{{forecast.date}}`, `{{plan.name}}`, `{{offer.name}}`
 * (the README's "Copy" section lists them all).
 */
export const Content = z.object({
  title: Text(120),
  body: Text(500),
  cta: Text(40),
});
export type Content = z.infer<typeof Content>;

/** Content with translations: `locales["de"]` or `locales["de-CH"]` replaces the default for those readers. */
export const Copy = Content.extend({
  locales: safeRecord(Locale, Content, 40).optional(),
});
export type Copy = z.infer<typeof Copy>;

/** A tier threshold: a percentage of the limit, or an absolute reading of the metric. */
export const Threshold = z.union([
  z.object({ percent: z.number().gt(0).max(1000) }).strict(),
  z.object({ value: z.number().nonnegative() }).strict(),
]);
export type Threshold = z.infer<typeof Threshold>;

export const Tier = z.object({
  id: Key,
  at: Threshold,
  tone: Tone,
  content: Copy,
});
export type Tier = z.infer<typeof Tier>;

/** Usage ladder: escalating tiers as a metric approaches its plan limit. */
export const UsageTrigger = z
  .object({
    type: z.literal('usage'),
    metric: Key,
    tiers: z.array(Tier).min(1).max(10),
    /**
     * Percent of a threshold that usage may fall back below it before a tier that already showed
     * this period stops holding (default 5): readings hovering at 85 % do not flap.
     */
    hysteresis: z.number().min(0).max(50).optional(),
  })
  .superRefine((trigger, ctx) => {
    const ids = new Set<string>();
    trigger.tiers.forEach((tier, i) => {
      if (ids.has(tier.id)) ctx.addIssue({ code: 'custom', message: `duplicate tier id "${tier.id}"`, path: ['tiers', i, 'id'] });
      ids.add(tier.id);
      const prev = trigger.tiers[i - 1];
      if (prev && thresholdKind(prev.at) === thresholdKind(tier.at) && thresholdOf(prev.at) >= thresholdOf(tier.at)) {
        ctx.addIssue({ code: 'custom', message: 'tiers must be in ascending order of threshold', path: ['tiers', i, 'at'] });
      }
      if (prev && thresholdKind(prev.at) !== thresholdKind(tier.at)) {
        ctx.addIssue({ code: 'custom', message: 'all tiers of a ladder use the same kind of threshold', path: ['tiers', i, 'at'] });
      }
    });
  });
export type UsageTrigger = z.infer<typeof UsageTrigger>;

/** The person just tried a feature their plan lacks (a `data-upshift-feature` click or `Upshift.gate(id)`). */
export const FeatureTrigger = z.object({
  type: z.literal('feature'),
  feature: Key,
  /** How long after the attempt the prompt may still open (default 30). */
  withinMinutes: z.number().int().min(1).max(1440).optional(),
});
export type FeatureTrigger = z.infer<typeof FeatureTrigger>;

/** A tracked event reached `count` within `withinDays`, per user: `report_exported` 5 times in 7 days. */
export const EventTrigger = z.object({
  type: z.literal('event'),
  event: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, 'must be an event name as sent with Upshift.track'),
  count: z.number().int().min(1).max(1000),
  withinDays: z.number().int().min(1).max(90),
});
export type EventTrigger = z.infer<typeof EventTrigger>;

/**
 * A success milestone: a numeric attribute reached `at`, e.g. `{ attr: "usage.seats", at: 10 }`
 * or `{ attr: "account.ageDays", at: 90 }`. Celebrated once: after a click or dismissal it is done.
 */
export const MilestoneTrigger = z.object({
  type: z.literal('milestone'),
  attr: z.string().min(1).max(200),
  at: z.number().finite(),
});
export type MilestoneTrigger = z.infer<typeof MilestoneTrigger>;

/** The confident forecast says the metric reaches its limit within `withinDays`. */
export const ForecastTrigger = z.object({
  type: z.literal('forecast'),
  metric: Key,
  withinDays: z.number().int().min(1).max(365),
});
export type ForecastTrigger = z.infer<typeof ForecastTrigger>;

export const Trigger = z.discriminatedUnion('type', [UsageTrigger, FeatureTrigger, EventTrigger, MilestoneTrigger, ForecastTrigger]);
export type Trigger = z.infer<typeof Trigger>;

/**
 * What the prompt offers. `plan: "next"` means the catalog's next step for the account's plan and
 * segment. A seat pack is an add-on that raises a limit.
 */
export const Offer = z.discriminatedUnion('type', [
  z.object({ type: z.literal('upgrade'), plan: Key }),
  z.object({ type: z.literal('addon'), addon: Key }),
  z.object({ type: z.literal('seats'), addon: Key }),
  z.object({ type: z.literal('trial'), feature: Key, days: z.number().int().min(1).max(90) }),
  z.object({ type: z.literal('contact_sales') }),
]);
export type Offer = z.infer<typeof Offer>;

/**
 * The expansion playbook's guards, on by default. Set a number to 0 or a flag to false to turn one
 * off for this rule.
 */
export const Guards = z
  .object({
    /** No prompt before the account is this many days old, unless the person asked (default 90). */
    accountAgeDays: z.number().int().min(0).max(3650).optional(),
    /** No prompt while `account.health` is below this (default 40). */
    minHealth: z.number().min(0).max(100).optional(),
    /** No prompt while the account has open support tickets (default true). */
    openTickets: z.boolean().optional(),
    /** No prompt while a metric's usage fell in each of the last two billing periods (default true). */
    contraction: z.boolean().optional(),
    /** No offer of something the account owns or is trialling (default true). */
    owned: z.boolean().optional(),
    /** Why this rule overrides a default guard, by guard: the console asks for one, lint warns when it is missing. */
    reasons: z
      .object({
        accountAgeDays: Text(300),
        minHealth: Text(300),
        openTickets: Text(300),
        contraction: Text(300),
        owned: Text(300),
      })
      .partial()
      .strict()
      .optional(),
  })
  .strict();
export type Guards = z.infer<typeof Guards>;

export const Frequency = z
  .object({
    /** At most `count` impressions per person per day, week or billing period. */
    cap: z.object({ count: z.number().int().min(1).max(100), per: z.enum(['day', 'week', 'period']) }).strict().optional(),
    /** Days the rule stays hidden from a person after they dismiss it (default 7). */
    cooldownDays: z.number().min(0).max(365).optional(),
    /** Days "remind me later" hides the rule (default 1). */
    snoozeDays: z.number().min(0).max(90).optional(),
  })
  .strict();
export type Frequency = z.infer<typeof Frequency>;

export const Schedule = z
  .object({ start: Timestamp.optional(), end: Timestamp.optional() })
  .strict()
  .refine((s) => !s.start || !s.end || Date.parse(s.start) < Date.parse(s.end), { message: 'end must be after start', path: ['end'] });
export type Schedule = z.infer<typeof Schedule>;

/** An experiment arm. Its copy replaces the rule's; `tiers` replaces a ladder tier's copy by tier id. */
export const Variant = z.object({
  id: Key,
  weight: z.number().min(0).max(1000),
  content: Copy.optional(),
  tiers: safeRecord(Key, Copy, 10).optional(),
});
export type Variant = z.infer<typeof Variant>;

/** A condition, checked for depth without recursion before the recursive schema sees it. */
const SafeAudience = z.custom<unknown>((v) => conditionDepthProblem(v) === null, { error: 'conditions nest at most 8 levels deep' }).pipe(Audience);

export const Rule = z
  .object({
    id: Key,
    name: Text(120),
    status: RuleStatus,
    /** Higher wins when several rules want an interruptive surface; then the more specific audience. */
    priority: z.number().int().min(0).max(1000),
    schedule: Schedule.optional(),
    /** Who may see it. Absent: everyone. */
    audience: SafeAudience.optional(),
    trigger: Trigger,
    guards: Guards.optional(),
    frequency: Frequency.optional(),
    offer: Offer,
    surface: Surface,
    /** Inline slot name (`data-upshift-slot`) for the inline surface. */
    slot: Key.optional(),
    /** Where a banner sits (default bottom); banners only. */
    position: BannerPosition.optional(),
    /** Copy for triggers without tiers; usage tiers carry their own. */
    content: Copy.optional(),
    /** Tone for triggers without tiers (default recommend). */
    tone: Tone.optional(),
    variants: z.array(Variant).min(1).max(10).optional(),
    /** Percent of accounts that qualify but are held back, to measure lift (default 0). */
    holdout: z.number().min(0).max(100).optional(),
    /** Bucketing seed (default the rule id): keep it and assignments survive edits; change it to reshuffle. */
    seed: Key.optional(),
  })
  .superRefine((rule, ctx) => {
    if (rule.trigger.type !== 'usage' && !rule.content) {
      ctx.addIssue({ code: 'custom', message: `a ${rule.trigger.type} rule needs content`, path: ['content'] });
    }
    if (rule.surface === 'inline' && !rule.slot) ctx.addIssue({ code: 'custom', message: 'an inline rule names its slot', path: ['slot'] });
    if (rule.position !== undefined && rule.surface !== 'banner') ctx.addIssue({ code: 'custom', message: 'only a banner has a position', path: ['position'] });
    const ids = new Set<string>();
    rule.variants?.forEach((v, i) => {
      if (ids.has(v.id)) ctx.addIssue({ code: 'custom', message: `duplicate variant id "${v.id}"`, path: ['variants', i, 'id'] });
      ids.add(v.id);
      const tiers = rule.trigger.type === 'usage' ? new Set(rule.trigger.tiers.map((t) => t.id)) : new Set<string>();
      for (const tier of Object.keys(v.tiers ?? {})) {
        if (!tiers.has(tier)) ctx.addIssue({ code: 'custom', message: `no tier "${tier}" in this rule`, path: ['variants', i, 'tiers', tier] });
      }
    });
    if (rule.variants && !rule.variants.some((v) => v.weight > 0)) {
      ctx.addIssue({ code: 'custom', message: 'at least one variant needs a weight above 0', path: ['variants'] });
    }
  });
export type Rule = z.infer<typeof Rule>;
