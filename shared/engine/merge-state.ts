import type { State } from '../schemas/state';
import { own } from './own';

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Merges two histories of times: the later of two times, the union of two lists of times (newest
 * first, at most 2,000), and records key by key. Anything else, or a side that is missing, takes
 * the server's value (`b`) when it has one.
 */
function merge(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return Math.max(a, b);
  if (Array.isArray(a) && Array.isArray(b)) return [...new Set([...a, ...b])].filter((t) => typeof t === 'number').sort((x, y) => y - x).slice(0, 2000);
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    keys.delete('__proto__');
    return Object.fromEntries([...keys].map((k) => [k, merge(own(a, k), own(b, k))]));
  }
  return b ?? a;
}

/**
 * Combines this device's state with the server's, which sees every device: the later time wins
 * for each tier and for the latest dismissal, snooze and click; impressions and event times are
 * the union of both lists, so what this device recorded and the server has not stored yet still
 * counts. Forecasts, periods, trials and readiness come from the server. Never throws.
 */
export function mergeState(local: State, server: State): State {
  return { ...server, rules: merge(local.rules, server.rules) as State['rules'], counts: merge(local.counts ?? {}, server.counts ?? {}) as State['counts'] };
}
