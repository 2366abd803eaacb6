/** The dimensions the funnel's daily counts are kept by, and may be filtered or grouped by in the store. */
export const FUNNEL_COLUMNS = ['variant', 'tier', 'surface', 'locale'] as const;
export type FunnelColumn = (typeof FUNNEL_COLUMNS)[number];

/** Which funnel counts to read: UTC days `from`..`to` (inclusive), optionally one rule and exact dimension values. */
export interface FunnelCountsQuery {
  from: string;
  to: string;
  ruleId?: string | undefined;
  filters?: Partial<Record<FunnelColumn, string>>;
  /** A dimension to keep apart in the answer (`key`); without it `key` is ''. */
  by?: FunnelColumn | undefined;
}

/** Counts summed per day, rule, stored trigger ('' when the events had none), `by` value and stage. */
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
