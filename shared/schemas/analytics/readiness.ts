import { z } from 'zod';
import { ExternalId, Key } from '../common';

export const READINESS_BANDS = ['high', 'moderate', 'early', 'not_ready'] as const;
export const ReadinessBand = z.enum(READINESS_BANDS);
export type ReadinessBand = z.infer<typeof ReadinessBand>;
export const READINESS_CATEGORIES = ['usage', 'breadth', 'exploration', 'growth'] as const;
export type ReadinessCategory = (typeof READINESS_CATEGORIES)[number];

/** One signal behind a score, in words a CS manager reads: "API calls at 92 % of the limit, +31 %/month". */
export const ReadinessSignal = z.object({ category: z.enum(READINESS_CATEGORIES), label: z.string(), points: z.number() });

export const ReadinessAccount = z.object({
  accountId: ExternalId,
  plan: z.string().nullable(),
  score: z.number().int().min(0).max(100),
  /** Band of the score, except that a "fix first" account is never `high`. */
  band: ReadinessBand,
  /** Low health or open tickets: help first, no pitch. */
  fixFirst: z.boolean(),
  categories: z.object({ usage: z.number().min(0).max(25), breadth: z.number().min(0).max(25), exploration: z.number().min(0).max(25), growth: z.number().min(0).max(25) }),
  signals: z.array(ReadinessSignal),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type ReadinessAccount = z.infer<typeof ReadinessAccount>;

export const READINESS_SORTS = ['score', '-score', 'account', '-account', 'updated', '-updated'] as const;
/** `GET /v1/analytics/readiness`: filters, sort (default `-score`), paging, and `format=csv` for the whole filtered list. */
export const ReadinessQuery = z.object({
  band: ReadinessBand.optional(),
  fixFirst: z.enum(['true', 'false']).optional(),
  plan: Key.optional(),
  q: z.string().max(256).optional(),
  minScore: z.coerce.number().int().min(0).max(100).optional(),
  sort: z.enum(READINESS_SORTS).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  format: z.enum(['json', 'csv']).optional(),
});
export type ReadinessQuery = z.infer<typeof ReadinessQuery>;

export const ReadinessAnswer = z.object({
  total: z.number().int().nonnegative(),
  bands: z.object({ high: z.number().int(), moderate: z.number().int(), early: z.number().int(), not_ready: z.number().int(), fixFirst: z.number().int() }),
  accounts: z.array(ReadinessAccount),
});
export type ReadinessAnswer = z.infer<typeof ReadinessAnswer>;
