import type { FunnelStage, Movement, ReadinessBand, ReadinessCategory } from '../../../../shared/schemas/analytics';

// Copies of shared/schemas/analytics/'s lists, in words: importing that module would pull zod into
// this chunk. test/admin/analytics-copies.test.ts checks each copy against its original.

export const STAGES: readonly { value: FunnelStage; label: string }[] = [
  { value: 'exposed', label: 'Exposed' },
  { value: 'impression', label: 'Impressions' },
  { value: 'click', label: 'Clicks' },
  { value: 'action', label: 'Actions' },
  { value: 'conversion', label: 'Conversions' },
];

export const BREAKDOWNS = [
  { value: 'tier', label: 'Tier' },
  { value: 'variant', label: 'Variant' },
  { value: 'surface', label: 'Surface' },
  { value: 'locale', label: 'Locale' },
  { value: 'trigger', label: 'Trigger type' },
] as const;
export type Breakdown = (typeof BREAKDOWNS)[number]['value'];

/** Money movements in ChartMogul's words; gains push the month's bar up, losses down. */
export const MOVEMENTS: readonly { value: Movement; label: string; sign: 1 | -1 }[] = [
  { value: 'new', label: 'New business', sign: 1 },
  { value: 'expansion', label: 'Expansion', sign: 1 },
  { value: 'reactivation', label: 'Reactivation', sign: 1 },
  { value: 'contraction', label: 'Contraction', sign: -1 },
  { value: 'churn', label: 'Churn', sign: -1 },
];

export const BANDS: readonly { value: ReadinessBand; label: string }[] = [
  { value: 'high', label: 'High (75+)' },
  { value: 'moderate', label: 'Moderate (50–74)' },
  { value: 'early', label: 'Early (25–49)' },
  { value: 'not_ready', label: 'Not ready (under 25)' },
];

export const CATEGORIES: readonly { value: ReadinessCategory; label: string }[] = [
  { value: 'usage', label: 'Usage depth' },
  { value: 'breadth', label: 'User breadth' },
  { value: 'exploration', label: 'Feature exploration' },
  { value: 'growth', label: 'Organisational growth' },
];

/** The list's sorts, as the column headers toggle them (`-` first is descending). */
export const SORTS = ['score', '-score', 'account', '-account', 'updated', '-updated'] as const;
export type Sort = (typeof SORTS)[number];

/** `MAX_RANGE_DAYS` of the contract: a longer range is refused, so the form says so before asking. */
export const MAX_RANGE_DAYS = 400;
/** A trait name the revenue scoreboard may segment by (`segment=trait:<name>`). */
export const TRAIT = /^[A-Za-z0-9_.:-]{1,64}$/;

/** The value an exposure records for held-out accounts (`HOLDOUT`). */
export const HOLDOUT = 'holdout';
