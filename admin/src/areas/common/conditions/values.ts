import type { Operator, Scalar } from '../../../../../shared/schemas/condition';
import { ISO_TIME, RELATIVE_TIME, regexProblem, SEMVER } from '../../../../../shared/engine/condition-syntax';
import type { AttributeOption } from './attributes';

/** The JSON type of one typed value: what a comparison's value (or a list item) is sent as. */
export type ScalarType = 'string' | 'number' | 'boolean' | 'null';

/** Which input an operator's value needs. */
export type ValueShape = 'scalar' | 'list' | 'number' | 'text' | 'pattern' | 'semver' | 'time' | 'exists';

export function shapeOf(op: Operator): ValueShape {
  switch (op) {
    case 'eq':
    case 'neq':
      return 'scalar';
    case 'in':
    case 'nin':
      return 'list';
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return 'number';
    case 'contains':
    case 'startsWith':
      return 'text';
    case 'matches':
      return 'pattern';
    case 'before':
    case 'after':
      return 'time';
    case 'exists':
      return 'exists';
    default:
      return 'semver';
  }
}

export const typeOf = (v: Scalar): ScalarType => (v === null ? 'null' : typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'string');

/** The JSON type a new value of an attribute starts with. */
export const typeFor = (kind: AttributeOption['kind']): ScalarType => (kind === 'number' ? 'number' : kind === 'boolean' ? 'boolean' : 'string');

/** The text an input shows for a value. */
export const textOf = (v: Scalar | undefined): string => (v === undefined || v === null ? '' : String(v));

/**
 * The value a typed text stands for. A number that does not read as one is sent as the text itself,
 * so the server refuses it where a number is required (and the row says why before that).
 */
export function parseScalar(text: string, type: ScalarType): Scalar {
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return text === 'true';
    case 'number': {
      const n = text.trim() === '' ? NaN : Number(text);
      return Number.isFinite(n) ? n : text;
    }
    default:
      return text;
  }
}

/** What is wrong with a typed value for this operator, in words for the row, or null. */
export function valueProblem(shape: ValueShape, text: string, type: ScalarType): string | null {
  switch (shape) {
    case 'number':
      return Number.isFinite(parseScalar(text, 'number')) && typeof parseScalar(text, 'number') === 'number' ? null : 'Enter a number.';
    case 'scalar':
      return type === 'number' && typeof parseScalar(text, 'number') !== 'number' ? 'Enter a number, or choose another type.' : null;
    case 'text':
      return text.length > 1024 ? 'Use at most 1,024 characters.' : null;
    case 'pattern': {
      const problem = regexProblem(text);
      return problem ? `The pattern ${problem}.` : null;
    }
    case 'semver':
      return SEMVER.test(text) ? null : 'Enter a version such as 2.4.0.';
    case 'time':
      return RELATIVE_TIME.test(text) || (ISO_TIME.test(text) && !Number.isNaN(Date.parse(text))) ? null : 'Enter a date such as 2026-01-31, or a relative time such as -90d (90 days ago), +2w or -12h.';
    default:
      return null;
  }
}
