import type { Config } from '../shared/schemas/config';
import type { Context } from '../shared/schemas/context';
import { isObject } from '../shared/engine/own';

// Plain guards instead of zod: the schemas in shared/ are the source of truth and the server
// enforces them in full; these check what the widget relies on, in a few hundred bytes.

/** A plain object (not null, not an array); shared with the engine's state merge. */
export { isObject };

// Number.isFinite is false for anything but a number, so it stands for the type check too.
const isValue = (v: unknown) => v === null || typeof v === 'boolean' || Number.isFinite(v) || (typeof v === 'string' && v.length <= 1024);

// Same limits as ExternalId: 1-256 characters, no control characters (the server would reject the events).
const isId = (x: unknown): x is string => typeof x === 'string' && /^[^\u0000-\u001f\u007f]{1,256}$/.test(x);
const isOptionalString = (x: unknown): boolean => x === undefined || typeof x === 'string';
/** A field of a context, by its path; whatever `user` and `account` are, this reads undefined where there is nothing. */
const field = (x: unknown, path: string): unknown => path.split('.').reduce<unknown>((o, k) => Object(o)[k], x);

/** The path of the first metric in `x` that is not a finite number ≥ 0, or `name` when `x` is no object. */
function metricsError(x: unknown, name: string): string | false {
  if (x === undefined) return false;
  if (!isObject(x)) return name;
  const bad = Object.entries(x).find(([, v]) => !(Number.isFinite(v) && (v as number) >= 0));
  return !!bad && `${name}.${bad[0]}`;
}

/** Why `x` cannot be used as an identify context (the first path at fault), or `false` when it can. */
export function contextError(x: unknown): string | false {
  if (!isObject(x)) return 'context must be an object';
  const path =
    ['user.id', 'account.id', 'account.plan'].find((p) => !isId(field(x, p))) ??
    ['user.locale', 'user.role', 'account.periodStart', 'account.createdAt'].find((p) => !isOptionalString(field(x, p))) ??
    // A token the server could not even read would cost this person's events (the server refuses the batch).
    ((x.token !== undefined && !(typeof x.token === 'string' && /^[\w.-]{1,4096}$/.test(x.token)) && 'token') ||
      metricsError(x.usage, 'usage') ||
      metricsError(x.limits, 'limits'));
  return path && `context.${path} is invalid`;
}

const BAD_KEYS = /^(__proto__|constructor|prototype)$/;

/**
 * Why `Upshift.track` props would be refused by the server (the `EventProps` schema), or `false`.
 * Checked here so one bad call is dropped alone instead of failing the batch it would travel in.
 */
export function propsError(x: unknown): string | false {
  if (x === undefined) return false;
  if (!isObject(x) || Object.keys(x).length > 50) return 'props must be an object of at most 50 keys';
  // An own `__proto__` (from JSON.parse) is an entry like any other, and refused by name.
  const bad = Object.entries(x).find(([k, v]) => !k || k.length > 64 || BAD_KEYS.test(k) || !isValue(v));
  // The README lists the limits (keys of 1-64 characters; strings of at most 1,024, numbers, booleans, null).
  return bad ? `props.${bad[0]} is invalid` : false;
}

/**
 * Whether a `GET /v1/config` body has the skeleton the engine walks. Nothing deeper is checked: the
 * server validated every rule when it was published, the engine skips (as `rule.invalid`) any single
 * rule it still cannot read, and anything worse is caught around the evaluation, so no prompt shows
 * and the page goes on.
 */
export function isConfig(x: unknown): x is Config {
  if (!isObject(x)) return false;
  const c = x.catalog;
  const { schemaVersion, version, rules } = x as Config;
  return (
    isObject(c) &&
    // The widget's own words come with the config (published by this server release or later).
    isObject((x.strings as Record<string, unknown> | undefined)?.en) &&
    (schemaVersion === 1 || schemaVersion === 2) &&
    typeof version === 'number' &&
    Array.isArray(rules) &&
    rules.every(isObject) &&
    ['plans', 'metrics', 'features', 'nextSteps'].every((k) => Array.isArray(c[k]))
  );
}

export type { Context };
