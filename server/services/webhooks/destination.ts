/**
 * Where a webhook may be sent: a pure classification of IP addresses and URL hosts, so that a
 * secret-key holder cannot aim Upshift's outbound requests at the network it runs in (cloud
 * metadata, loopback services, private ranges) and read their port state from the delivery log.
 * No I/O here: resolving names and connecting live in `outbound.ts`.
 */

/** What an address is, by the IANA special-purpose registries; only `public` is an ordinary destination. */
export type AddressKind = 'public' | 'loopback' | 'private' | 'shared' | 'link-local' | 'unique-local' | 'multicast' | 'unspecified' | 'reserved';

/** The kinds `UPSHIFT_WEBHOOK_ALLOW_PRIVATE=1` lets through: a receiver on this machine or the local network. */
const PRIVATE_KINDS: ReadonlySet<AddressKind> = new Set(['loopback', 'private', 'shared', 'unique-local']);

const DESCRIPTION: Record<Exclude<AddressKind, 'public'>, string> = {
  loopback: 'a loopback address',
  private: 'a private-network address',
  shared: 'a carrier-grade NAT address (100.64.0.0/10)',
  'link-local': 'a link-local address (where cloud metadata services answer)',
  'unique-local': 'a unique-local IPv6 address',
  multicast: 'a multicast address',
  unspecified: 'an unspecified address',
  reserved: 'a reserved address',
};

type Range = readonly [prefix: string, bits: number, kind: AddressKind | 'embedded-v4'];

// Most specific first: the first range that holds an address decides its kind.
const V4_RANGES: readonly Range[] = [
  ['0.0.0.0', 8, 'unspecified'], // "this network": 0.0.0.0 reaches loopback on Linux
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'], // includes 255.255.255.255
];

const V6_RANGES: readonly Range[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::ffff:0:0', 96, 'embedded-v4'], // IPv4-mapped: the socket goes to the IPv4 address
  ['::ffff:0:0:0', 96, 'embedded-v4'], // IPv4-translated (SIIT)
  ['::', 96, 'reserved'], // IPv4-compatible, deprecated
  ['64:ff9b::', 96, 'embedded-v4'], // NAT64: a gateway forwards to the IPv4 address
  ['64:ff9b:1::', 48, 'private'],
  ['100::', 64, 'reserved'],
  ['2001:db8::', 32, 'reserved'],
  ['2001::', 23, 'reserved'], // protocol assignments, Teredo among them
  ['2002::', 16, 'embedded-v4'], // 6to4
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'], // site-local, deprecated
  ['ff00::', 8, 'multicast'],
  ['2000::', 3, 'public'],
  ['::', 0, 'reserved'], // the rest of the space is unallocated
];

/** `a.b.c.d` in decimal, as URL parsing and the resolver write IPv4 addresses, to a 32-bit number. */
function parseV4(s: string): bigint | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let n = 0n;
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return null;
    n = (n << 8n) | BigInt(p);
  }
  return n;
}

/** An IPv6 address (`::` shorthand, a dotted IPv4 tail, a `%zone` are all taken) to a 128-bit number. */
function parseV6(s: string): bigint | null {
  const text = s.replace(/%.*$/, '');
  const halves = text.split('::');
  if (halves.length > 2) return null;
  // A dotted IPv4 tail may only end the address.
  const groups = (half: string | undefined, last: boolean): string[] | null => {
    if (!half) return [];
    const parts = half.split(':');
    const end = parts[parts.length - 1]!;
    if (last && end.includes('.')) {
      const v4 = parseV4(end);
      if (v4 === null) return null;
      parts.splice(-1, 1, (v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16));
    }
    return parts.every((p) => /^[0-9a-f]{1,4}$/i.test(p)) ? parts : null;
  };
  const head = groups(halves[0], halves.length === 1);
  const tail = groups(halves[1], true);
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 1 ? 0 : missing).fill('0'), ...tail];
  return all.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

