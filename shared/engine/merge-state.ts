import type { State } from '../schemas/state';
import { isObject, own } from './own';

const isTime = (t: unknown): t is number => Number.isFinite(t);

/**
 * Merges this device's history (`a`) into the server's (`b`): the later of two times; for lists of
 * times, the server's plus this device's newer ones (newest first, at most 2,000); records key by key. Anything else, or a side that is missing, takes
 * the server's value (`b`) when it has one.
 */
function merge(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return Math.max(a, b);
  if (Array.isArray(a) && Array.isArray(b)) {
    // The server's list, duplicates and all (two events may share a millisecond), plus what this
    // device recorded after the server's newest: what it has not stored yet.
    const theirs = b.filter(isTime);
    const top = Math.max(...theirs);
    return [...a.filter((t) => isTime(t) && t > top), ...theirs].sort((x, y) => y - x).slice(0, 2000);
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    keys.delete('__proto__');
    return Object.fromEntries([...keys].map((k) => [k, merge(own(a, k), own(b, k))]));
  }
  return b ?? a;
}

/**
 * Combines this device's state with the server's, which sees every device: the later time wins
 * for each tier and for the latest dismissal, snooze and click; impressions and event times are
 * the server's plus those this device recorded after the server's newest, which the server has not
 * stored yet (older ones it has stored, or dropped on purpose). Forecasts, periods, trials and readiness come from the server. Never throws.
 */
export function mergeState(local: State, server: State): State {
  return { ...server, rules: merge(local.rules, server.rules) as State['rules'], counts: merge(local.counts ?? {}, server.counts ?? {}) as State['counts'] };
}
