import { createHmac } from 'node:crypto';
import { demoContent } from '../../server/seed';

/**
 * Generators of hostile requests for the fuzz test. Every body built here breaks at least one
 * required field with a value of the wrong type, so whatever else it carries (prototype keys, deep
 * nesting, huge strings, bad bytes) the server must refuse it and store nothing.
 */

export type Rand = () => number;

/** The JSON type a breaker field must have; the fuzzer puts anything else there. */
type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array';

export interface Endpoint {
  name: string;
  method: 'GET' | 'POST' | 'PUT';
  auth: 'publishable' | 'secret' | 'stripe';
  /** A valid body, for the JSON endpoints. */
  template?: () => Record<string, unknown>;
  /** Top-level fields to break, with the kind each must have. */
  breakers?: readonly (readonly [string, Kind])[];
}

export interface Keys {
  publishable: string;
  secret: string;
  environmentId: string;
  stripeSecret: string;
  origin: string;
}

export interface FuzzRequest {
  url: string;
  init: { method: string; headers: Record<string, string>; body?: string | Uint8Array<ArrayBuffer> };
}

const iso = () => new Date().toISOString();

export const ENDPOINTS: readonly Endpoint[] = [
  { name: 'GET /v1/config', method: 'GET', auth: 'publishable' },
  { name: 'GET /v1/state', method: 'GET', auth: 'publishable' },
  {
    name: 'POST /v1/events',
    method: 'POST',
    auth: 'publishable',
    template: () => ({
      events: [{ id: '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f', at: iso(), userId: 'user-1', accountId: 'acct-1', type: 'track', name: 'report.exported' }],
    }),
    breakers: [['events', 'array']],
  },
  {
    name: 'POST /v1/trials',
    method: 'POST',
    auth: 'publishable',
    template: () => ({ userId: 'user-1', accountId: 'acct-1', ruleId: 'try-reports', feature: 'scheduled_reports' }),
    breakers: [['userId', 'string'], ['accountId', 'string'], ['feature', 'string']],
  },
  {
    name: 'POST /v1/admin-requests',
    method: 'POST',
    auth: 'publishable',
    template: () => ({ userId: 'user-1', accountId: 'acct-1', ruleId: demoContent.rules[0]!.id, note: 'please' }),
    breakers: [['userId', 'string'], ['ruleId', 'string']],
  },
  {
    name: 'POST /v1/conversions',
    method: 'POST',
    auth: 'secret',
    template: () => ({ account: 'acct-1', type: 'upgrade', mrrDelta: 4900, currency: 'USD', at: iso(), idempotencyKey: 'fuzz-1' }),
    breakers: [['mrrDelta', 'number'], ['account', 'string'], ['currency', 'string']],
  },
  {
    name: 'POST /v1/decide',
    method: 'POST',
    auth: 'secret',
    template: () => ({ context: { user: { id: 'user-1' }, account: { id: 'acct-1', plan: 'free' } } }),
    breakers: [['context', 'object']],
  },
  {
    name: 'PUT /v1/rules/:id',
    method: 'PUT',
    auth: 'secret',
    template: () => ({ ...structuredClone(demoContent.rules[0]!), id: 'fuzz-rule' }),
    breakers: [['priority', 'number'], ['name', 'string'], ['id', 'string']],
  },
  {
    name: 'PUT /v1/catalog',
    method: 'PUT',
    auth: 'secret',
    template: () => structuredClone(demoContent.catalog) as unknown as Record<string, unknown>,
    breakers: [['plans', 'array'], ['metrics', 'array']],
  },
  { name: 'PUT /v1/settings', method: 'PUT', auth: 'secret', template: () => ({ budget: { day: 1, week: 3 } }), breakers: [['budget', 'object']] },
  {
    name: 'POST /v1/webhooks/stripe/:environmentId',
    method: 'POST',
    auth: 'stripe',
    template: () => ({ id: 'evt_fuzz', type: 'customer.subscription.updated', created: Math.floor(Date.now() / 1000), data: { object: {} } }),
    breakers: [['created', 'number'], ['id', 'string']],
  },
  {
    name: 'POST /v1/webhooks/stripe',
    method: 'POST',
    auth: 'stripe',
    template: () => ({ id: 'evt_fuzz', type: 'customer.subscription.created', created: Math.floor(Date.now() / 1000), data: { object: {} } }),
    breakers: [['type', 'string'], ['data', 'object']],
  },
  { name: 'PUT /v1/identity', method: 'PUT', auth: 'secret', template: () => ({ required: true }), breakers: [['required', 'boolean']] },
];

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isAdmin'];
const ODD_STRINGS = ['', ' ', '\u0000', '\u202e', '\ud800', '\udfff', '😀', 'null', 'undefined', 'NaN', '<script>alert(1)</script>', "' OR 1=1 --", '../../etc/passwd', '%00', '\\', '"'];

