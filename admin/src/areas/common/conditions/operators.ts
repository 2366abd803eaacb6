import type { Operator } from '../../../../../shared/schemas/condition';
import type { AttributeOption } from './attributes';

/**
 * Every operator the engine knows, in the order of `Operator` in shared/schemas/condition.ts (a
 * zod-free copy: the console must not load zod; test/admin/conditions.test.tsx holds them equal),
 * each with the words a marketer reads.
 */
export const OPERATORS = [
  ['eq', 'equals'],
  ['neq', 'does not equal'],
  ['in', 'is one of'],
  ['nin', 'is none of'],
  ['gt', 'is more than'],
  ['gte', 'is at least'],
  ['lt', 'is less than'],
  ['lte', 'is at most'],
  ['exists', 'is set or not set'],
  ['contains', 'contains'],
  ['startsWith', 'starts with'],
  ['matches', 'matches the pattern'],
  ['semverEq', 'is version'],
  ['semverGt', 'is a version after'],
  ['semverGte', 'is version or later'],
  ['semverLt', 'is a version before'],
  ['semverLte', 'is version or earlier'],
  ['before', 'is before'],
  ['after', 'is after'],
] as const satisfies readonly (readonly [Operator, string])[];

export const OPERATOR_LABEL: Record<Operator, string> = Object.fromEntries(OPERATORS) as Record<Operator, string>;

/** The operators that fit each kind of attribute, as `operatorFits` in shared/engine/attributes.ts judges them. */
const FITTING: Partial<Record<AttributeOption['kind'], readonly Operator[]>> = {
  string: ['eq', 'neq', 'in', 'nin', 'exists', 'contains', 'startsWith', 'matches'],
  semver: ['semverEq', 'semverGt', 'semverGte', 'semverLt', 'semverLte', 'eq', 'neq', 'in', 'nin', 'exists'],
  number: ['eq', 'neq', 'in', 'nin', 'exists', 'gt', 'gte', 'lt', 'lte'],
  date: ['exists', 'before', 'after'],
  boolean: ['eq', 'neq', 'exists'],
  list: ['in', 'nin', 'exists'],
};

/** Whether an operator suits an attribute of this kind (every one suits a custom trait). */
export const operatorFits = (kind: AttributeOption['kind'], op: Operator): boolean => FITTING[kind]?.includes(op) ?? true;

/** The operators offered for an attribute of this kind; the row's current one is always kept, so nothing is lost. */
export function operatorsFor(kind: AttributeOption['kind'], current: Operator): Operator[] {
  const ops = OPERATORS.map(([op]) => op).filter((op) => operatorFits(kind, op));
  return ops.includes(current) ? ops : [current, ...ops];
}

/** The first operator to offer for a newly chosen attribute. */
export const defaultOperator = (kind: AttributeOption['kind']): Operator => (kind === 'date' ? 'after' : kind === 'number' ? 'gte' : kind === 'semver' ? 'semverGte' : 'eq');
