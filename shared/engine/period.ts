/** A billing period: `start` inclusive, `end` exclusive, both epoch ms (UTC). */
export interface Period {
  start: number;
  end: number;
}

export const DAY = 86_400_000;

/**
 * The billing period that contains `now`. Periods repeat monthly from `anchor` (the account's
 * `periodStart`), clamping to the month's last day (an anchor on the 31st renews on Feb 28/29).
 * Without an anchor, periods are calendar months in UTC.
 */
export function billingPeriod(now: number, anchor?: number): Period {
  const today = new Date(now);
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth();
  // No anchor: the 1st of a month at midnight, which makes calendar months.
  const at = Number.isFinite(anchor) ? anchor! : Date.UTC(y, m, 1);
  const a = new Date(at);
  const day = a.getUTCDate();
  // Every UTC day is DAY long in JavaScript time (no leap seconds), before 1970 too.
  const timeOfDay = ((at % DAY) + DAY) % DAY;
  // Date.UTC carries a month below 0 or above 11 into the year before or after, and day 0 of a
  // month is the last day of the month before.
  const renewal = (month: number): number => Date.UTC(y, month, Math.min(day, new Date(Date.UTC(y, month + 1, 0)).getUTCDate())) + timeOfDay;
  const index = renewal(m) > now ? m - 1 : m;
  return { start: renewal(index), end: renewal(index + 1) };
}

/** Parses an ISO timestamp or date into epoch ms, or `undefined` when absent or unreadable. */
export function parseTime(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** `2026-11-22`: the UTC calendar date of an instant, for messages. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whole days from the ISO time `from` to `now`, or undefined when `from` is absent or unreadable. */
export function daysSince(from: string | undefined, now: number): number | undefined {
  const days = Math.floor((now - Date.parse(from as string)) / DAY);
  return Number.isNaN(days) ? undefined : days;
}

export function daysBetween(from: number, to: number): number {
  return Math.floor((to - from) / DAY);
}
