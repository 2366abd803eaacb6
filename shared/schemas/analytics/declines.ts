import { z } from 'zod';
import { DECLINE_REASONS } from '../../constants';
import { ExternalId, Key } from '../common';
import { Day, RangeQuery } from './common';

/** `GET /v1/analytics/declines`: the range and optionally one rule. */
export const DeclinesQuery = RangeQuery.extend({ rule: Key.optional() });
export const DeclineNote = z.object({ at: z.iso.datetime({ offset: true }), reason: z.enum(DECLINE_REASONS), note: z.string(), accountId: ExternalId, tier: z.string().nullable(), variant: z.string().nullable() });
export const DeclinesAnswer = z.object({
  from: Day,
  to: Day,
  rules: z.array(
    z.object({
      ruleId: Key,
      total: z.number().int().nonnegative(),
      reasons: z.object(Object.fromEntries(DECLINE_REASONS.map((r) => [r, z.number().int().nonnegative()])) as Record<(typeof DECLINE_REASONS)[number], z.ZodNumber>),
      /** The notes people wrote, newest first, at most 100 per rule. */
      notes: z.array(DeclineNote),
    }),
  ),
});
export type DeclinesAnswer = z.infer<typeof DeclinesAnswer>;
