import { createHmac } from 'node:crypto';
import { chance, deepJson, enc, int, pick, PROTO_KEYS, randomJson, randomString, type Rand } from './fuzz-inputs';
import { STAND_IN_UI } from '../helpers/app-process';

/**
 * The hostile parts of a request other than its body: credentials, query strings, path segments
 * and headers. Everything here is something Node's HTTP client will put on the wire (header values
 * in Latin-1 without CR, LF or NUL; paths in U+0021-U+00FF, so Latin-1 bytes reach the server raw).
 */

export type Headers = Record<string, string>;

export interface Keys {
  publishable: string;
  secret: string;
  environmentId: string;
  stripeSecret: string;
  origin: string;
  /** Draft rule ids that exist: a DELETE must never name one. */
  ruleIds: ReadonlySet<string>;
  /** The files the server serves under `/assets/`. */
  assets: readonly string[];
}

/** `s` as a header value Node sends: characters outside Latin-1, and control characters, become byte 0xFF. */
const latin1 = (s: string) => s.replace(/[^\t\x20-\x7e\x80-\xff]/g, '\xff');

const GARBAGE = ['pk_', 'sk_', 'pk_short', 'pk_' + 'a'.repeat(65), 'pk_abc!defgh', 'Bearer', 'null', '\u00ff\u00fe', '\u00c0\u00af', 'pk_AAAAAAAAAAAAAAAA', 'x'.repeat(8_000), ' pk_x '];

/** A header value a lenient parser might take for a credential or a tag. */
export function garbageHeader(r: Rand): string {
  return chance(r, 0.1) ? latin1(randomString(r, 30)) : pick(r, GARBAGE);
}

const ORIGINS = ['https://evil.test', 'null', 'file://', 'https://app.acme.test.evil.test', 'http://app.acme.test', '%%%', 'https://app.acme.test:443', 'https://APP.ACME.TEST', 'https://app.acme.test.', 'https://app.acme.test/', 'https://app.acme.test@evil.test', 'http://[::1]', 'https://\u00e9vil.test', 'x'.repeat(5_000)];

function origin(r: Rand, keys: Keys, headers: Headers) {
  const o = r();
  if (o < 0.4) headers['Origin'] = keys.origin;
  else if (o < 0.5) headers['Origin'] = pick(r, ORIGINS);
}

/** Headers and query for a publishable-key route; mostly the valid key, so the rest of the request is reached. */
export function publishableAuth(r: Rand, keys: Keys, headers: Headers, query: string[]) {
  const c = r();
  if (c < 0.75) {
    if (chance(r, 0.5)) headers['X-Upshift-Key'] = keys.publishable;
    else query.push(`key=${keys.publishable}`);
  } else if (c < 0.8) {
    /* missing */
  } else if (c < 0.85) headers['X-Upshift-Key'] = keys.secret;
  else if (c < 0.9) query.push(`key=${enc(randomString(r, 30))}`);
  else headers['X-Upshift-Key'] = garbageHeader(r);
  origin(r, keys, headers);
  if (chance(r, 0.05)) headers['X-Upshift-Token'] = garbageHeader(r);
}

/** An `Authorization` header for a secret-key route: mostly the valid key. */
export function secretAuth(r: Rand, keys: Keys, headers: Headers) {
  if (chance(r, 0.75)) headers['Authorization'] = `${pick(r, ['Bearer', 'bearer', 'BEARER'])} ${keys.secret}`;
  else brokenSecretAuth(r, keys, headers);
}

/**
 * Credentials that never authenticate: missing, the publishable key, another scheme, a malformed
 * or unknown secret key, or the real one mangled (a character more, a character fewer, or sent
 * where a secret key is not read). For the routes that change state and take no body to break.
 */
export function brokenSecretAuth(r: Rand, keys: Keys, headers: Headers) {
  const unknown = `sk_${'Z'.repeat(40)}`;
  pick(r, [
    () => {},
    () => (headers['Authorization'] = `Bearer ${keys.publishable}`),
    () => (headers['Authorization'] = `Basic ${Buffer.from(`${keys.secret}:`).toString('base64')}`),
    () => (headers['Authorization'] = `Bearer ${garbageHeader(r)}`),
    () => (headers['Authorization'] = `Bearer ${unknown}`),
    () => (headers['Authorization'] = `Bearer ${keys.secret}x`),
    () => (headers['Authorization'] = `Bearer ${keys.secret.slice(0, -1)}`),
    () => (headers['Authorization'] = `Bearer ${keys.secret} ${keys.secret}`),
    () => (headers['Authorization'] = `Token ${keys.secret}`),
    () => (headers['Authorization'] = keys.secret),
    () => (headers['X-Upshift-Key'] = keys.secret),
    () => (headers['Authorization'] = `Bearer ${keys.secret.slice(0, 10)}\u00ff${keys.secret.slice(11)}`),
  ])();
}

