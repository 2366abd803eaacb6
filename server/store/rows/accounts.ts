import type { Context } from '../../../shared/schemas/context';
import type { State } from '../../../shared/schemas/state';
import type { AccountSighting } from '../account-types';

/* A row of `account_sightings` and its mapper, shared by both stores: the columns are the same in SQLite and PostgreSQL. */

export interface SightingRow {
  account_id: string;
  user_id: string;
  plan: string;
  context: string;
  state: string;
  seen_at: number;
}

export const toSighting = (r: SightingRow): AccountSighting => ({
  accountId: r.account_id,
  userId: r.user_id,
  plan: r.plan,
  context: JSON.parse(r.context) as Context,
  state: JSON.parse(r.state) as State,
  seenAt: r.seen_at,
});
