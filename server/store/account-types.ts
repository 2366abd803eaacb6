import type { Snapshot } from '../../shared/engine/forecast';
import type { Context } from '../../shared/schemas/context';
import type { TierTime, Trial, UserHistory } from './types';

/** The latest context the widget sent for an account, and who sent it (its representative person). */
export interface AccountSighting {
  accountId: string;
  userId: string;
  plan: string;
  /** As sent with `POST /v1/state`: plan, usage, limits, add-ons, age, health, locale; no token, no page. */
  context: Context;
  /** Epoch ms. */
  seenAt: number;
}

/** Everything stored about one person and their account that their `State` is built from. */
export interface PersonHistory {
  history: UserHistory;
  tiers: { dismissed: TierTime[]; declined: TierTime[]; reached: TierTime[] };
  /** Daily usage snapshots by metric, oldest first. */
  snapshots: Record<string, Snapshot[]>;
  trials: Map<string, Trial>;
}

/** From when (epoch ms) each part of a person's history is read. */
export interface HistorySince {
  /** Impressions and tracked events. */
  history: number;
  /** Tier dismissals and declines. */
  dismissed: number;
  /** Tier impressions. */
  reached: number;
  snapshots: number;
}

export interface RecentAccountsQuery {
  since: number;
  /** Part of the account id, matched case-insensitively; all accounts when absent. */
  search?: string | undefined;
  limit: number;
}

/** Accounts as the widget last described them, for preview as a customer and reach. */
export interface AccountStore {
  /** Keeps the account's latest context, unless a later one is already stored. */
  recordSighting(environmentId: string, sighting: AccountSighting): Promise<void>;
  /** Accounts seen since `since`, most recently seen first. */
  recentAccounts(environmentId: string, query: RecentAccountsQuery): Promise<AccountSighting[]>;
  accountSighting(environmentId: string, accountId: string): Promise<AccountSighting | null>;
  /**
   * Every account seen since `seenSince`, each with its representative person's history, read in
   * a fixed number of queries however many accounts there are.
   */
  recentHistories(environmentId: string, seenSince: number, since: HistorySince): Promise<{ sighting: AccountSighting; history: PersonHistory }[]>;
}
