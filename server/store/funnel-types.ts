/** The dimensions the funnel's daily counts are kept by, and may be filtered or grouped by in the store. */
export const FUNNEL_COLUMNS = ['variant', 'tier', 'surface', 'locale'] as const;
export type FunnelColumn = (typeof FUNNEL_COLUMNS)[number];

/**
 * Which funnel counts to read: UTC days `from`..`to` (inclusive), optionally one rule and exact
 * dimension values, summed either per rule and stored trigger (with `by` kept apart as `key`) or
 * per day (`ruleId` and `trigger` are '' then).
 */
export interface FunnelCountsQuery {
  from: string;
  to: string;
  ruleId?: string | undefined;
  filters?: Partial<Record<FunnelColumn, string>>;
  per: 'rule' | 'day';
  /** With `per: 'rule'`: a dimension to keep apart in the answer (`key`); without it `key` is ''. */
  by?: FunnelColumn | undefined;
  /** Only counts stored with this trigger, or stored with none (`''`) for one of `rules`. */
  trigger?: { value: string; rules: readonly string[] } | undefined;
}

/** Summed counts: `day` is '' per rule; `trigger` is the stored one ('' when the events had none). */
export interface FunnelCountRow {
  day: string;
  ruleId: string;
  trigger: string;
  key: string;
  stage: string;
  count: number;
}

/** A declined prompt's note, read from the raw decline events. `at` is epoch ms. */
export interface StoredDeclineNote {
  at: number;
  reason: string;
  note: string;
  accountId: string;
  tier: string | null;
  variant: string | null;
}

/** The funnel and decline roll-ups, kept current as events, actions and conversions are stored. */
export interface FunnelStore {
  funnelCounts(environmentId: string, q: FunnelCountsQuery): Promise<FunnelCountRow[]>;
  /** Declines per rule and reason on the UTC days `from`..`to` (inclusive). */
  declineCounts(environmentId: string, q: { from: string; to: string; ruleId?: string | undefined }): Promise<{ ruleId: string; reason: string; count: number }[]>;
  /** The rule's declines with a note in [fromMs, toMs), newest first, at most `limit`. */
  declineNotes(environmentId: string, ruleId: string, fromMs: number, toMs: number, limit: number): Promise<StoredDeclineNote[]>;
}
