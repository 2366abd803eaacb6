import type { RuleState, State } from '../schemas/state';

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The rule entries of a state that are objects; malformed entries (stored by a bug, or tampered) are skipped. */
function entries(rules: unknown): [string, RuleState][] {
  return isRecord(rules) ? (Object.entries(rules).filter(([id, r]) => id !== '__proto__' && isRecord(r)) as [string, RuleState][]) : [];
}

/**
 * Combines this device's state with the server's. Dismissals keep the latest time per tier from
 * either side (a dismissal here that the server has not stored yet still counts); impressions,
 * counts and forecasts come from the server, which sees every device. Never throws.
 */
export function mergeState(local: State, server: State): State {
  const rules = new Map<string, RuleState>(entries(server.rules));
  for (const [ruleId, mine] of entries(local.rules)) {
    const theirs = rules.get(ruleId) ?? {};
    const dismissed = new Map<string, number>();
    for (const side of [theirs.dismissed, mine.dismissed]) {
      for (const [tier, at] of isRecord(side) ? Object.entries(side) : []) {
        if (typeof at === 'number' && tier !== '__proto__') dismissed.set(tier, Math.max(at, dismissed.get(tier) ?? 0));
      }
    }
    rules.set(ruleId, { ...mine, ...theirs, dismissed: Object.fromEntries(dismissed) });
  }
  const merged: State = { rules: Object.fromEntries(rules) };
  if (isRecord(server.counts)) merged.counts = server.counts as NonNullable<State['counts']>;
  if (isRecord(server.forecast)) merged.forecast = server.forecast as NonNullable<State['forecast']>;
  return merged;
}

