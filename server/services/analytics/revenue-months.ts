import type { RevenueMonth } from '../../../shared/schemas/analytics';
import type { SegmentMonth } from '../../store/revenue-types';

/** A month `YYYY-MM` as a count of months since year 0, so arithmetic never meets a calendar edge. */
export const monthIndex = (month: string): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
/** The month of an index; before year 0 reads as its first month. */
export const monthAt = (index: number): string => {
  const i = Math.max(0, index);
  return `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;
};

/** The months from `from` to `to` (`YYYY-MM`), inclusive, oldest first. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i++) months.push(monthAt(i));
  return months;
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

/** One month's figures and the ratios they give, from its start (MRR and accounts) and its rolled-up row. */
function monthOf(month: string, segment: string | null, startMrr: number, accountsAtStart: number, row: SegmentMonth | undefined, median: number | null): RevenueMonth {
  const f = row ?? { new: 0, expansion: 0, reactivation: 0, contraction: 0, churn: 0, expanded: 0, startMrr: 0, endMrr: 0 };
  return {
    month,
    segment,
    startMrr,
    new: f.new,
    expansion: f.expansion,
    reactivation: f.reactivation,
    contraction: f.contraction,
    churn: f.churn,
    // A segment's end also counts accounts that moved plan at the month's end (in or out).
    endMrr: startMrr + f.endMrr - f.startMrr,
    nrr: ratio(startMrr + f.expansion + f.reactivation - f.contraction - f.churn, startMrr),
    grr: ratio(startMrr - f.contraction - f.churn, startMrr),
    accountsAtStart,
    accountsExpanded: f.expanded,
    expansionRate: ratio(f.expanded, accountsAtStart),
    medianDaysToFirstExpansion: median,
  };
}

const key = (segment: string, month: string) => `${segment}\u0000${month}`;

/**
 * Each segment's months `months` from rolled-up rows that may start long before them: a month
 * starts with the sum of `endMrr − startMrr` (and of accounts) over every earlier month. Segments
 * with nothing at all in the range are left out, but for those in `always`; `label` null gives
 * the all-accounts series.
 */
export function segmentMonths(
  rows: readonly SegmentMonth[],
  months: readonly string[],
  medians: readonly { segment: string; month: string; median: number }[],
  label: (segment: string) => string | null,
  always: readonly string[] = [],
): RevenueMonth[] {
  const from = months[0] ?? '';
  const to = months.at(-1) ?? '';
  const start = new Map<string, { mrr: number; accounts: number }>();
  const inRange = new Map<string, SegmentMonth>();
  for (const r of rows) {
    if (r.month > to) continue;
    const s = start.get(r.segment) ?? { mrr: 0, accounts: 0 };
    start.set(r.segment, s);
    if (r.month < from) {
      s.mrr += r.endMrr - r.startMrr;
      s.accounts += r.endAccounts - r.startAccounts;
    } else inRange.set(key(r.segment, r.month), r);
  }
  for (const segment of always) if (!start.has(segment)) start.set(segment, { mrr: 0, accounts: 0 });
  const median = new Map(medians.map((m) => [key(m.segment, m.month), m.median]));
  const out: RevenueMonth[] = [];
  for (const segment of [...start.keys()].sort()) {
    let { mrr, accounts } = start.get(segment)!;
    const series = months.map((month) => {
      const row = inRange.get(key(segment, month));
      const m = monthOf(month, label(segment), mrr, accounts, row, median.get(key(segment, month)) ?? null);
      mrr = m.endMrr;
      accounts += row ? row.endAccounts - row.startAccounts : 0;
      return m;
    });
    if (always.includes(segment) || series.some((m) => m.startMrr !== 0 || m.endMrr !== 0 || m.new + m.expansion + m.reactivation + m.contraction + m.churn > 0)) out.push(...series);
  }
  return out;
}
