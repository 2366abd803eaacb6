import { expect, it } from 'vitest';
import type { RevenueMonth } from '../../shared/schemas/analytics';
import { postConversion } from './conversion-helpers';
import { revenue } from './revenue-helpers';
import { arrivalOrder, generateHistory, prng, type TrueChange } from './revenue-history';
import { useStripeWebhook } from './stripe-events';

// Hundreds of accounts, reporting through the conversions API and through Stripe, delivered out of
// order. Every month's figures are computed here in plain loops over the generated true changes,
// with ChartMogul's definitions written out again, never with the server's code.

const h = useStripeWebhook('whsec_generated');
const DAY_MS = 86_400_000;
const MONTHS = Array.from({ length: 10 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
const monthStart = (m: string) => Date.parse(`${m}-01T00:00:00Z`);
const monthEnd = (m: string) => Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 1);

/** The expected months of one segment function (null segment: all accounts), in one currency. */
function expected(changes: readonly TrueChange[], currency: string, segmentOf: ((account: string, month: string) => string) | null): RevenueMonth[] {
  const byAccount = new Map<string, TrueChange[]>();
  for (const c of changes) if (c.currency === currency) byAccount.set(c.account, [...(byAccount.get(c.account) ?? []), c]);
  const mrrAt = (list: TrueChange[], t: number) => list.filter((c) => c.at < t).reduce((s, c) => s + c.delta, 0);
  // Every generated account starts from 0 with a rise: its first change is its first MRR.
  const firstNew = (list: TrueChange[]) => list[0]!.at;
  const firstExpansion = (list: TrueChange[]) => list.find((c) => mrrAt(list, c.at) > 0 && c.delta > 0)?.at;
  const out: RevenueMonth[] = [];
  const segments = new Set<string>();
  for (const account of byAccount.keys()) for (const m of MONTHS) segments.add(segmentOf ? segmentOf(account, m) : '');
  for (const segment of [...segments].sort()) {
    const series = MONTHS.map((month) => {
      const row = { start: 0, end: 0, new: 0, expansion: 0, reactivation: 0, contraction: 0, churn: 0, atStart: 0, expanded: 0, days: [] as number[] };
      for (const [account, list] of byAccount) {
        const next = MONTHS[MONTHS.indexOf(month) + 1];
        const endSegment = segmentOf ? (next ? segmentOf(account, next) : segmentOf(account, '2026-11')) : '';
        if (endSegment === segment) row.end += mrrAt(list, monthEnd(month));
        if ((segmentOf ? segmentOf(account, month) : '') !== segment) continue;
        const start = mrrAt(list, monthStart(month));
        row.start += start;
        if (start > 0) row.atStart++;
        let expandedHere = false;
        for (const c of list.filter((x) => x.at >= monthStart(month) && x.at < monthEnd(month))) {
          const before = mrrAt(list, c.at);
          const after = before + c.delta;
          if (before === 0) row[list.some((x) => x.at < c.at) ? 'reactivation' : 'new'] += c.delta;
          else if (after === 0) row.churn += before;
          else if (after > before) row.expansion += c.delta;
          else row.contraction -= c.delta;
          if (before > 0 && after > before) expandedHere = true;
        }
        if (expandedHere && start > 0) row.expanded++;
        const first = firstExpansion(list);
        if (first !== undefined && first >= monthStart(month) && first < monthEnd(month)) row.days.push((first - firstNew(list)) / DAY_MS);
      }
      const days = row.days.sort((a, b) => a - b);
      const mid = Math.floor(days.length / 2);
      return {
        month,
        segment: segmentOf ? segment : null,
        startMrr: row.start,
        new: row.new,
        expansion: row.expansion,
        reactivation: row.reactivation,
        contraction: row.contraction,
        churn: row.churn,
        endMrr: row.end,
        nrr: row.start === 0 ? null : (row.start + row.expansion + row.reactivation - row.contraction - row.churn) / row.start,
        grr: row.start === 0 ? null : (row.start - row.contraction - row.churn) / row.start,
        accountsAtStart: row.atStart,
        accountsExpanded: row.expanded,
        expansionRate: row.atStart === 0 ? null : row.expanded / row.atStart,
        medianDaysToFirstExpansion: days.length === 0 ? null : days.length % 2 ? days[mid]! : (days[mid - 1]! + days[mid]!) / 2,
      };
    });
    if (series.some((m) => m.startMrr || m.endMrr || m.new || m.expansion || m.reactivation || m.contraction || m.churn)) out.push(...series);
  }
  return out;
}

/** The plan an account is on at the start of `month`: after its last change before it, else its first plan in it. */
function planAt(changes: readonly TrueChange[], account: string, month: string): string {
  const own = changes.filter((c) => c.account === account);
  const before = own.filter((c) => c.at < monthStart(month)).at(-1);
  return before?.plan ?? own.find((c) => c.at < monthEnd(month) && c.at >= monthStart(month))?.plan ?? '';
}

it('reproduces every month’s movements, NRR, GRR, expansion rate and days to first expansion of a generated history, by plan and by trait', async () => {
  const history = generateHistory(20_261_207, 240);
  const changes = [...history.changes].sort((a, b) => a.at - b.at);
  for (const [account, tier] of history.traits) {
    await h.t.store.recordSighting(h.t.environment.id, { accountId: account, userId: 'u', plan: 'pro', context: { user: { id: 'u' }, account: { id: account, plan: 'pro', traits: { tier } } }, state: { rules: {} }, seenAt: h.now });
  }
  for (const d of arrivalOrder(history.deliveries, prng(7))) {
    const res = d.kind === 'api' ? await postConversion(h.t, d.body) : await h.deliver(d.event);
    expect([200, 201], await res.clone().text()).toContain(res.status);
  }
  expect(new Set(changes.map((c) => c.currency))).toEqual(new Set(['USD', 'EUR']));

  const usd = await revenue(h.t, '?from=2026-01&to=2026-10&currency=USD&segment=plan');
  expect(usd.months).toEqual(expected(changes, 'USD', null));
  expect(usd.segments).toEqual(expected(changes, 'USD', (a, m) => planAt(changes, a, m)));
  const eur = await revenue(h.t, '?from=2026-01&to=2026-10&currency=EUR&segment=trait:tier');
  expect(eur.months).toEqual(expected(changes, 'EUR', null));
  expect(eur.segments).toEqual(expected(changes, 'EUR', (a) => history.traits.get(a) ?? ''));
  // Sanity of the generated data: every movement kind occurs, so none is checked vacuously.
  const totals = usd.months.reduce((s, m) => ({ n: s.n + m.new, e: s.e + m.expansion, r: s.r + m.reactivation, c: s.c + m.contraction, x: s.x + m.churn }), { n: 0, e: 0, r: 0, c: 0, x: 0 });
  expect(Object.values(totals).every((v) => v > 0)).toBe(true);
}, 120_000);