/** Percent-encodes `s`; a lone surrogate, which `encodeURIComponent` refuses, becomes invalid UTF-8 bytes. */
function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '')) + '%ED%A0%80%FF';
  }
}

const int = (r: Rand, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)]!;
const chance = (r: Rand, p: number) => r() < p;

/** Sets an own enumerable property, even `__proto__`, as `JSON.parse` would. */
function put(o: Record<string, unknown>, k: string, v: unknown) {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function randomString(r: Rand, max = 40): string {
  if (chance(r, 0.3)) return pick(r, ODD_STRINGS);
  let s = '';
  const n = int(r, max);
  for (let i = 0; i < n; i++) {
    const c = r();
    // Mostly ASCII, some BMP, some astral, some lone surrogates and control characters.
    s += c < 0.6 ? String.fromCharCode(32 + int(r, 95)) : c < 0.75 ? String.fromCharCode(int(r, 0x10000)) : c < 0.85 ? String.fromCodePoint(0x10000 + int(r, 0xfffff)) : String.fromCharCode(int(r, 32));
  }
  return s;
}

const NUMBERS = [0, -0, 1, -1, 0.5, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER + 2, 2 ** 63, 1e21];

/** Any JSON value, up to `depth` levels of containers, with hostile keys mixed in. */
export function randomJson(r: Rand, depth = 3): unknown {
  const c = int(r, depth > 0 ? 7 : 5);
  switch (c) {
    case 0:
      return null;
    case 1:
      return chance(r, 0.5);
    case 2:
      return chance(r, 0.5) ? pick(r, NUMBERS) : (r() - 0.5) * 10 ** int(r, 12);
    case 3:
    case 4:
      return randomString(r);
    case 5:
      return Array.from({ length: int(r, 5) }, () => randomJson(r, depth - 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = int(r, 5); i > 0; i--) put(o, chance(r, 0.4) ? pick(r, PROTO_KEYS) : randomString(r, 12), randomJson(r, depth - 1));
      return o;
    }
  }
}

const kindOf = (v: unknown): Kind | 'null' => (v === null ? 'null' : Array.isArray(v) ? 'array' : (typeof v as Kind));

/** Raw JSON text nested `depth` levels deep: arrays, or objects under hostile keys. */
export function deepJson(r: Rand, depth: number, shape: 'array' | 'object'): string {
  if (shape === 'array') return '['.repeat(depth) + ']'.repeat(depth);
  const key = JSON.stringify(pick(r, [...PROTO_KEYS, 'all', 'any', 'not', 'a']));
  return `{${key}:`.repeat(depth) + '1' + '}'.repeat(depth);
}

const RAW = (i: number) => `@@RAW${i}@@`;

/** A body text whose `raw` placeholders are replaced with the given JSON texts. */
function stringify(value: unknown, raws: string[]): string {
  let text = JSON.stringify(value);
  raws.forEach((raw, i) => {
    text = text.replace(`"${RAW(i)}"`, () => raw);
  });
  return text;
}

const depthOf = (r: Rand) => pick(r, [2, 50, 500, 1000, 10_000]);

/** A value of any JSON kind but `kind` (as a placeholder when it is raw deep JSON). */
function wrongValue(r: Rand, kind: Kind, raws: string[]): unknown {
  if (chance(r, 0.15)) {
    raws.push(deepJson(r, depthOf(r), kind === 'array' ? 'object' : 'array'));
    return RAW(raws.length - 1);
  }
  if (kind !== 'string' && chance(r, 0.02)) return 'x'.repeat(pick(r, [1_000, 10_000, 100_000]));
  for (;;) {
    const v = randomJson(r, 2);
    if (kindOf(v) !== kind) return v;
  }
}

/** A template with one required field broken, plus hostile extras. */
function brokenBody(r: Rand, e: Endpoint): { text: string; topLevelKey: string } {
  const body = e.template!();
  const raws: string[] = [];
  const [field, kind] = pick(r, e.breakers!);
  put(body, field, wrongValue(r, kind, raws));
  for (let i = int(r, 3); i > 0; i--) {
    const key = chance(r, 0.6) ? pick(r, PROTO_KEYS) : randomString(r, 10);
    if (e.breakers!.some(([f]) => f === key)) continue;
    if (chance(r, 0.2)) {
      raws.push(deepJson(r, depthOf(r), chance(r, 0.5) ? 'array' : 'object'));
      put(body, key, RAW(raws.length - 1));
    } else put(body, key, randomJson(r));
  }
  // A nested prototype key inside an existing object, e.g. context.__proto__ or events[0].constructor.
  const nested = Object.values(body).find((v): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v));
  if (nested && chance(r, 0.3)) put(nested, pick(r, PROTO_KEYS), randomJson(r));
  return { text: stringify(body, raws), topLevelKey: field };
}

