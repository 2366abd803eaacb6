import type { ReadinessAccount, ReadinessBand, READINESS_SORTS } from '../../shared/schemas/analytics';
import type { WebhookMessage } from './webhook-types';

/** A person seen in an account (`POST /v1/state`), with the role they last had. `lastSeen` is epoch ms. */
export interface AccountPerson {
  userId: string;
  role: string | null;
  lastSeen: number;
}

/** How many tracked events of one name one person sent. */
export interface TrackTally {
  userId: string;
  name: string;
  count: number;
}

/** An account's latest readiness as stored; `updatedAt` is epoch ms. */
export type StoredReadiness = Omit<ReadinessAccount, 'updatedAt'> & { updatedAt: number };

/** Which stored scores a list reads; every part optional. `q` is part of the account id, case-insensitive. */
export interface ReadinessFilter {
  band?: ReadinessBand | undefined;
  fixFirst?: boolean | undefined;
  plan?: string | undefined;
  q?: string | undefined;
  minScore?: number | undefined;
}

export type ReadinessSort = (typeof READINESS_SORTS)[number];

/** Where a list walked page by page stands: its last row's sort keys. */
export type ReadinessCursor = Pick<StoredReadiness, 'accountId' | 'score' | 'updatedAt'>;

export interface ReadinessPage {
  limit: number;
  offset?: number | undefined;
  after?: ReadinessCursor | undefined;
}

/** One account's stored export record (null for a score saved before records were kept), with its sort keys. */
export type ReadinessCsvRow = ReadinessCursor & { line: string | null };

/** How many accounts a filter holds, and per band among them (band and fix-first filters aside). */
export interface ReadinessCounts {
  total: number;
  bands: Record<ReadinessBand | 'fixFirst', number>;
}

/** Expansion readiness's persistence: people per account, tracked-event tallies, and each account's latest score. */
export interface ReadinessStore {
  /** Keeps the person's latest visit and role in the account (a later visit only moves forward). */
  recordPerson(environmentId: string, accountId: string, userId: string, role: string | null, at: number): Promise<void>;
  /** The account's people seen since `since` (epoch ms). */
  accountPeople(environmentId: string, accountId: string, since: number): Promise<AccountPerson[]>;
  /**
   * The account's tracked events since `since`, named one of `names` or starting with `prefix`,
   * counted by person and name: one index range over the account's own recent events.
   */
  accountTracks(environmentId: string, accountId: string, since: number, names: readonly string[], prefix: string): Promise<TrackTally[]>;
  /**
   * Replaces the account's score and its export record `csvLine`. `onSave` sees the score it replaces (null for the first) inside the
   * same transaction, and the webhook it answers is queued there, so a committed change always has its delivery.
   */
  saveReadiness(environmentId: string, score: StoredReadiness, csvLine: string, onSave?: (previous: StoredReadiness | null) => WebhookMessage | null): Promise<void>;
  getReadiness(environmentId: string, accountId: string): Promise<StoredReadiness | null>;
  /**
   * One page of the filtered scores in `sort` order, ties by account id in the same direction:
   * from `offset`, or (for reading a whole list) right after `after`, the last row of the page before.
   */
  readinessPage(environmentId: string, filter: ReadinessFilter, sort: ReadinessSort, page: ReadinessPage): Promise<StoredReadiness[]>;
  /** The same list's stored export records, read the same way (`page.offset` aside). */
  readinessCsv(environmentId: string, filter: ReadinessFilter, sort: ReadinessSort, page: ReadinessPage): Promise<ReadinessCsvRow[]>;
  readinessCounts(environmentId: string, filter: ReadinessFilter): Promise<ReadinessCounts>;
}
