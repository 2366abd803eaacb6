/**
 * Hostile values and bodies for the fuzz test. Every body built here breaks at least one required
 * field with a value of the wrong JSON type, so whatever else it carries (prototype keys, deep
 * nesting, huge strings, bad bytes, extreme numbers and dates) the server must refuse it and store
 * nothing.
 */

export type Rand = () => number;

/** The JSON type a breaker field must have; the fuzzer puts anything else there. */
export type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array';

/** A valid body and the fields to break (dotted paths such as `events.0.id`; the first one top-level), for one JSON endpoint. */
export interface BodySpec {
  template: () => Record<string, unknown>;
  breakers: readonly (readonly [string, Kind])[];
}

export const int = (r: Rand, n: number) => Math.floor(r() * n);
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)]!;
export const chance = (r: Rand, p: number) => r() < p;

export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isAdmin'];
const ODD_STRINGS = ['', ' ', '\u0000', '\u202e', '\ud800', '\udfff', '😀', 'null', 'undefined', 'NaN', '<script>alert(1)</script>', "' OR 1=1 --", '../../etc/passwd', '%00', '\\', '"'];

/**
 * Numbers and instants valid in type but extreme in value: where a schema forgot a bound, they
 * reach `new Date(...)`, SQLite or arithmetic. Sent inside bodies that break another field.
 */
export const EXTREME_NUMBERS = [1e308, -1e308, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 2 ** 63, -1, -0, 5e-324, 1e15, 1e21, 8.64e15 + 1, 253_402_300_800];
export const EXTREME_DATES = [
  '+275760-09-13T00:00:00Z',
  '-271821-04-20T00:00:00Z',
  '0000-01-01',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59-23:59',
  '0000-01-01T00:00:00+23:59',
  '1969-12-31T23:59:59.999Z',
  '2026-02-30T00:00:00Z',
  '2024-02-29T24:00:00Z',
];

/** Percent-encodes `s`; a lone surrogate, which `encodeURIComponent` refuses, becomes invalid UTF-8 bytes. */
export function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '')) + '%ED%A0%80%FF';
  }
}

/** Sets an own enumerable property, even `__proto__`, as `JSON.parse` would. */
export function put(o: Record<string, unknown>, k: string, v: unknown) {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

export function randomString(r: Rand, max = 40): string {
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

/** Any JSON value, up to `depth` levels of containers, with hostile keys mixed in. */
export function randomJson(r: Rand, depth = 3): unknown {
  const c = int(r, depth > 0 ? 7 : 5);
  switch (c) {
    case 0:
      return null;
    case 1:
      return chance(r, 0.5);
    case 2:
      return chance(r, 0.5) ? pick(r, EXTREME_NUMBERS) : (r() - 0.5) * 10 ** int(r, 12);
    case 3:
    case 4:
      return chance(r, 0.1) ? pick(r, EXTREME_DATES) : randomString(r);
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

/**
 * How deep to nest. The deepest and the largest inputs are the costliest to parse and gain little
 * from repetition, so they come up rarely here and once each in `extremeBodies`.
 */
export const depthOf = (r: Rand) => (chance(r, 0.03) ? 10_000 : pick(r, [2, 50, 500, 1_000]));
const hugeLength = (r: Rand) => (chance(r, 0.1) ? 100_000 : pick(r, [1_000, 10_000]));

/** A value of any JSON kind but `kind` (as a placeholder when it is raw deep JSON). */
function wrongValue(r: Rand, kind: Kind, raws: string[]): unknown {
  if (chance(r, 0.15)) {
    raws.push(deepJson(r, depthOf(r), kind === 'array' ? 'object' : 'array'));
    return RAW(raws.length - 1);
  }
  if (kind !== 'string' && chance(r, 0.02)) return 'x'.repeat(hugeLength(r));
  for (;;) {
    const v = randomJson(r, 2);
    if (kindOf(v) !== kind) return v;
  }
}

const looksLikeDate = (s: string) => /^\d{4}-\d\d-\d\d/.test(s);

/** `value` with some of its numbers and date strings, at any depth, replaced by extreme ones. */
function extremize(r: Rand, value: unknown): unknown {
  if (typeof value === 'number') return chance(r, 0.3) ? pick(r, EXTREME_NUMBERS) : value;
  if (typeof value === 'string') return looksLikeDate(value) && chance(r, 0.5) ? pick(r, EXTREME_DATES) : value;
  if (Array.isArray(value)) return value.map((v) => extremize(r, v));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, extremize(r, v)]));
  return value;
}

/** Sets the field at a dotted path that exists in the template. */
function putPath(body: Record<string, unknown>, path: string, v: unknown) {
  const keys = path.split('.');
  const parent = keys.slice(0, -1).reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, body);
  put(parent, keys.at(-1)!, v);
}

