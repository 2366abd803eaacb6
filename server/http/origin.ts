/** One DNS label: letters, digits and inner hyphens, never a dot. */
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
/** One port number, as a browser writes it in an `Origin` (never the scheme's default, never empty). */
const PORT = '[0-9]{1,5}';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const cache = new Map<string, RegExp | null>();

/**
 * `https://*.acme.com` or `http://localhost:*` as an anchored pattern, or null when the entry is no
 * `scheme://host[:port]`. A `*` stands for exactly one DNS label when it is a whole label of the
 * host, and for one port number when it is the whole port; a `*` anywhere else (`app-*.acme.com`,
 * the scheme) is a plain character, which no browser origin contains.
 */
function patternFor(allowed: string): RegExp | null {
  let re = cache.get(allowed);
  if (re === undefined) {
    const parts = /^([a-z][a-z0-9+.-]*:\/\/)(\[[0-9a-f:.]+\]|[^/:[\]]+)(?::([0-9]+|\*))?$/i.exec(allowed);
    if (parts) {
      const [, scheme = '', host = '', port] = parts;
      const labels = host.startsWith('[') ? escape(host) : host.split('.').map((l) => (l === '*' ? LABEL : escape(l))).join('\\.');
      const portPart = port === undefined ? '' : `:${port === '*' ? PORT : port}`;
      re = new RegExp(`^${escape(scheme)}${labels}${portPart}$`, 'i');
    } else re = null;
    cache.set(allowed, re);
  }
  return re;
}

/**
 * Whether a browser `Origin` may use an environment's publishable key: an entry equal to it, the
 * entry `*` (any origin), or an entry whose `*` stands for one DNS label or one port (see
 * `patternFor`). The server's own origin (the demo, the admin console) always may.
 */
export function originAllowed(origin: string, allowed: readonly string[], self: string): boolean {
  if (origin === self) return true;
  return allowed.some((entry) => entry === '*' || entry === origin || (entry.includes('*') && (patternFor(entry)?.test(origin) ?? false)));
}
