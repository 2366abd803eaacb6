/**
 * Failed sign-ins counted per email and per client address, in memory on this node (documented
 * in the README: with several nodes each keeps its own count). After `perEmail` failures for an
 * email, or `perAddress` from one address, within `windowMs`, sign-in answers 429 until the
 * oldest failure leaves the window. A success clears the email's count.
 */
export interface LoginLimits {
  perEmail: number;
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perEmail: 10, perAddress: 50, windowMs: 15 * 60_000 };
/** Counters kept at most; the oldest are dropped first, so random emails cannot fill memory. */
const MAX_KEYS = 50_000;

export interface LoginLimiter {
  /** Seconds until a sign-in may be tried again, or 0 when it may now. */
  retryAfter(email: string, address: string): number;
  /** Counts an attempt as failed; made before the password is checked, so guesses sent at once cannot all pass `retryAfter`. */
  failed(email: string, address: string): void;
  /** The attempt just counted succeeded: the email's count starts over, and the attempt no longer counts against the address. */
  succeeded(email: string, address: string): void;
}

export function loginLimiter(limits: LoginLimits, clock: () => number): LoginLimiter {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => {
    const times = (failures.get(key) ?? []).filter((t) => t > now - limits.windowMs);
    if (times.length) failures.set(key, times);
    else failures.delete(key);
    return times;
  };
  const wait = (key: string, max: number, now: number) => {
    const times = recent(key, now);
    if (times.length < max) return 0;
    const oldest = times[times.length - max] ?? now;
    return Math.max(1, Math.ceil((oldest + limits.windowMs - now) / 1000));
  };
  const add = (key: string, now: number) => {
    const times = recent(key, now);
    times.push(now);
    failures.delete(key);
    failures.set(key, times);
    if (failures.size > MAX_KEYS) failures.delete(failures.keys().next().value as string);
  };
  return {
    retryAfter(email, address) {
      const now = clock();
      return Math.max(wait(`e:${email}`, limits.perEmail, now), wait(`a:${address}`, limits.perAddress, now));
    },
    failed(email, address) {
      const now = clock();
      add(`e:${email}`, now);
      add(`a:${address}`, now);
    },
    succeeded(email, address) {
      failures.delete(`e:${email}`);
      const times = failures.get(`a:${address}`);
      times?.pop();
      if (times?.length === 0) failures.delete(`a:${address}`);
    },
  };
}
