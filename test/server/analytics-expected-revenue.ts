import { monthOf, type Sent } from './analytics-expected';

// MRR movements by ChartMogul's definitions, in plain loops over the conversions sent: each
// account's MRR is the running sum of its deltas in time order (never below 0); a rise from 0 is
// new business the first time and a reactivation after, a fall to 0 is churn, anything else an
// expansion or a contraction.

const DAY = 86_400_000;

export interface MonthFigures {
  month: string;
  startMrr: number;
  new: number;
  expansion: number;
  reactivation: number;
  contraction: number;
  churn: number;
  endMrr: number;
  accountsAtStart: number;
  accountsExpanded: number;
  medianDaysToFirstExpansion: number | null;
}

export interface Movement {
  account: string;
  at: number;
  conversion: Sent['conversions'][number];
  kind: 'new' | 'expansion' | 'reactivation' | 'contraction' | 'churn';
  amount: number;
}

export function movements(sent: Sent): Movement[] {
  const byAccount = new Map<string, Sent['conversions']>();
  for (const c of sent.conversions) byAccount.set(c.body.account, [...(byAccount.get(c.body.account) ?? []), c]);
  const out: Movement[] = [];
  for (const [account, list] of byAccount) {
    let sum = 0;
    let had = false;
    for (const c of [...list].sort((a, b) => a.at - b.at)) {
      const before = Math.max(0, sum);
      sum += c.body.mrrDelta;
      const after = Math.max(0, sum);
      if (after !== before) {
        const kind = before === 0 ? (had ? 'reactivation' : 'new') : after === 0 ? 'churn' : after > before ? 'expansion' : 'contraction';
        out.push({ account, at: c.at, conversion: c, kind, amount: Math.abs(after - before) });
      }
      had ||= after > 0;
    }
  }
  return out;
}

const median = (xs: number[]): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Each month of `months` (YYYY-MM, ascending) for all accounts. */
export function revenueMonths(sent: Sent, months: readonly string[]): MonthFigures[] {
  const all = movements(sent).sort((a, b) => a.at - b.at);
  const mrr = new Map<string, number>();
  const firstMrr = new Map<string, number>();
  const expandedBefore = new Set<string>();
  const out: MonthFigures[] = [];
  let i = 0;
  const apply = (m: Movement) => {
    const was = mrr.get(m.account) ?? 0;
    mrr.set(m.account, m.kind === 'new' || m.kind === 'expansion' || m.kind === 'reactivation' ? was + m.amount : was - m.amount);
    if (m.kind === 'new') firstMrr.set(m.account, m.at);
  };
  for (const month of months) {
    while (i < all.length && monthOf(all[i]!.at) < month) {
      const m = all[i++]!;
      if (m.kind === 'expansion') expandedBefore.add(m.account);
      apply(m);
    }
    const atStart = new Map([...mrr].filter(([, v]) => v > 0));
    const f: MonthFigures = { month, startMrr: [...atStart.values()].reduce((a, b) => a + b, 0), new: 0, expansion: 0, reactivation: 0, contraction: 0, churn: 0, endMrr: 0, accountsAtStart: atStart.size, accountsExpanded: 0, medianDaysToFirstExpansion: null };
    const expanded = new Set<string>();
    const firstDays: number[] = [];
    while (i < all.length && monthOf(all[i]!.at) === month) {
      const m = all[i++]!;
      f[m.kind] += m.amount;
      if (m.kind === 'expansion') {
        if (atStart.has(m.account)) expanded.add(m.account);
        const since = firstMrr.get(m.account);
        if (!expandedBefore.has(m.account) && since !== undefined) firstDays.push((m.at - since) / DAY);
        expandedBefore.add(m.account);
      }
      apply(m);
    }
    f.accountsExpanded = expanded.size;
    f.endMrr = [...mrr.values()].reduce((a, b) => a + Math.max(0, b), 0);
    f.medianDaysToFirstExpansion = median(firstDays);
    out.push(f);
  }
  return out;
}
