import type { Context } from '../../shared/schemas/context';
import type { State } from '../../shared/schemas/state';

/** The latest context the widget sent for an account, who sent it (its representative person), and what they were answered. */
export interface AccountSighting {
  accountId: string;
  userId: string;
  plan: string;
  /** As sent with `POST /v1/state`: plan, usage, limits, add-ons, age, health, locale; no token, no page. */
  context: Context;
  /** The person's history as `POST /v1/state` answered it then, without `experiments` (bucketing is redone per config). */
  state: State;
  /** Epoch ms. */
  seenAt: number;
}

export interface RecentAccountsQuery {
  since: number;
  /** Part of the account id, matched case-insensitively; all accounts when absent. */
  search?: string | undefined;
  limit: number;
}

/** Accounts as the widget last described them, for preview as a customer and reach. */
export interface AccountStore {
  /** Keeps the account's latest sighting, unless a later one is already stored. */
  recordSighting(environmentId: string, sighting: AccountSighting): Promise<void>;
  /** Accounts seen since `since`, most recently seen first, those whose id starts with `search` ahead. */
  recentAccounts(environmentId: string, query: RecentAccountsQuery): Promise<AccountSighting[]>;
  accountSighting(environmentId: string, accountId: string): Promise<AccountSighting | null>;
  /**
   * Hands every account seen since `since` (epoch ms) to `visit`, one at a time as they are read
   * (one pass however many there are, never all in memory at once); answers how many there were.
   */
  eachSeenSince(environmentId: string, since: number, visit: (sighting: AccountSighting) => void): Promise<number>;
}