/** A Stripe-Signature over `body` (often valid, so the body is what gets refused) and a content type. */
export function stripeHeaders(r: Rand, keys: Keys, headers: Headers, body: string | Uint8Array) {
  const t = Math.floor(Date.now() / 1000);
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
  const sign = (ts: number) => createHmac('sha256', keys.stripeSecret).update(`${ts}.${text}`).digest('hex');
  const c = r();
  if (c < 0.6) headers['Stripe-Signature'] = `t=${t},v1=${sign(t)}`;
  else if (c < 0.7) headers['Stripe-Signature'] = `t=${t - 100_000},v1=${sign(t - 100_000)}`;
  else if (c < 0.8) headers['Stripe-Signature'] = `t=${t},v1=${'0'.repeat(64)}`;
  else if (c < 0.9) headers['Stripe-Signature'] = garbageHeader(r);
  if (chance(r, 0.3)) headers['Content-Type'] = pick(r, [...CONTENT_TYPES, ...WRONG_CONTENT_TYPES]);
}

export const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain;charset=UTF-8', 'APPLICATION/JSON', 'application/json; charset=latin1'];
export const WRONG_CONTENT_TYPES = ['', 'text/html', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json-patch+json', 'application', '*/*', ';;;', 'application/json\u00ff'];

/** A `/v1/state` query that names no valid person, or a valid one with only unusable usage. */
export function stateQuery(r: Rand, query: string[]) {
  if (chance(r, 0.5)) {
    const badId = () => pick(r, ['', 'a'.repeat(257), 'a\u0000b', '\u001f', '\u007f']);
    const person = pick(r, [() => [`user=${enc(badId())}`, 'account=acct-1'], () => ['user=user-1', `account=${enc(badId())}`], () => ['account=acct-1'], () => ['user=user-1'], () => []])();
    query.push(...person);
  } else {
    query.push('user=user-1', 'account=acct-1');
  }
  // GET records no usage at all; these values would not be kept by a POST either.
  const badUsage = () => pick(r, ['"9"', '-1', '1e400', 'null', 'true', '[1]', '{"a":1}', '-0.5', '-1e308']);
  const usageKeys = ['api_calls', 'seats', 'reports', ...PROTO_KEYS];
  const usage = `{${Array.from({ length: int(r, 5) }, () => `${JSON.stringify(pick(r, usageKeys))}:${badUsage()}`).join(',')}}`;
  // Percent-encoded, the deepest JSON here (1,500 levels) stays under Node's 16 KB request head.
  const extras: [string, () => string, 'raw'?][] = [
    ['usage', () => usage],
    ['usage', () => deepJson(r, pick(r, [2, 50, 500, 1_500]), 'array')],
    ['usage', () => deepJson(r, pick(r, [2, 50, 300]), 'object')],
    ['limits', () => JSON.stringify(randomJson(r))],
    ['limits', () => `{"api_calls":${pick(r, ['1e308', '9007199254740993', '-0', '1e-400'])}}`],
    ['addons', () => Array.from({ length: int(r, 300) }, () => randomString(r, 8)).join(',')],
    ['plan', () => randomString(r)],
    ['periodStart', () => pick(r, ['-1', '1e400', 'yesterday', '9'.repeat(40), '2026-13-45T99:99:99Z', '+275760-09-13T00:00:00Z', '0000-01-01', '-271821-04-20'])],
    ['__proto__', () => 'x'],
    ['user', () => randomString(r)],
    // Malformed percent-encoding, sent as is.
    ['account', () => pick(r, ['%', '%zz', '%FF', '%ED%A0%80']), 'raw'],
    ['token', () => garbageHeader(r)],
  ];
  for (let i = int(r, 4); i > 0; i--) {
    const [k, v, raw] = pick(r, extras);
    query.push(`${k}=${raw ? v() : enc(v())}`);
  }
  if (chance(r, 0.005)) query.push(`usage=${'x'.repeat(20_000)}`);
}

/** `limit=` for the list endpoints: out of range, not a whole number, repeated, or a valid one. */
export function limitQuery(r: Rand, query: string[]) {
  if (chance(r, 0.2)) return;
  const value = pick(r, ['0', '1', '-1', '50', '200', '201', '500', '501', '1.5', '1e2', '1e400', ' 5', '5 ', '0x10', '', 'abc', '9'.repeat(400), 'Infinity', 'NaN', '-0', '[]', '1,2']);
  query.push(pick(r, [`limit=${enc(value)}`, `limit=${value.replace(/ /g, '+')}`, `limit=1&limit=${enc(value)}`, `limit[]=${enc(value)}`, `limit[__proto__]=1`, 'limit', 'limit=%FF', 'limit=%']));
}

/** An analytics read's range, filters and breakdown: valid, malformed, repeated, out of range or bracketed. */
export function analyticsQuery(r: Rand, query: string[]) {
  const values = ['2026-03-01', '2026-02-30', '2026-13-01', '1970-01-01', '9999-12-31', '-2026-01-01', '2026-3-1', '', 'today', '2026-03-01T00:00:00Z', '%FF', 'a'.repeat(300), 'holdout', 'usage', 'tier', 'banner', 'en', ...PROTO_KEYS];
  const names = ['from', 'to', 'rule', 'by', 'tier', 'variant', 'surface', 'locale', 'trigger', 'utm_source', ...PROTO_KEYS];
  for (let i = int(r, 6); i > 0; i--) {
    const name = pick(r, names);
    const value = pick(r, values);
    query.push(pick(r, [`${name}=${enc(value)}`, `${name}[]=${enc(value)}`, `${name}=${enc(value)}&${name}=x`, name, `${name}=%`]));
  }
}

const ACCEPT_ENCODINGS = ['br', 'gzip', 'identity', '*', '*;q=0', 'br;q=0, gzip;q=0', 'gzip;q=abc', 'br;q=1e400', 'br;q=-1', ';;;,,,', 'x'.repeat(8_000), Array(2_000).fill('gzip').join(','), 'BR', 'gzip ; q = 0.5', 'identity;q=0, *;q=0', 'deflate, compress', '\u00ff'];
const ETAGS = ['*', 'W/"x"', '"', '"a", "b"', ',,,', `"${'a'.repeat(8_000)}"`, 'W/', '"x"-gzip', '"\u00ff"'];
const XFF = ['', ',', '1.2.3.4', '1.2.3.4, 5.6.7.8', '::1', '[::1]:80', 'unknown', ' ', 'x'.repeat(5_000), '1.2.3.4,'.repeat(500), '999.999.999.999', '\u00ff', '127.0.0.1'];
const HOSTS = ['evil.test', 'a b', '[::1', '', 'x'.repeat(300), 'localhost:99999', 'app.acme.test', '\u00ff', 'localhost:0', '127.0.0.1:1'];

/** An `X-Forwarded-For` a client made up: the rate limiter behind a trusted proxy reads its last entry. */
export function forwardedFor(r: Rand, headers: Headers) {
  headers['X-Forwarded-For'] = latin1(pick(r, XFF));
}

/** Query parameters and headers nobody asked for, each on a share `p` of requests. */
export function noise(r: Rand, headers: Headers, query: string[], p: number) {
  if (chance(r, p)) {
    for (let i = 1 + int(r, 3); i > 0; i--) {
      query.push(
        pick(r, [
          () => `${enc(randomString(r, 10))}=${enc(randomString(r, 10))}`,
          () => '__proto__[polluted]=1',
          () => 'constructor[prototype][polluted]=1',
          () => '%=%',
          () => 'a=%E0%A4%A',
          () => '&&&',
          () => '=',
          () => 'a[]=1&a[]=2',
          () => `x=${'%FF'.repeat(100)}`,
          // Raw Latin-1 bytes, not percent-encoded: invalid UTF-8 on the wire.
          () => `q=\u00ff\u00c0\u00af&\u00e9=1`,
          () => `${pick(r, PROTO_KEYS)}=${enc(randomString(r, 10))}`,
        ])(),
      );
    }
  }
  if (chance(r, p)) {
    const [name, value] = pick(r, [
      () => ['X-Forwarded-For', pick(r, XFF)],
      () => ['Accept-Encoding', pick(r, ACCEPT_ENCODINGS)],
      () => ['If-None-Match', pick(r, ETAGS)],
      () => ['Cookie', garbageHeader(r)],
      () => ['Range', pick(r, ['bytes=0-1,-5', 'bytes=999999999999999999-', 'bytes=x'])],
      () => ['Accept', pick(r, ['*/*;q=abc', 'application/json;q=0', garbageHeader(r)])],
      () => ['Host', pick(r, HOSTS)],
      () => [`X-${randomString(r, 8).replace(/[^A-Za-z0-9]/g, '') || 'Z'}`, garbageHeader(r)],
    ])();
    headers[name!] = latin1(value!);
  }
}

/** Headers a page or asset request may carry that change what it answers. */
export function cachingHeaders(r: Rand, headers: Headers) {
  if (chance(r, 0.6)) headers['Accept-Encoding'] = latin1(pick(r, ACCEPT_ENCODINGS));
  if (chance(r, 0.3)) headers['If-None-Match'] = latin1(pick(r, ETAGS));
}

/** A CORS preflight's headers, with the key in the query as a beacon-free page would send it. */
export function preflightHeaders(r: Rand, keys: Keys, headers: Headers, query: string[]) {
  if (chance(r, 0.9)) headers['Origin'] = chance(r, 0.5) ? keys.origin : latin1(pick(r, ORIGINS));
  const k = r();
  if (k < 0.5) query.push(`key=${keys.publishable}`);
  else if (k < 0.7) query.push(`key=${enc(pick(r, [keys.secret, 'pk_short', `pk_${'A'.repeat(32)}`, randomString(r, 30)]))}`);
  if (chance(r, 0.8)) headers['Access-Control-Request-Method'] = pick(r, ['POST', 'GET', 'DELETE', 'FOO', '', 'post']);
  if (chance(r, 0.6)) headers['Access-Control-Request-Headers'] = latin1(pick(r, ['content-type, x-upshift-key', '*', 'x'.repeat(5_000), 'authorization', garbageHeader(r)]));
}

/** A hostile path segment: bad percent-encoding, invalid UTF-8 (encoded or raw), traversal, huge. */
export function hostileSegment(r: Rand): string {
  return pick(r, [
    () => enc(randomString(r, 40)) || 'x',
    () => pick(r, ['\u00ff\u00fe', '\u00c0\u00af', '\u00ed\u00a0\u0080', 'caf\u00e9', '\u0080']),
    () => pick(r, ['%FF', '%ED%A0%80', '%C0%AF', '%F4%90%80%80', '%E2%82', '%00', 'a%00b']),
    () => pick(r, ['%', '%zz', '%%', '%2', 'a%']),
    () => pick(r, ['..', '%2e%2e', '..%2f..%2fetc%2fpasswd', '%2F', '.%00.', '%5C..%5C', '.']),
    () => 'a'.repeat(pick(r, [65, 300, 5_000])),
    () => enc('😀'.repeat(pick(r, [10, 1_000]))),
    () => pick(r, PROTO_KEYS),
    () => enc("' OR 1=1 --"),
  ])();
}

/** Every string a server might decode `segment` to (URI or component decoding, repeated), for the guarantees below. */
function decodings(segment: string): Set<string> {
  const forms = new Set([segment]);
  for (let round = 0; round < 3; round++) {
    for (const form of [...forms]) {
      for (const decode of [decodeURI, decodeURIComponent]) {
        const tryDecode = (s: string) => {
          try {
            return decode(s);
          } catch {
            return null;
          }
        };
        forms.add(tryDecode(form) ?? form.replace(/(?:%[0-9A-Fa-f]{2})+/g, (m) => tryDecode(m) ?? m));
      }
    }
  }
  return forms;
}

/** A rule id segment that, however it is decoded, names no existing draft rule: a DELETE of it must be refused. */
export function absentRuleId(r: Rand, keys: Keys): string {
  const id = pick(r, [() => `fuzz-absent-${int(r, 1e6)}`, () => 'A'.repeat(1 + int(r, 64)), () => hostileSegment(r), () => enc(pick(r, [...keys.ruleIds]).toUpperCase())])();
  return [...decodings(id)].some((d) => keys.ruleIds.has(d)) ? 'fuzz-absent' : id;
}

/** A version segment that, however it is decoded, is no version this environment has (they are all below 1,000,000). */
export function absentVersion(r: Rand): string {
  const n = pick(r, [
    () => pick(r, ['0', '00', '-1', '1.0', '1e0', '1e3', '+1', '0x1', '%201', '1%20', enc('１'), '\u00b9', '-0', '1e400', 'NaN', 'Infinity', '9'.repeat(400)]),
    () => String(1_000_000 + int(r, 1e9)),
    () => pick(r, [String(2 ** 53), '9007199254740993', String(2 ** 63)]),
    () => hostileSegment(r),
  ])();
  const existing = (d: string) => /^\d+$/.test(d) && Number(d) >= 1 && Number(d) < 1_000_000;
  return [...decodings(n)].some(existing) ? '0' : n;
}

/** The prompt UI's hashed name: the real one (200 or 304), a near miss, another hash, or a hostile segment. */
export function uiName(r: Rand): string {
  const real = STAND_IN_UI;
  return pick(r, [() => real, () => real.replace('fuzz01', 'fuzz02'), () => `${real}%00`, () => real.toUpperCase(), () => `upshift-ui.${hostileSegment(r)}.js`, () => `${real}/x`, () => hostileSegment(r)])();
}

/** A name under `/assets/`: a real one (the answer may be 200 or 304), a near miss, or a hostile segment. */
export function assetName(r: Rand, keys: Keys): string {
  const real = pick(r, keys.assets);
  return pick(r, [() => real, () => `${real}.map`, () => `${real}%00`, () => real.toUpperCase(), () => `..%2F${real}`, () => `${real}/x`, () => hostileSegment(r)])();
}
