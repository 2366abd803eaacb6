import type { Condition, Leaf, Scalar } from '../../shared/schemas/condition';

/** What can be said about a condition without any context: it never holds, always holds, or depends. */
export type Verdict = 'never' | 'always' | 'depends';

/** Attributes every valid context has. */
const ALWAYS_PRESENT = new Set(['user.id', 'account.id', 'account.plan']);

function leafVerdict(leaf: Leaf): Verdict {
  const { op, value } = leaf;
  if (op === 'in' && Array.isArray(value) && value.length === 0) return 'never';
  if (op === 'nin' && Array.isArray(value) && value.length === 0) return 'always';
  if (op === 'exists' && ALWAYS_PRESENT.has(leaf.attr)) return value === false ? 'never' : 'always';
  // Percentages, counts and days are never negative.
  const nonNegative = /^(usage|limits|ratio)\.|^forecast\.|^account\.(health|ageDays|readiness)$|^readiness$/.test(leaf.attr);
  if (nonNegative && typeof value === 'number') {
    if ((op === 'lt' && value <= 0) || (op === 'lte' && value < 0) || (op === 'eq' && value < 0)) return 'never';
  }
  if (/^account\.(health|readiness)$|^readiness$/.test(leaf.attr) && typeof value === 'number' && op === 'gt' && value >= 100) return 'never';
  return 'depends';
}

interface Range {
  low: number;
  lowOpen: boolean;
  high: number;
  highOpen: boolean;
  eq?: Scalar;
  conflict: boolean;
}

/** Leaves of one `all` on the same attribute that no value can satisfy together: `gt 90` with `lt 50`, `eq "a"` with `eq "b"`. */
function contradicts(leaves: readonly Leaf[]): boolean {
  const ranges = new Map<string, Range>();
  for (const leaf of leaves) {
    const r = ranges.get(leaf.attr) ?? { low: -Infinity, lowOpen: false, high: Infinity, highOpen: false, conflict: false };
    const v = leaf.value;
    if (typeof v === 'number') {
      if (leaf.op === 'gt' || leaf.op === 'gte') {
        if (v > r.low || (v === r.low && leaf.op === 'gt')) Object.assign(r, { low: v, lowOpen: leaf.op === 'gt' });
      } else if (leaf.op === 'lt' || leaf.op === 'lte') {
        if (v < r.high || (v === r.high && leaf.op === 'lt')) Object.assign(r, { high: v, highOpen: leaf.op === 'lt' });
      }
    }
    if (leaf.op === 'eq' && v !== undefined && !Array.isArray(v)) {
      if (r.eq !== undefined && r.eq !== v) r.conflict = true;
      r.eq = v;
    }
    if (leaf.op === 'exists' && v === false && r.eq !== undefined && r.eq !== null) r.conflict = true;
    ranges.set(leaf.attr, r);
  }
  for (const r of ranges.values()) {
    if (r.conflict) return true;
    if (r.low > r.high || (r.low === r.high && (r.lowOpen || r.highOpen))) return true;
    if (typeof r.eq === 'number' && (r.eq < r.low || r.eq > r.high || (r.eq === r.low && r.lowOpen) || (r.eq === r.high && r.highOpen))) return true;
  }
  return false;
}

/** Whether a condition can never hold, always holds, or depends on who is looking. */
export function verdict(c: Condition): Verdict {
  if ('all' in c) {
    const kids = c.all.map(verdict);
    if (kids.includes('never')) return 'never';
    const leaves = c.all.filter((k): k is Leaf => 'attr' in k);
    if (contradicts(leaves)) return 'never';
    return kids.every((k) => k === 'always') ? 'always' : 'depends';
  }
  if ('any' in c) {
    const kids = c.any.map(verdict);
    if (kids.includes('always')) return 'always';
    return kids.every((k) => k === 'never') ? 'never' : 'depends';
  }
  if ('not' in c) {
    const inner = verdict(c.not);
    return inner === 'never' ? 'always' : inner === 'always' ? 'never' : 'depends';
  }
  return leafVerdict(c);
}