interface Table {
  ranges: { shift: bigint; base: bigint; kind: Range[2]; sixToFour: boolean }[];
}

const table = (width: bigint, ranges: readonly Range[], parse: (s: string) => bigint | null): Table => ({
  ranges: ranges.map(([prefix, bits, kind]) => {
    const shift = width - BigInt(bits);
    return { shift, base: parse(prefix)! >> shift, kind, sixToFour: prefix === '2002::' };
  }),
});
const V4 = table(32n, V4_RANGES, parseV4);
const V6 = table(128n, V6_RANGES, parseV6);

function kindIn(value: bigint, { ranges }: Table): AddressKind {
  for (const { shift, base, kind, sixToFour } of ranges) {
    if (value >> shift !== base) continue;
    if (kind !== 'embedded-v4') return kind;
    // 6to4 carries the IPv4 address in bits 16–47; the others in the last 32 bits.
    return kindIn(sixToFour ? (value >> 80n) & 0xffffffffn : value & 0xffffffffn, V4);
  }
  return 'public';
}

/** The kind of an IP address, or null when `ip` is not one (IPv6 with or without brackets). */
export function classifyAddress(ip: string): AddressKind | null {
  const v4 = parseV4(ip);
  if (v4 !== null) return kindIn(v4, V4);
  const v6 = parseV6(ip.replace(/^\[(.*)\]$/, '$1'));
  return v6 === null ? null : kindIn(v6, V6);
}

/** Whether a webhook may go to an address of this kind. */
export function kindAllowed(kind: AddressKind, allowPrivate: boolean): boolean {
  return kind === 'public' || (allowPrivate && PRIVATE_KINDS.has(kind));
}

/** A reason a destination is refused, to answer the host that set it up. */
export function refusalReason(kind: Exclude<AddressKind, 'public'>, subject: string): string {
  const hint = PRIVATE_KINDS.has(kind) ? ' (a server started with UPSHIFT_WEBHOOK_ALLOW_PRIVATE=1 allows it, for local development)' : '';
  return `must not point inside a private network: ${subject} ${DESCRIPTION[kind]}${hint}`;
}

/** What to do about a URL's host: send, refuse, or resolve the name and look at its addresses. */
export type HostCheck = { outcome: 'allowed' } | { outcome: 'refused'; reason: string } | { outcome: 'resolve'; name: string };

/**
 * Checks a host as WHATWG URL parsing leaves it in `new URL(...).hostname`: IPv4 in any spelling
 * (`127.1`, `0x7f000001`, `2130706433`, `0177.0.0.1`) already made dotted decimal, IPv6 in brackets.
 * `localhost` and `*.localhost` are loopback by name (RFC 6761), whatever a resolver says.
 */
export function checkHost(hostname: string, allowPrivate: boolean): HostCheck {
  const kind = classifyAddress(hostname);
  if (kind !== null) {
    if (kind === 'public' || kindAllowed(kind, allowPrivate)) return { outcome: 'allowed' };
    return { outcome: 'refused', reason: refusalReason(kind, `${hostname.replace(/^\[(.*)\]$/, '$1')} is`) };
  }
  const name = hostname.toLowerCase().replace(/\.+$/, '');
  if ((name === 'localhost' || name.endsWith('.localhost')) && !allowPrivate) {
    return { outcome: 'refused', reason: refusalReason('loopback', `${name} is`) };
  }
  return { outcome: 'resolve', name };
}

/** The first address a name resolved to that a webhook may not go to, with its kind; null when all may. */
export function firstRefused(addresses: readonly string[], allowPrivate: boolean): { address: string; kind: Exclude<AddressKind, 'public'> } | null {
  for (const address of addresses) {
    // Something a resolver answered that is no address at all is refused, not trusted.
    const kind = classifyAddress(address) ?? 'reserved';
    if (kind !== 'public' && !kindAllowed(kind, allowPrivate)) return { address, kind };
  }
  return null;
}
