/** A billing period: `start` inclusive, `end` exclusive, both epoch ms (UTC). */
export interface Period {
  start: number;
  end: number;
}

const DAY = 86_400_000;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/**
 * The billing period that contains `now`. Periods repeat monthly from `anchor` (the account's
 * `periodStart`), clamping to the month's last day (an anchor on the 31st renews on Feb 28/29).
 * Without an anchor, periods are calendar months in UTC.
 */
export function billingPeriod(now: number, anchor?: number): Period {
  const today = new Date(now);
  if (anchor === undefined || !Number.isFinite(anchor)) {
    const y = today.getUTCFullYear();
    const m = today.getUTCMonth();
    return { start: Date.UTC(y, m, 1), end: Date.UTC(y, m + 1, 1) };
  }
  const a = new Date(anchor);
  const day = a.getUTCDate();
  const timeOfDay = anchor - Date.UTC(a.getUTCFullYear(), a.getUTCMonth(), day);
  const renewal = (monthIndex: number): number => {
    // monthIndex counts months since year 0 so that carrying across years needs no special case.
    const y = Math.floor(monthIndex / 12);
    const m = monthIndex - y * 12;
    return Date.UTC(y, m, Math.min(day, daysInMonth(y, m))) + timeOfDay;
  };
  let index = today.getUTCFullYear() * 12 + today.getUTCMonth();
  if (renewal(index) > now) index -= 1;
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

export function daysBetween(from: number, to: number): number {
  return Math.floor((to - from) / DAY);
}
