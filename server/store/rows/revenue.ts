import type { SegmentMonth } from '../revenue-types';

/*
 * The revenue rollup's columns, their sums and the row→object mapper, shared by both stores: the
 * `mrr_months` and `mrr_account_months` tables have the same figure columns in SQLite and PostgreSQL.
 */

/** The figure columns of `mrr_months` and `mrr_account_months`, in the order every statement lists them. */
export const FIGURES = ['new', 'expansion', 'reactivation', 'contraction', 'churn', 'expanded', 'start_mrr', 'start_accounts', 'end_mrr', 'end_accounts'] as const;

/** Each figure summed under its own name. */
export const SUMS = FIGURES.map((f) => `SUM(${f}) AS ${f}`).join(', ');

export interface FiguresRow {
  segment: string;
  month: string;
  new: number;
  expansion: number;
  reactivation: number;
  contraction: number;
  churn: number;
  expanded: number;
  start_mrr: number;
  start_accounts: number;
  end_mrr: number;
  end_accounts: number;
}

export const toSegmentMonth = (r: FiguresRow): SegmentMonth => ({
  segment: r.segment,
  month: r.month,
  new: r.new,
  expansion: r.expansion,
  reactivation: r.reactivation,
  contraction: r.contraction,
  churn: r.churn,
  expanded: r.expanded,
  startMrr: r.start_mrr,
  startAccounts: r.start_accounts,
  endMrr: r.end_mrr,
  endAccounts: r.end_accounts,
});
