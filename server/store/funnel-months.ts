const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A day range split by storage granularity: whole months `firstMonth`..`lastMonth`, and days `from`..`headTo` and `tailFrom`..`to`. */
export interface MonthSpan {
  firstMonth: string;
  lastMonth: string;
  headTo: string;
  tailFrom: string;
}

/**
 * Splits UTC days `from`..`to` (inclusive) into the whole months inside it and the days at either
 * end that do not fill one. An empty part is an empty range (its start after its end), so that
 * every range reads through one statement.
 */
export function monthSpan(from: string, to: string): MonthSpan {
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  // The first whole month starts on `from` when it is a 1st, else on the next 1st.
  const first = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + (start.getUTCDate() === 1 ? 0 : 1), 1);
  // The last whole month ends on `to` when the day after is a 1st; `after` is the day that follows it.
  const toIsLast = new Date(end.getTime() + DAY_MS).getUTCDate() === 1;
  const after = Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + (toIsLast ? 1 : 0), 1);
  if (first >= after) return { firstMonth: '9999-12', lastMonth: '0000-01', headTo: to, tailFrom: '9999-12-31' };
  return { firstMonth: iso(first).slice(0, 7), lastMonth: iso(after - DAY_MS).slice(0, 7), headTo: iso(first - DAY_MS).slice(0, 10), tailFrom: iso(after).slice(0, 10) };
}
