import type { RuleState, State } from '../schemas/state';

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Own entries whose value passes `ok`; malformed values (stored by a bug, or tampered) and `__proto__` are skipped. */
const entries = <T>(x: unknown, ok: (v: unknown) => boolean): [string, T][] =>
  isRecord(x) ? (Object.entries(x).filter(([k, v]) => k !== '__proto__' && ok(v)) as [string, T][]) : [];
const isTime = (v: unknown) => typeof v === 'number';
const times = (x: unknown): number[] => (Array.isArray(x) ? x.filter(isTime) : []);

/** The later time per key from either side. */
function latest(a: unknown, b: unknown): Record<string, number> | undefined {
  const out = new Map<string, number>();
  for (const [k, at] of [...entries<number>(a, isTime), ...entries<number>(b, isTime)]) out.set(k, Math.max(at, out.get(k) ?? 0));
  return out.size ? Object.fromEntries(out) : undefined;
}

/** The server's times, plus this device's that are newer than all of them (not stored yet), newest first. */
function union(server: unknown, local: unknown, max: number): number[] {
  const theirs = times(server);
  const top = Math.max(-1, ...theirs);
  return [...times(local).filter((t) => t > top), ...theirs].sort((a, b) => b - a).slice(0, max);
}

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
    const r: Record<string, unknown> = { dismissed: latest(theirs.dismissed, mine.dismissed), reached: latest(theirs.reached, mine.reached) };
    const imps = union(theirs.impressions, mine.impressions, 500);
    if (imps.length) r.impressions = imps;
    for (const k of ['dismissedAt', 'snoozedAt', 'clickedAt'] as const) {
      const at = Math.max(...times([theirs[k], mine[k]]));
      if (at >= 0) r[k] = at;
    }
    for (const k in r) if (r[k] === undefined) delete r[k];
    rules.set(id, r as RuleState);
  }
  const counts = new Map<string, number[]>(entries(server.counts, Array.isArray));
  for (const [name, list] of entries<number[]>(local.counts, Array.isArray)) counts.set(name, union(counts.get(name), list, 2000));
  const merged: State = { ...server, rules: Object.fromEntries(rules) };
  if (counts.size) merged.counts = Object.fromEntries(counts);
  return merged;
}
