import type { AccountChange, MovementRow, RevenueFigures, RevenueRollup, RollupRow } from '../../store/revenue-types';
import { byTimeThenId, classifyMovements } from './movements';

const DAY_MS = 86_400_000;

/** The UTC month of epoch ms, `YYYY-MM`. */
export const monthOf = (at: number): string => new Date(at).toISOString().slice(0, 7);

const zero = (): RevenueFigures => ({ new: 0, expansion: 0, reactivation: 0, contraction: 0, churn: 0, expanded: 0, startMrr: 0, startAccounts: 0, endMrr: 0, endAccounts: 0 });

/** Adds one movement to a month's figures; losses are kept as positive amounts. */
function add(f: RevenueFigures, m: MovementRow): void {
  if (m.kind === 'new') f.new += m.amount;
  else if (m.kind === 'expansion') f.expansion += m.amount;
  else if (m.kind === 'reactivation') f.reactivation += m.amount;
  else if (m.kind === 'contraction') f.contraction -= m.amount;
  else if (m.kind === 'churn') f.churn -= m.amount;
}

/** Index ranges of consecutive changes sharing a month (changes are sorted). */
function monthRanges(sorted: readonly AccountChange[]): { month: string; first: number; last: number }[] {
  const ranges: { month: string; first: number; last: number }[] = [];
  sorted.forEach((c, i) => {
    const month = monthOf(c.at);
    const open = ranges.at(-1);
    if (open?.month === month) open.last = i;
    else ranges.push({ month, first: i, last: i });
  });
  return ranges;
}

/**
 * One currency's rows in one month. Its movements go to the plan at the start of the month (an
 * account without MRR then takes its first plan of the month); its end MRR goes to the plan it ends
 * the month on, which is where the next month starts it.
 */
function monthRows(month: string, currency: string, figures: RevenueFigures, startPlan: string, endPlan: string, firstExpansionDays: number | null): RollupRow[] {
  const all: RollupRow = { ...figures, currency, dimension: 'all', segment: '', month, firstExpansionDays };
  if (startPlan === endPlan) return [all, { ...all, dimension: 'plan', segment: startPlan }];
  const moved = { currency, dimension: 'plan' as const, month };
  return [all, { ...figures, ...moved, segment: startPlan, endMrr: 0, endAccounts: 0, firstExpansionDays }, { ...zero(), ...moved, segment: endPlan, endMrr: figures.endMrr, endAccounts: figures.endAccounts, firstExpansionDays: null }];
}

/**
 * The revenue rollup of one account: its movements, and its rows of every month it changed in (in
 * any currency, so a plan change made in one currency moves the others' MRR to the new plan too).
 */
export const revenueRollup: RevenueRollup = (changes) => {
  const sorted = [...changes].sort(byTimeThenId);
  const movements = classifyMovements(sorted);
  const planAfter: (string | null)[] = [];
  sorted.forEach((c, i) => planAfter.push(c.plan ?? (i > 0 ? planAfter[i - 1]! : null)));
  const ranges = monthRanges(sorted);
  const months: RollupRow[] = [];
  for (const currency of new Set(sorted.map((c) => c.currency))) {
    const since = sorted.findIndex((c) => c.currency === currency);
    let mrr = 0;
    let firstMrrAt: number | null = null;
    let expandedBefore = false;
    for (const { month, first, last } of ranges) {
      if (last < since) continue;
      const own = movements.slice(first, last + 1).filter((m) => m.currency === currency);
      const f = { ...zero(), startMrr: mrr, startAccounts: mrr > 0 ? 1 : 0 };
      let firstExpansionDays: number | null = null;
      for (const m of own) {
        add(f, m);
        if (m.kind === 'new') firstMrrAt = m.at;
        if (m.kind === 'expansion' && !expandedBefore && firstMrrAt !== null) firstExpansionDays = (m.at - firstMrrAt) / DAY_MS;
        if (m.kind === 'expansion') expandedBefore = true;
        mrr = m.mrrAfter;
      }
      f.expanded = f.startMrr > 0 && own.some((m) => m.kind === 'expansion') ? 1 : 0;
      f.endMrr = mrr;
      f.endAccounts = mrr > 0 ? 1 : 0;
      const atStart = first > 0 ? planAfter[first - 1]! : null;
      const firstInMonth = planAfter.slice(first, last + 1).find((p) => p !== null) ?? null;
      const startPlan = atStart ?? (f.startMrr === 0 ? firstInMonth : null);
      months.push(...monthRows(month, currency, f, startPlan ?? '', planAfter[last] ?? '', firstExpansionDays));
    }
  }
  return { movements, months };
};
