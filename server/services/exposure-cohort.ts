import { isExpansion, type ConversionType } from '../../shared/schemas/conversion';
import type { ExposureEvent } from '../../shared/schemas/event';

// What an exposure or a conversion does to an account's place in a rule's cohorts: the rules both
// stores' cohort hooks follow; the stores only read and write the rows.

/** What a conversion brings to the cohorts; only expansions (positive MRR of an expansion type) count. */
export interface CohortConversion {
  accountId: string;
  type: ConversionType;
  mrrDelta: number;
  currency: string;
  at: number;
}

/** One account's place in one rule's cohorts, as both stores keep it in `exposure_accounts`. */
export interface ExposureAccountRow {
  environment_id: string;
  rule_id: string;
  account_id: string;
  variant: string;
  first_at: number;
  day: string;
  tier: string | null;
  surface: string;
  trigger: string;
  locale: string | null;
  converted_at: number | null;
  expansions: number;
  expansion_mrr: number;
  currencies: string;
}

const DAY_MS = 86_400_000;
const dayOf = (at: number): string => new Date(Math.floor(at / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
const withCurrency = (list: string, currency: string): string => [...new Set([...list.split(',').filter(Boolean), currency])].sort().join(',');

/** Only expansions count towards a cohort: positive MRR of an expansion type. */
export const countsForCohort = (c: Pick<CohortConversion, 'type' | 'mrrDelta'>): boolean => isExpansion(c.type) && c.mrrDelta > 0;

/** Whether an exposure at `at` becomes the account's first for the rule: none yet, or an earlier one arriving late (an offline queue). */
export const replacesFirstExposure = (old: Pick<ExposureAccountRow, 'first_at'> | undefined, at: number): boolean => !old || at < old.first_at;

/** The account's row as of its first exposure `e` at `at` (its stored, clamped time), before any conversion. */
export const firstExposureRow = (environmentId: string, e: ExposureEvent, at: number): ExposureAccountRow => ({
  environment_id: environmentId,
  rule_id: e.ruleId,
  account_id: e.accountId,
  variant: e.variant ?? '',
  first_at: at,
  day: dayOf(at),
  tier: e.tier ?? null,
  surface: e.surface,
  trigger: e.trigger,
  locale: e.locale ?? null,
  converted_at: null,
  expansions: 0,
  expansion_mrr: 0,
  currencies: '',
});

/** The row with one more counted conversion: its earliest time, count, MRR and currency. */
export const withConversion = (r: ExposureAccountRow, c: Omit<CohortConversion, 'accountId'>): ExposureAccountRow => ({
  ...r,
  converted_at: r.converted_at === null ? c.at : Math.min(r.converted_at, c.at),
  expansions: r.expansions + 1,
  expansion_mrr: r.expansion_mrr + c.mrrDelta,
  currencies: withCurrency(r.currencies, c.currency),
});

/** One account's contribution to its cohort row: converted or not, its MRR and that MRR squared. */
export const cohortShare = (r: ExposureAccountRow): { converted: number; mrr: number; squares: number } => ({
  converted: r.converted_at === null ? 0 : 1,
  mrr: r.expansion_mrr,
  squares: r.expansion_mrr * r.expansion_mrr,
});