const BAD_BYTES = [[0xff], [0xfe, 0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80], [0xe2, 0x82], [0xef, 0xbb, 0xbf]];

/** The body of one request: bytes or text, always one the endpoint must refuse. */
function hostileBody(r: Rand, e: Endpoint): string | Uint8Array<ArrayBuffer> {
  const mode = r();
  if (mode < 0.45) return brokenBody(r, e).text;
  if (mode < 0.6) {
    // Random JSON: never an object body unless a breaker is set in it.
    const v = randomJson(r, 4);
    if (kindOf(v) === 'object') {
      const [field, kind] = pick(r, e.breakers!);
      const raws: string[] = [];
      put(v as Record<string, unknown>, field, wrongValue(r, kind, raws));
      return stringify(v, raws);
    }
    return JSON.stringify(v);
  }
  if (mode < 0.68) return deepJson(r, depthOf(r), 'array');
  if (mode < 0.8) {
    // Not JSON: truncated, trailing garbage, JS-only syntax, or nothing.
    const text = brokenBody(r, e).text;
    return pick(r, [
      () => text.slice(0, int(r, text.length)),
      () => `${text}${randomString(r, 5)}x`,
      () => text.replace(/"/g, "'"),
      () => `{"a": NaN, ${text.slice(1)}`,
      () => `// comment\n${text}`,
      () => '',
      () => randomString(r, 200) + '{',
      () => '{'.repeat(10_000),
    ])();
  }
  if (mode < 0.97) {
    // Invalid UTF-8 spliced into a broken body.
    const bytes = Buffer.from(brokenBody(r, e).text, 'utf8');
    const at = int(r, bytes.length + 1);
    const bad = Buffer.from(pick(r, BAD_BYTES));
    return new Uint8Array(Buffer.concat([bytes.subarray(0, at), bad, bytes.subarray(at)]));
  }
  // A huge string value in a broken body.
  const { text } = brokenBody(r, e);
  const huge = JSON.stringify(pick(r, ['a', 'é', '😀', '\\']).repeat(pick(r, [1_000, 10_000, 100_000])));
  return `{"huge":${huge},${text.slice(1)}`;
}

const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain;charset=UTF-8', 'APPLICATION/JSON'];
const WRONG_CONTENT_TYPES = ['', 'text/html', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json-patch+json', 'application', '*/*', ';;;'];

/** An HTTP header value fetch accepts (Latin-1, no CR, LF or NUL) but the server should not. */
function garbageHeader(r: Rand): string {
  return pick(r, ['pk_', 'sk_', 'pk_short', 'pk_' + 'a'.repeat(65), 'pk_abc!defgh', 'Bearer', 'null', '\u00ff\u00fe', 'pk_AAAAAAAAAAAAAAAA', 'x'.repeat(8_000), ' pk_x ']);
}

/** Headers and URL for a publishable-key route; mostly the valid key, so the rest of the request is reached. */
function publishableAuth(r: Rand, keys: Keys, headers: Record<string, string>, query: string[]) {
  const c = r();
  if (c < 0.75) {
    if (chance(r, 0.5)) headers['X-Upshift-Key'] = keys.publishable;
    else query.push(`key=${keys.publishable}`);
  } else if (c < 0.8) {
    /* missing */
  } else if (c < 0.85) headers['X-Upshift-Key'] = keys.secret;
  else if (c < 0.9) query.push(`key=${enc(randomString(r, 30))}`);
  else headers['X-Upshift-Key'] = garbageHeader(r);
  const o = r();
  if (o < 0.4) headers['Origin'] = keys.origin;
  else if (o < 0.5) headers['Origin'] = pick(r, ['https://evil.test', 'null', 'file://', 'https://app.acme.test.evil.test', 'http://app.acme.test', '%%%']);
  if (chance(r, 0.05)) headers['X-Upshift-Token'] = garbageHeader(r);
}

function secretAuth(r: Rand, keys: Keys, headers: Record<string, string>) {
  const c = r();
  if (c < 0.75) headers['Authorization'] = `${pick(r, ['Bearer', 'bearer', 'BEARER'])} ${keys.secret}`;
  else if (c < 0.8) {
    /* missing */
  } else if (c < 0.85) headers['Authorization'] = `Bearer ${keys.publishable}`;
  else if (c < 0.9) headers['Authorization'] = `Basic ${Buffer.from('a:b').toString('base64')}`;
  else headers['Authorization'] = `Bearer ${garbageHeader(r)}`;
}

/** A `/v1/state` query that names no valid person, or a valid one with only unusable usage. */
function stateQuery(r: Rand, query: string[]) {
  if (chance(r, 0.5)) {
    const badId = () => pick(r, ['', 'a'.repeat(257), 'a\u0000b', '\u001f', '\u007f']);
    const person = pick(r, [() => [`user=${enc(badId())}`, 'account=acct-1'], () => ['user=user-1', `account=${enc(badId())}`], () => ['account=acct-1'], () => ['user=user-1'], () => []])();
    query.push(...person);
  } else {
    query.push('user=user-1', 'account=acct-1');
  }
  // Usage values are never a finite number ≥ 0, so no snapshot may be recorded.
  const badUsage = () => pick(r, ['"9"', '-1', '1e400', 'null', 'true', '[1]', '{"a":1}', '-0.5']);
  const usageKeys = ['api_calls', 'seats', 'reports', ...PROTO_KEYS];
  const usage = `{${Array.from({ length: int(r, 5) }, () => `${JSON.stringify(pick(r, usageKeys))}:${badUsage()}`).join(',')}}`;
  const extras: [string, () => string][] = [
    ['usage', () => usage],
    ['usage', () => deepJson(r, depthOf(r), chance(r, 0.5) ? 'array' : 'object')],
    ['usage', () => 'x'.repeat(20_000)],
    ['limits', () => JSON.stringify(randomJson(r))],
    ['addons', () => Array.from({ length: int(r, 300) }, () => randomString(r, 8)).join(',')],
    ['plan', () => randomString(r)],
    ['periodStart', () => pick(r, ['-1', '1e400', 'yesterday', '9'.repeat(40), '2026-13-45T99:99:99Z'])],
    ['__proto__', () => 'x'],
    ['user', () => randomString(r)],
    ['account', () => pick(r, ['%', '%zz', '%FF', '%ED%A0%80'])],
  ];
  for (let i = int(r, 4); i > 0; i--) {
    const [k, v] = pick(r, extras);
    const value = v();
    // Some values are sent as malformed percent-encoding on purpose.
    query.push(`${k}=${value.startsWith('%') ? value : enc(value)}`);
  }
}

function stripeHeaders(r: Rand, keys: Keys, headers: Record<string, string>, body: string | Uint8Array<ArrayBuffer>) {
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

/**
 * The largest inputs, sent once per endpoint rather than at random so the run stays quick: a
 * 1 MB and a 4 MB string in a broken body, and bodies nested 10,000 and 100,000 levels deep.
 */
export function extremeBodies(r: Rand, e: Endpoint): string[] {
  if (!e.template) return [];
  const [field, kind] = e.breakers![0]!;
  const broken = brokenBody(r, e).text;
  const shape = kind === 'array' ? 'object' : 'array';
  return [
    `{"huge":"${'x'.repeat(1_000_000)}",${broken.slice(1)}`,
    `{"huge":"${'😀'.repeat(1_000_000)}",${broken.slice(1)}`,
    deepJson(r, 10_000, 'array'),
    deepJson(r, 100_000, 'array'),
    `{${JSON.stringify(field)}:${deepJson(r, 10_000, shape)},${broken.slice(1)}`,
    `{"__proto__":${deepJson(r, 10_000, 'object')},${broken.slice(1)}`,
  ];
}

/** One hostile request to `e`; `body` replaces the generated one. */
export function hostileRequest(r: Rand, e: Endpoint, keys: Keys, fixedBody?: string): FuzzRequest {
  const headers: Record<string, string> = {};
  const query: string[] = [];
  let path = e.name.split(' ')[1]!;
  if (e.auth === 'publishable') publishableAuth(r, keys, headers, query);
  if (e.auth === 'secret') secretAuth(r, keys, headers);
  if (e.name === 'GET /v1/state') stateQuery(r, query);
  if (e.name === 'GET /v1/config') {
    if (chance(r, 0.3)) headers['If-None-Match'] = pick(r, ['*', 'W/"x"', '"', '"a", "b"', garbageHeader(r)]);
    if (chance(r, 0.3)) query.push(`${enc(randomString(r, 10))}=${chance(r, 0.2) ? '%E0%A4%A' : enc(randomString(r, 10))}`);
  }
  if (path.includes(':id')) path = path.replace(':id', chance(r, 0.85) ? 'fuzz-rule' : enc(randomString(r, 300)) || 'x');
  if (path.includes(':environmentId')) path = path.replace(':environmentId', chance(r, 0.85) ? keys.environmentId : enc(randomString(r, 80)) || 'x');
  const url = `http://localhost${path}${query.length ? `?${query.join('&')}` : ''}`;
  if (e.method === 'GET') return { url, init: { method: 'GET', headers } };

  const body = fixedBody ?? hostileBody(r, e);
  if (e.auth === 'stripe') stripeHeaders(r, keys, headers, body);
  else if (chance(r, 0.8)) headers['Content-Type'] = pick(r, CONTENT_TYPES);
  else if (chance(r, 0.9)) headers['Content-Type'] = pick(r, WRONG_CONTENT_TYPES);
  if (e.name === 'POST /v1/events' && chance(r, 0.05)) headers['Content-Encoding'] = pick(r, ['gzip', 'br', 'deflate', 'compress', 'identity, gzip']);
  return { url, init: { method: e.method, headers, body } };
}
