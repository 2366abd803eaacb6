import type { RuleState, State } from '../schemas/state';

type Times = Record<string, number>;
const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Own entries of a record that is an object; malformed values (stored by a bug, or tampered) and `__proto__` are skipped. */
function entries<T>(x: unknown, ok: (v: unknown) => boolean): [string, T][] {
  return isRecord(x) ? (Object.entries(x).filter(([k, v]) => k !== '__proto__' && ok(v)) as [string, T][]) : [];
}
const isTime = (v: unknown) => typeof v === 'number';
const isList = (v: unknown) => Array.isArray(v);

/** The later time per key from either side. */
function latest(a: unknown, b: unknown): Times | undefined {
  const out = new Map<string, number>();
  for (const [k, at] of [...entries<number>(a, isTime), ...entries<number>(b, isTime)]) out.set(k, Math.max(at, out.get(k) ?? 0));
  return out.size ? Object.fromEntries(out) : undefined;
}

/** The server's times, plus this device's that are newer than all of them (not stored yet), newest first. */
function union(server: unknown, local: unknown, max: number): number[] {
  const theirs = (isList(server) ? (server as unknown[]) : []).filter(isTime) as number[];
  const top = theirs.reduce((a, b) => Math.max(a, b), -1);
  const mine = (isList(local) ? (local as unknown[]) : []).filter((t) => isTime(t) && (t as number) > top) as number[];
  return [...mine, ...theirs].sort((a, b) => b - a).slice(0, max);
}

const later = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.max(a, b));

/**
 * Combines this device's state with the server's, which sees every device. Times per tier and the
 * latest dismissal, snooze and click keep the later of both sides; impressions and event times keep
 * the server's list plus anything newer recorded here that the server has not stored yet. Forecasts,
 * periods, trials and readiness come from the server. Never throws.
 */
export function mergeState(local: State, server: State): State {
  const rules = new Map<string, RuleState>(entries(server.rules, isRecord));
  for (const [id, mine] of entries<RuleState>(local.rules, isRecord)) {
    const theirs = rules.get(id) ?? {};
    const r: RuleState = {};
    const set = <K extends keyof RuleState>(k: K, v: RuleState[K] | undefined) => v !== undefined && (r[k] = v);
    set('dismissed', latest(theirs.dismissed, mine.dismissed));
    set('reached', latest(theirs.reached, mine.reached));
    const imps = union(theirs.impressions, mine.impressions, 500);
    if (imps.length) r.impressions = imps;
    set('dismissedAt', later(theirs.dismissedAt, mine.dismissedAt));
    set('snoozedAt', later(theirs.snoozedAt, mine.snoozedAt));
    set('clickedAt', later(theirs.clickedAt, mine.clickedAt));
    rules.set(id, r);
  }
  const counts = new Map<string, number[]>(entries(server.counts, isList));
  for (const [name, times] of entries<number[]>(local.counts, isList)) counts.set(name, union(counts.get(name), times, 2000));
  const merged: State = { ...server, rules: Object.fromEntries(rules) };
  if (counts.size) merged.counts = Object.fromEntries(counts);
  return merged;
}