/** A template with one required field broken, plus hostile extras: extreme values, prototype keys, deep nesting. */
export function brokenBody(r: Rand, spec: BodySpec): string {
  const body = chance(r, 0.3) ? (extremize(r, spec.template()) as Record<string, unknown>) : spec.template();
  const raws: string[] = [];
  const [path, kind] = pick(r, spec.breakers);
  putPath(body, path, wrongValue(r, kind, raws));
  for (let i = int(r, 3); i > 0; i--) {
    const key = chance(r, 0.6) ? pick(r, PROTO_KEYS) : randomString(r, 10);
    // Never replace the broken field, or an object on its path, with something that might be valid.
    if (spec.breakers.some(([f]) => f.split('.')[0] === key)) continue;
    if (chance(r, 0.2)) {
      raws.push(deepJson(r, depthOf(r), chance(r, 0.5) ? 'array' : 'object'));
      put(body, key, RAW(raws.length - 1));
    } else put(body, key, randomJson(r));
  }
  // A nested prototype key inside an existing object, e.g. context.__proto__ or data.constructor.
  const nested = Object.values(body).find((v): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v));
  if (nested && chance(r, 0.3)) put(nested, pick(r, PROTO_KEYS), randomJson(r));
  return stringify(body, raws);
}

const BAD_BYTES = [[0xff], [0xfe, 0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80], [0xe2, 0x82], [0xef, 0xbb, 0xbf]];

/** `text` as UTF-8 with an invalid byte sequence spliced in somewhere. */
export function withBadUtf8(r: Rand, text: string): Uint8Array {
  const bytes = Buffer.from(text, 'utf8');
  const at = int(r, bytes.length + 1);
  return new Uint8Array(Buffer.concat([bytes.subarray(0, at), Buffer.from(pick(r, BAD_BYTES)), bytes.subarray(at)]));
}

/** The body of one request to a JSON endpoint: bytes or text, always one the endpoint must refuse. */
export function hostileBody(r: Rand, spec: BodySpec): string | Uint8Array {
  const mode = r();
  if (mode < 0.45) return brokenBody(r, spec);
  if (mode < 0.6) {
    // Random JSON: never an object body unless a breaker is set in it.
    const v = randomJson(r, 4);
    if (kindOf(v) === 'object') {
      // The first breaker is top-level: random JSON has none of the template's nested objects.
      const [field, kind] = spec.breakers[0]!;
      const raws: string[] = [];
      put(v as Record<string, unknown>, field, wrongValue(r, kind, raws));
      return stringify(v, raws);
    }
    return JSON.stringify(v);
  }
  if (mode < 0.68) return deepJson(r, depthOf(r), 'array');
  if (mode < 0.8) {
    // Not JSON: truncated, trailing garbage, JS-only syntax, or nothing.
    const text = brokenBody(r, spec);
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
  if (mode < 0.97) return withBadUtf8(r, brokenBody(r, spec));
  // A huge string value in a broken body.
  const huge = JSON.stringify(pick(r, ['a', 'é', '😀', '\\']).repeat(hugeLength(r)));
  return `{"huge":${huge},${brokenBody(r, spec).slice(1)}`;
}

/** A body for an endpoint that reads none: ignored, but it must not confuse the framing. */
export function strayBody(r: Rand): string | Uint8Array {
  return chance(r, 0.5) ? JSON.stringify(randomJson(r)) : withBadUtf8(r, randomString(r, 100));
}

/**
 * The largest inputs, sent once per JSON endpoint rather than at random so the run stays quick: a
 * 1 MB and a 4 MB string in a broken body, and bodies nested 10,000 and 100,000 levels deep.
 */
export function extremeBodies(r: Rand, spec: BodySpec): string[] {
  const [field, kind] = spec.breakers[0]!;
  const broken = brokenBody(r, spec);
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
