import type { Context } from 'hono';
import type { z } from 'zod';
import { DEFAULT_RANGE_DAYS, MAX_RANGE_DAYS, type RangeQuery } from '../../../shared/schemas/analytics';
import { invalidInput, validationError } from '../../http/errors';

const DAY_MS = 86_400_000;

/** A resolved range of UTC days, both ends inclusive, with its bounds as epoch ms (`toMs` exclusive). */
export interface DayRange {
  from: string;
  to: string;
  fromMs: number;
  toMs: number;
}

/** The UTC day (`YYYY-MM-DD`) of an instant. */
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

const startOf = (day: string): number => Date.parse(`${day}T00:00:00Z`);

/**
 * Fills in an analytics query's range: absent `to` is today (by `now`), absent `from` is
 * `DEFAULT_RANGE_DAYS - 1` days before `to`. `from` after `to`, or more than `MAX_RANGE_DAYS`
 * days, is a 400 at the parameter that is wrong (`from`, since `to` alone is always fine).
 */
export function resolveRange(query: RangeQuery, now: number): DayRange {
  const to = query.to ?? dayOf(now);
  const toStart = startOf(to);
  const from = query.from ?? dayOf(toStart - (DEFAULT_RANGE_DAYS - 1) * DAY_MS);
  const fromMs = startOf(from);
  if (fromMs > toStart) throw invalidInput([{ path: ['from'], message: `must not be after "to" (${to})` }], 'query');
  const days = (toStart - fromMs) / DAY_MS + 1;
  if (days > MAX_RANGE_DAYS) {
    throw invalidInput([{ path: ['from'], message: `the range covers ${days} days; at most ${MAX_RANGE_DAYS} are allowed` }], 'query');
  }
  return { from, to, fromMs, toMs: toStart + DAY_MS };
}

/** Every UTC day of the range, oldest first. */
export function daysOf(range: Pick<DayRange, 'fromMs' | 'toMs'>): string[] {
  const days: string[] = [];
  for (let t = range.fromMs; t < range.toMs; t += DAY_MS) days.push(dayOf(t));
  return days;
}

/**
 * Parses a request's query string with `schema`, or throws the 400 that names each bad parameter.
 * Parameters the schema does not know are ignored (zod strips them), so links with tracking or
 * console-only parameters keep working; a repeated parameter counts by its first value.
 */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw validationError(parsed.error, 'query');
  return parsed.data;
}
