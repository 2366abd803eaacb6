import type { State } from '../schemas/state';

/**
 * Combines this device's state with the server's. Dismissals keep the latest time per tier from
 * either side (a dismissal here that the server has not stored yet still counts); impressions,
 * counts and forecasts come from the server, which sees every device.
 */
export function mergeState(local: State, server: State): State {
  const rules: State['rules'] = { ...server.rules };
  for (const [ruleId, mine] of Object.entries(local.rules)) {
    if (ruleId === '__proto__') continue;
    const theirs = rules[ruleId] ?? {};
    const dismissed = { ...theirs.dismissed };
    for (const [tier, at] of Object.entries(mine.dismissed ?? {})) dismissed[tier] = Math.max(at, dismissed[tier] ?? 0);
    rules[ruleId] = { ...mine, ...theirs, dismissed };
  }
  const merged: State = { rules };
  if (server.counts) merged.counts = server.counts;
  if (server.forecast) merged.forecast = server.forecast;
  return merged;
}
