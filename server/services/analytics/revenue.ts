import type { RevenueAnswer, RevenueQuery } from '../../../shared/schemas/analytics';
import { invalidInput } from '../../http/errors';
import type { RevenueSelection } from '../../store/revenue-types';
import type { Store } from '../../store/types';
import { monthAt, monthIndex, monthsBetween, segmentMonths } from './revenue-months';
import { monthOf } from './revenue-rollup';

/** Months covered when `from` is absent: the year up to `to`. */
export const DEFAULT_REVENUE_MONTHS = 12;
/** The longest range of months one request may cover. */
export const MAX_REVENUE_MONTHS = 36;

/** Epoch ms of the start of the month `n` months after `month` (0: its own start). */
function startAfter(month: string, n = 0): number {
  const i = monthIndex(month) + n;
  const d = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  d.setUTCFullYear(Math.floor(i / 12), i % 12, 1);
  return d.getTime();
}

/** `from`–`to` with their defaults (the 12 months up to this one); a reversed or too long range is a 400 at `from`. */
export function resolveMonths(query: Pick<RevenueQuery, 'from' | 'to'>, now: number): string[] {
  const to = query.to ?? monthOf(now);
  const from = query.from ?? monthAt(monthIndex(to) - (DEFAULT_REVENUE_MONTHS - 1));
  if (from > to) throw invalidInput([{ path: ['from'], message: `must not be after "to" (${to})` }], 'query');
  const months = monthsBetween(from, to);
  if (months.length > MAX_REVENUE_MONTHS) {
    throw invalidInput([{ path: ['from'], message: `the range covers ${months.length} months; at most ${MAX_REVENUE_MONTHS} are allowed` }], 'query');
  }
  return months;
}

/** `plan` or `trait:<name>` as the store selects it. */
const segmentSelection = (segment: string): RevenueSelection['segment'] => (segment === 'plan' ? 'plan' : { trait: segment.slice('trait:'.length) });

/**
 * The revenue scoreboard: each month's start MRR, movements, end MRR, NRR, GRR, expansion rate and
 * median days to first expansion, for all accounts and (when asked) per segment, in one currency
 * (by default the one with the most MRR now), and the expansion MRR credited to each rule and variant.
 */
export async function revenueReport(store: Store, environmentId: string, query: RevenueQuery, now: number): Promise<RevenueAnswer> {
  const months = resolveMonths(query, now);
  const from = months[0]!;
  const to = months.at(-1)!;
  const currency = query.currency ?? (await store.revenueCurrencies(environmentId))[0]?.currency ?? null;
  const segment = query.segment ?? null;
  const answer: RevenueAnswer = { from, to, currency, segment, months: segmentMonths([], months, [], () => null, ['']), segments: [], attributed: [] };
  if (currency === null) return answer;

  const all: RevenueSelection = { currency, segment: 'all', to };
  const [rows, firsts, attributed] = await Promise.all([
    store.revenueMonths(environmentId, all),
    store.firstExpansionMedians(environmentId, { ...all, from }),
    store.attributedExpansion(environmentId, currency, startAfter(from), startAfter(to, 1)),
  ]);
  answer.months = segmentMonths(rows, months, firsts, () => null, ['']);
  answer.attributed = attributed;
  if (segment !== null) {
    const by: RevenueSelection = { currency, segment: segmentSelection(segment), to };
    const [segmentRows, segmentFirsts] = await Promise.all([store.revenueMonths(environmentId, by), store.firstExpansionMedians(environmentId, { ...by, from })]);
    answer.segments = segmentMonths(segmentRows, months, segmentFirsts, (s) => s);
  }
  return answer;
}
