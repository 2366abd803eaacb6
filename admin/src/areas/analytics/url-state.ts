import type { ReadinessBand } from '../../../../shared/schemas/analytics';
import { BANDS, BREAKDOWNS, MAX_RANGE_DAYS, SORTS, type Breakdown, type Sort } from './constants';

/** The Analytics page's views, in tab order. */
export const VIEWS = [
  { value: 'overview', label: 'Overview' },
  { value: 'funnel', label: 'Funnel' },
  { value: 'experiments', label: 'Experiments' },
  { value: 'revenue', label: 'Revenue' },
  { value: 'readiness', label: 'Readiness' },
] as const;
export type View = (typeof VIEWS)[number]['value'];

/**
 * Everything the page shows is named by its URL (`?view=funnel&from=…&rule=…`), so a reload, Back,
 * or a link sent to a colleague opens the same figures. Empty strings are "not chosen".
 */
export interface AnalyticsState {
  view: View;
  /** UTC days, `YYYY-MM-DD`; empty means the last 30 days up to today. */
  from: string;
  to: string;
  rule: string;
  by: Breakdown | '';
  mode: 'sequential' | 'fixed';
  /** `plan`, `trait:<name>`, or empty for all accounts. */
  segment: string;
  band: ReadinessBand | '';
  fixFirst: '' | 'true' | 'false';
  plan: string;
  q: string;
  sort: Sort;
  /** Readiness page, from 1. */
  page: number;
}

export const DEFAULTS: AnalyticsState = { view: 'overview', from: '', to: '', rule: '', by: '', mode: 'sequential', segment: '', band: '', fixFirst: '', plan: '', q: '', sort: '-score', page: 1 };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (s: string | null): string => (s && DAY.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) ? s : '');
const oneOf = <T extends string>(values: readonly T[], raw: string | null): T | '' => (values.find((v) => v === raw) ?? '');

/** Reads the query of an in-app URL; values it does not know are dropped rather than sent on to fail. */
export function readState(url: string): AnalyticsState {
  const p = new URLSearchParams(url.split('?')[1] ?? '');
  const page = Number(p.get('page'));
  return {
    view: oneOf(VIEWS.map((v) => v.value), p.get('view')) || 'overview',
    from: validDay(p.get('from')),
    to: validDay(p.get('to')),
    rule: p.get('rule') ?? '',
    by: oneOf(BREAKDOWNS.map((b) => b.value), p.get('by')),
    mode: p.get('mode') === 'fixed' ? 'fixed' : 'sequential',
    segment: p.get('segment') ?? '',
    band: oneOf(BANDS.map((b) => b.value), p.get('band')),
    fixFirst: oneOf(['true', 'false'] as const, p.get('fixFirst')),
    plan: p.get('plan') ?? '',
    q: p.get('q') ?? '',
    sort: oneOf(SORTS, p.get('sort')) || '-score',
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** The URL for `state` on `pathname`; values equal to their default are left out. */
export function writeState(pathname: string, state: AnalyticsState): string {
  const p = new URLSearchParams();
  for (const key of Object.keys(DEFAULTS) as (keyof AnalyticsState)[]) {
    const value = String(state[key]).trim();
    if (value !== String(DEFAULTS[key])) p.set(key, value);
  }
  const search = p.toString();
  return search ? `${pathname}?${search}` : pathname;
}

/** `YYYY-MM-DD` of `ms` in UTC. */
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const DAY_MS = 86_400_000;
export const addDays = (day: string, n: number): string => dayOf(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS);

/** The range the figures cover: the URL's days, or the contract's default (30 days up to today). */
export function effectiveRange(state: Pick<AnalyticsState, 'from' | 'to'>, now: number): { from: string; to: string } {
  const to = state.to || dayOf(now);
  return { from: state.from || addDays(to, -29), to };
}

/** Days in the range, both ends included. */
export const rangeDays = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;

/** Why a range cannot be asked for, in words; null when it can. */
export function rangeProblem(from: string, to: string): string | null {
  if (!from || !to) return 'Enter both dates.';
  const days = rangeDays(from, to);
  if (days < 1) return '"From" must be on or before "To".';
  if (days > MAX_RANGE_DAYS) return `A range may cover at most ${MAX_RANGE_DAYS} days.`;
  return null;
}

/** The revenue scoreboard counts whole months: those the range's first and last days fall in. */
export const monthsOf = (range: { from: string; to: string }): { from: string; to: string } => ({ from: range.from.slice(0, 7), to: range.to.slice(0, 7) });
