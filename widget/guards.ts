import type { Config } from '../shared/schemas/config';
import type { Context } from '../shared/schemas/context';

// Plain guards instead of zod: the schemas in shared/ are the source of truth and the server
// enforces them in full; these check what the widget relies on, in a few hundred bytes.

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
// Same limits as ExternalId: 1-256 characters, no control characters (the server would reject the events).
const isId = (x: unknown): x is string => typeof x === 'string' && x.length > 0 && x.length <= 256 && !/[\u0000-\u001f\u007f]/.test(x);
const isOptionalString = (x: unknown): boolean => x === undefined || typeof x === 'string';

function metricsError(x: unknown, name: string): string | false {
  if (x === undefined) return false;
  if (!isObject(x)) return `${name} must be an object of numbers`;
  for (const [k, v] of Object.entries(x)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return `${name}.${k} must be a finite number ≥ 0`;
  }
  return false;
}

/** Why `x` cannot be used as an identify context, or `false` when it can. */
export function contextError(x: unknown): string | false {
  if (!isObject(x)) return 'context must be an object';
  const { user, account } = x;
  if (!isObject(user) || !isId(user.id)) return 'context.user.id must be a non-empty string';
  if (!isOptionalString(user.locale) || !isOptionalString(user.role)) return 'context.user.locale and role must be strings';
  if (!isObject(account) || !isId(account.id)) return 'context.account.id must be a non-empty string';
  if (!isId(account.plan)) return 'context.account.plan must be a non-empty string';
  if (!isOptionalString(account.periodStart) || !isOptionalString(account.createdAt)) return 'context.account dates must be ISO strings';
  return metricsError(x.usage, 'context.usage') || metricsError(x.limits, 'context.limits');
}

const BAD_KEYS = ['__proto__', 'constructor', 'prototype'];

/**
 * Why `Upshift.track` props would be refused by the server (the `EventProps` schema), or `false`.
 * Checked here so one bad call is dropped alone instead of failing the batch it would travel in.
 */
export function propsError(x: unknown): string | false {
  if (x === undefined) return false;
  if (!isObject(x)) return 'props must be an object';
  const entries = Object.entries(x);
  if (entries.length > 50 || Object.hasOwn(x, '__proto__')) return 'props must have at most 50 keys, none of them "__proto__"';
  for (const [k, v] of entries) {
    if (!k || k.length > 64 || BAD_KEYS.includes(k)) return `props key ${JSON.stringify(k)} is not allowed (1-64 characters)`;
    const ok = v === null || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.length <= 1024);
    if (!ok) return `props.${k} must be a string of at most 1024 characters, a finite number, a boolean or null`;
  }
  return false;
}

/**
 * Whether a `GET /v1/config` body has the skeleton the engine walks. Nothing deeper is checked: the
 * server validated every rule when it was published, the engine skips (as `rule.invalid`) any single
 * rule it still cannot read, and anything worse is caught around the evaluation, so no prompt shows
 * and the page goes on.
 */
export function isConfig(x: unknown): x is Config {
  const c = isObject(x) && x.catalog;
  const { schemaVersion, version, rules } = x as Config;
  return (
    isObject(c) &&
    (schemaVersion === 1 || schemaVersion === 2) &&
    typeof version === 'number' &&
    Array.isArray(rules) &&
    rules.every(isObject) &&
    ['plans', 'metrics', 'features', 'nextSteps'].every((k) => Array.isArray(c[k]))
  );
}

export type { Context };
