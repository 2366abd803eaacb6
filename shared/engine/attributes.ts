import type { Catalog } from '../schemas/catalog';
import type { Operator } from '../schemas/condition';
import type { Context } from '../schemas/context';
import type { ForecastState, State } from '../schemas/state';
import { own } from './own';
import { daysSince } from './period';

export type AttributeType = 'string' | 'number' | 'date' | 'any';

const FIXED: Record<string, AttributeType> = {
  'user.id': 'string',
  'user.role': 'string',
  'user.locale': 'string',
  'account.id': 'string',
  /** Where the person is: the widget fills these from the browser and keeps them current in single-page apps. */
  'page.path': 'string',
  'page.url': 'string',
  'page.title': 'string',
  'account.plan': 'string',
  'account.createdAt': 'date',
  'account.periodStart': 'date',
  'account.health': 'number',
  /** Whole days since `account.createdAt`. */
  'account.ageDays': 'number',
  /** 0-100 expansion readiness of the account, from the server's state answer; `readiness` is its older name. */
  'account.readiness': 'number',
  readiness: 'number',
};

/**
 * The type of an attribute a condition may name, or null when there is no such attribute.
 * Metric attributes (`usage.*`, `limits.*`, `ratio.*` as a percentage, `forecast.*.days`) must
 * name a metric of the catalog (any metric, when there is no catalog yet); traits are free-form.
 */
export function attributeType(attr: string, catalog: Catalog | null): AttributeType | null {
  if (Object.hasOwn(FIXED, attr)) return FIXED[attr]!;
  if (/^(user|account)\.traits\.[^.]{1,64}$/.test(attr)) return 'any';
  const metric = /^(usage|limits|ratio)\.([^.]+)$/.exec(attr)?.[2] ?? /^forecast\.([^.]+)\.days$/.exec(attr)?.[1];
  if (metric) return !catalog || catalog.metrics.some((m) => m.id === metric) ? 'number' : null;
  if (/^trial\.[^.]{1,64}$/.test(attr)) return 'string';
  return null;
}

const OPERATORS: Record<Exclude<AttributeType, 'any'>, readonly Operator[]> = {
  string: ['eq', 'neq', 'in', 'nin', 'exists', 'contains', 'startsWith', 'matches', 'semverEq', 'semverGt', 'semverGte', 'semverLt', 'semverLte'],
  number: ['eq', 'neq', 'in', 'nin', 'exists', 'gt', 'gte', 'lt', 'lte'],
  date: ['exists', 'before', 'after'],
};

export function operatorFits(type: AttributeType, op: Operator): boolean {
  return type === 'any' || OPERATORS[type].includes(op);
}

/** A trial's state for an id: running, ended, or never started. */
export function trialOf({ state, now }: { state: State; now: number }, id: string | undefined): 'active' | 'ended' | 'none' {
  const t = own(state.trials, id);
  return !t ? 'none' : t.endsAt > now ? 'active' : 'ended';
}

/**
 * Reads one attribute for one person; undefined when it is absent. Only own properties are read.
 * `limits` are the account's effective limits; forecasts count only when confident; a trial is
 * `active`, `ended` or `none`.
 */
export function resolveAttribute(attr: string, context: Context, limits: Readonly<Record<string, number>>, state: State, now: number): unknown {
  const [head, key, third] = attr.split('.') as [string, string?, string?];
  switch (head) {
    case 'user':
    case 'account': {
      if (attr === 'account.ageDays') return daysSince(context.account.createdAt, now);
      if (attr === 'account.readiness') return state.readiness;
      const value = own(own(context, head), key);
      return key === 'traits' ? own(value, third) : value;
    }
    case 'page':
      return own(context.page, key);
    case 'usage':
      return own(context.usage, key);
    case 'limits':
      return own(limits, key);
    case 'ratio': {
      const usage = own(context.usage, key);
      const limit = own(limits, key);
      // Effective limits are numbers (see createScope); a usage reading may be absent.
      return typeof usage === 'number' && limit! > 0 ? (usage * 100) / limit! : undefined;
    }
    case 'forecast': {
      const f: ForecastState | undefined = own(state.forecast, key);
      return f?.confident ? f.days : undefined;
    }
    case 'trial':
      return trialOf({ state, now }, key);
    case 'readiness':
      return state.readiness;
    default:
      return undefined;
  }
}
