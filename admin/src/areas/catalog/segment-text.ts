import type { Condition } from '../../../../shared/schemas/condition';
import { OPERATOR_LABEL } from '../common/conditions/operators';

/** A segment in words for the read-only tables: `account.traits.employees is at least 200 and (…)`. */
export function segmentText(c: Condition): string {
  if ('all' in c) return c.all.length ? c.all.map((k) => wrap(k)).join(' and ') : 'everyone';
  if ('any' in c) return c.any.length ? c.any.map((k) => wrap(k)).join(' or ') : 'nobody';
  if ('not' in c) return `not ${wrap(c.not)}`;
  if (c.op === 'exists') return `${c.attr} ${c.value === false ? 'is not set' : 'is set'}`;
  return `${c.attr} ${OPERATOR_LABEL[c.op]} ${Array.isArray(c.value) ? c.value.map((v) => JSON.stringify(v)).join(', ') : JSON.stringify(c.value ?? null)}`;
}

const wrap = (c: Condition): string => ('all' in c || 'any' in c ? `(${segmentText(c)})` : segmentText(c));
