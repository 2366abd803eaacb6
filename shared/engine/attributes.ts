import type { Catalog } from '../schemas/catalog';
import type { Operator } from '../schemas/condition';
import type { Context } from '../schemas/context';

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

/** Values the engine derives from the context and the person's state, beside what the host sent. */
export interface Derived {
  /** Days to each metric's limit, when the forecast is confident. */
  forecastDays?: Readonly<Record<string, number>>;
  /** Trial state by feature or add-on id: `active` or `ended`. */
  trials?: Readonly<Record<string, string>>;
  readiness?: number;
}

const DAY = 86_400_000;

/** Reads one attribute for one person; undefined when it is absent. Only own properties are read. */
export function resolveAttribute(attr: string, context: Context, limits: Readonly<Record<string, number>>, derived: Derived, now: number): unknown {
  const own = (o: unknown, key: string): unknown => (o !== null && typeof o === 'object' && Object.hasOwn(o, key) ? (o as Record<string, unknown>)[key] : undefined);
  const [head, second, third] = attr.split('.') as [string, string?, string?];
  switch (head) {
    case 'user':
    case 'account': {
      const subject = own(context, head);
      if (second === 'traits' && third !== undefined) return own(own(subject, 'traits'), third);
      if (head === 'account' && second === 'ageDays') {
        const created = Date.parse(String(context.account.createdAt));
        return Number.isNaN(created) ? undefined : Math.floor((now - created) / DAY);
      }
      return second === undefined ? undefined : own(subject, second);
    }
    case 'usage':
      return second === undefined ? undefined : own(context.usage, second);
    case 'limits':
      return second === undefined ? undefined : own(limits, second);
    case 'ratio': {
      const usage = second === undefined ? undefined : own(context.usage, second);
      const limit = second === undefined ? undefined : own(limits, second);
      return typeof usage === 'number' && typeof limit === 'number' && limit > 0 ? (usage * 100) / limit : undefined;
    }
    case 'forecast':
      return second === undefined ? undefined : own(derived.forecastDays, second);
    case 'trial':
      return second === undefined ? undefined : (own(derived.trials, second) ?? 'none');
    case 'readiness':
      return derived.readiness;
    default:
      return undefined;
  }
}
