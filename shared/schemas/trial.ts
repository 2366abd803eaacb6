import { z } from 'zod';
import { ExternalId, Key, Locale } from './common';
import { Surface } from './rule';

/**
 * The prompt a one-click action came from, as the widget showed it: the experiment arm (for
 * attribution), the ladder tier, the surface and the person's locale, so the funnel counts the
 * action under the same breakdown as the prompt's own events. Each is optional (older widgets).
 */
export const ActionOrigin = {
  variant: Key.optional(),
  tier: Key.optional(),
  surface: Surface.optional(),
  locale: Locale.optional(),
};

/** Body of `POST /v1/trials`: a person starts the trial a live rule offers, for their whole account. */
export const TrialRequest = z
  .object({
    userId: ExternalId,
    accountId: ExternalId,
    /** The live rule whose offer is `{ type: 'trial', feature }`. */
    ruleId: Key,
    feature: Key,
    ...ActionOrigin,
  })
  .strict();
export type TrialRequest = z.infer<typeof TrialRequest>;

/** An account's trial. Its id is the feature it unlocks: one trial per account and feature, ever. */
export const TrialInfo = z.object({
  id: Key,
  startedAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
});
export type TrialInfo = z.infer<typeof TrialInfo>;

/** Answer of `POST /v1/trials`: 201 with `created: true` the first time, 200 with the same trial after. */
export const TrialResult = z.object({ trial: TrialInfo, created: z.boolean() });
export type TrialResult = z.infer<typeof TrialResult>;
