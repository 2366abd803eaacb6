import type { ReadinessBand } from '../../../shared/schemas/analytics';
import type { StoredReadiness } from '../readiness-types';

/* A row of `account_readiness` and its mapper, shared by both stores: the columns are the same in SQLite and PostgreSQL. */

export interface ReadinessRow {
  account_id: string;
  plan: string | null;
  score: number;
  band: ReadinessBand;
  fix_first: number;
  usage: number;
  breadth: number;
  exploration: number;
  growth: number;
  signals: string;
  updated_at: number;
}

export const toReadiness = (r: ReadinessRow): StoredReadiness => ({
  accountId: r.account_id,
  plan: r.plan,
  score: r.score,
  band: r.band,
  fixFirst: r.fix_first === 1,
  categories: { usage: r.usage, breadth: r.breadth, exploration: r.exploration, growth: r.growth },
  signals: JSON.parse(r.signals) as StoredReadiness['signals'],
  updatedAt: r.updated_at,
});
