const cache = new Map<string, RegExp>();

/** `https://*.acme.com` or `http://localhost:*` as an anchored pattern; `*` never spans `/` or `:`. */
function patternFor(allowed: string): RegExp {
  let re = cache.get(allowed);
  if (!re) {
    const source = allowed.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[A-Za-z0-9.-]+');
    re = new RegExp(`^${source}$`, 'i');
    cache.set(allowed, re);
  }
  return re;
}

/**
 * Whether a browser `Origin` may use an environment's publishable key. The server's own origin
 * (the demo, the admin console) always may.
 */
export function originAllowed(origin: string, allowed: readonly string[], self: string): boolean {
  if (origin === self) return true;
  return allowed.some((entry) => entry === '*' || entry === origin || (entry.includes('*') && patternFor(entry).test(origin)));
}
