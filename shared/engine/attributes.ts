import type { Catalog } from '../schemas/catalog';
import type { Operator } from '../schemas/condition';
import type { Context } from '../schemas/context';
import type { ForecastState, State, TrialState } from '../schemas/state';

export type AttributeType = 'string' | 'number' | 'date' | 'any';

const FIXED: Record<string, AttributeType> = {
  'user.id': 'string',
  'user.role': 'string',
  'user.locale': 'string',
  'account.id': 'string',
  'account.plan': 'string',
  'account.createdAt': 'date',
  'account.periodStart': 'date',
  'account.health': 'number',
  /** Whole days since `account.createdAt`. */
  'account.ageDays': 'number',
  /** 0-100 expansion readiness, once analytics provides it. */
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

const DAY = 86_400_000;
const of = (o: unknown, key: string | undefined): unknown =>
  key !== undefined && o !== null && typeof o === 'object' && Object.hasOwn(o, key) ? (o as Record<string, unknown>)[key] : undefined;

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
      if (key === 'traits') return of(of(of(context, head), 'traits'), third);
      if (attr === 'account.ageDays') {
        const created = Date.parse(String(context.account.createdAt));
        return Number.isNaN(created) ? undefined : Math.floor((now - created) / DAY);
      }
      return of(of(context, head), key);
    }
    case 'usage':
      return of(context.usage, key);
    case 'limits':
      return of(limits, key);
    case 'ratio': {
      const usage = of(context.usage, key);
      const limit = of(limits, key);
      return typeof usage === 'number' && typeof limit === 'number' && limit > 0 ? (usage * 100) / limit : undefined;
    }
    case 'forecast': {
      const f = of(state.forecast, key) as ForecastState | undefined;
      return f?.confident ? f.days : undefined;
    }
    case 'trial': {
      const t = of(state.trials, key) as TrialState | undefined;
      return !t ? 'none' : t.endsAt > now ? 'active' : 'ended';
    }
    case 'readiness':
      return state.readiness;
    default:
      return undefined;
  }
}
