import { z } from 'zod';
import { Key, Text } from './common';
import { thresholdKind, thresholdOf } from '../engine/threshold';

/** How a prompt speaks, from informative to urgent. */
export const Tone = z.enum(['inform', 'recommend', 'urgent']);
export type Tone = z.infer<typeof Tone>;

export const RuleStatus = z.enum(['draft', 'live', 'paused', 'archived']);
export type RuleStatus = z.infer<typeof RuleStatus>;

/** Where a prompt appears. The first version has the banner; more surfaces come with the widget issue. */
export const Surface = z.enum(['banner']);
export type Surface = z.infer<typeof Surface>;

/**
 * Copy for one prompt. `{{...}}` placeholders are filled from the customer's own numbers,
 * e.g. `{{percent}}`, `{{usage}}`, `{{limit}}`, `{{metric}}`, `{{plan.name}}`, `{{offer.plan.name}}`.
 */
export const Content = z.object({
  title: Text(120),
  body: Text(500),
  cta: Text(40),
});
export type Content = z.infer<typeof Content>;

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
  content: Content,
});
export type Tier = z.infer<typeof Tier>;

/** Usage ladder: escalating tiers as a metric approaches its plan limit. */
export const UsageTrigger = z
  .object({
    type: z.literal('usage'),
    metric: Key,
    tiers: z.array(Tier).min(1).max(10),
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

export const Trigger = z.discriminatedUnion('type', [UsageTrigger]);
export type Trigger = z.infer<typeof Trigger>;

/** What the prompt offers. `plan: "next"` means the catalog's next step for the account's plan. */
export const Offer = z.discriminatedUnion('type', [
  z.object({ type: z.literal('upgrade'), plan: Key }),
]);
export type Offer = z.infer<typeof Offer>;

export const Rule = z.object({
  id: Key,
  name: Text(120),
  status: RuleStatus,
  /** Higher wins when several rules want the same surface. */
  priority: z.number().int().min(0).max(1000),
  trigger: Trigger,
  offer: Offer,
  surface: Surface,
});
export type Rule = z.infer<typeof Rule>;
