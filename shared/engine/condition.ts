import type { Catalog } from '../schemas/catalog';
import type { Condition, Leaf, Scalar } from '../schemas/condition';
import { FACTS, LEAN } from './facts';
import { MAX_MATCH_INPUT, RELATIVE_TIME } from './condition-syntax';
import { compile, run } from './pattern';
import { attributeType, operatorFits } from './attributes';

/** The first comparison that did not hold, and what the attribute really was. */
export interface Miss {
  leaf: Leaf;
  actual: unknown;
}

const UNIT: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const patterns = new Map<string, ReturnType<typeof compile> | null>();

/** The linear-time matcher (pattern.ts) that `matches` conditions run on. */
export interface Matcher {
  compile: typeof compile;
  run: typeof run;
}

/**
 * Bundled with the engine everywhere but in upshift.js (LEAN), whose budget it does not fit: there
 * it comes with upshift-ui.js, and the widget hands it over with `useMatcher` before deciding on a
 * config that has a `matches` condition. Without it (the prompt UI could not load, so no prompt
 * can show anyway) no pattern matches, as when a pattern cannot compile.
 */
let matcher: Matcher | undefined = LEAN ? undefined : { compile, run };

export function useMatcher(m: Matcher): void {
  matcher = m;
  patterns.clear();
}

/**
 * A compiled pattern, or null when it cannot compile (`regexProblem` refuses those when a rule is
 * saved, so only a config written around the API meets one). Compiling is bounded by the
 * pattern's size; matching by the input's length (see pattern.ts).
 */
function pattern(source: string): ReturnType<typeof compile> | null {
  let nfa = patterns.get(source);
  if (nfa === undefined) {
    try {
      nfa = matcher ? matcher.compile(source) : null;
    } catch {
      nfa = null;
    }
    if (patterns.size > 1000) patterns.clear();
    patterns.set(source, nfa);
  }
  return nfa;
}

/** `-90d` relative to now, or an absolute ISO time; NaN when unreadable. */
export function timeOf(value: string, now: number): number {
  if (RELATIVE_TIME.test(value)) {
    const sign = value[0] === '-' ? -1 : 1;
    return now + sign * Number(value.slice(1, -1)) * UNIT[value.slice(-1)]!;
  }
  // The schema admits only ISO 8601 here, which every JavaScript engine parses alike.
  return Date.parse(value);
}

const VERSION = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * A version as the list semantic versioning orders it by: major, minor and patch (a missing part
 * is 0), then the pre-release's identifiers, numeric ones as numbers; a release has "~" there
 * instead, a string after every identifier, so it sorts after its pre-releases.
 */
const versionParts = (m: RegExpExecArray): (number | string)[] => [+m[1]!, +(m[2] ?? 0), +(m[3] ?? 0), ...(m[4]?.split('.') ?? ['~']).map((s) => (/^\d+$/.test(s) ? +s : s))];

/** Semantic-versioning order (its sign): a pre-release sorts before its release; numeric identifiers compare as numbers, and before others. */
export function compareVersions(a: string, b: string): number | null {
  const x = VERSION.exec(a);
  const y = VERSION.exec(b);
  if (!x || !y) return null;
  const xs = versionParts(x);
  const ys = versionParts(y);
  for (let i = 0; i < xs.length || i < ys.length; i++) {
    const p = xs[i];
    const q = ys[i];
    if (p === q) continue;
    // A shorter list of identifiers sorts first; a number before a string (typeof "number" < "string").
    return p === undefined ? -1 : q === undefined ? 1 : typeof p !== typeof q ? (typeof p < typeof q ? -1 : 1) : p < q ? -1 : 1;
  }
  return 0;
}

function holds(leaf: Leaf, actual: unknown, now: number): boolean {
  const { op, value } = leaf;
  if (actual === undefined || actual === null) {
    if (op === 'exists') return value === false;
    return op === 'neq' || op === 'nin' || (op === 'eq' && value === null);
  }
  const num = typeof actual === 'number' && typeof value === 'number';
  const str = typeof actual === 'string' && typeof value === 'string';
  switch (op) {
    case 'exists':
      return value !== false;
    case 'eq':
      return actual === value;
    case 'neq':
      return actual !== value;
    case 'in':
    case 'nin':
      return Array.isArray(value) && value.includes(actual as Scalar) === (op === 'in');
    case 'gt':
      return num && actual > value;
    case 'gte':
      return num && actual >= value;
    case 'lt':
      return num && actual < value;
    case 'lte':
      return num && actual <= value;
    case 'contains':
      return str && actual.includes(value);
    case 'startsWith':
      return str && actual.startsWith(value);
    case 'matches': {
      // Linear in the input, which is cut to a bounded length as well.
      const nfa = str ? pattern(value) : null;
      return nfa !== null && matcher!.run(nfa, (actual as string).slice(0, MAX_MATCH_INPUT));
    }
    case 'before':
    case 'after': {
      const at = typeof actual === 'number' ? actual : typeof actual === 'string' ? Date.parse(actual) : NaN;
      const edge = typeof value === 'string' ? timeOf(value, now) : NaN;
      // NaN compares false either way.
      return op === 'before' ? at < edge : at > edge;
    }
    default: {
      const order = str ? compareVersions(actual, value) : null;
      if (order === null) return false;
      return op === 'semverEq' ? !order : op === 'semverGt' ? order > 0 : op === 'semverGte' ? order >= 0 : op === 'semverLt' ? order < 0 : order <= 0;
    }
  }
}

/** Stands in for a failed `any` or `not` in upshift.js, which carries no facts (see facts.ts). */
const MISSED: Miss = { leaf: { attr: '', op: 'exists' }, actual: null };

/**
 * Tests a condition. Returns null when it holds, or the comparison that failed (for `any`, the
 * first of its branches) so the engine can say why. `all: []` holds and `any: []` never does.
 */
export function miss(condition: Condition, read: (attr: string) => unknown, now: number): Miss | null {
  if ('all' in condition) {
    for (const c of condition.all) {
      const m = miss(c, read, now);
      if (m) return m;
    }
    return null;
  }
  if ('any' in condition) {
    let first: Miss | null = null;
    for (const c of condition.any) {
      const m = miss(c, read, now);
      if (!m) return null;
      first ??= m;
    }
    return first ?? (FACTS ? { leaf: { attr: '(any)', op: 'exists' }, actual: 'no branches' } : MISSED);
  }
  if ('not' in condition) {
    const inner = miss(condition.not, read, now);
    return inner ? null : FACTS ? { leaf: { attr: '(not)', op: 'exists', value: false }, actual: 'the negated condition holds' } : MISSED;
  }
  const actual = read(condition.attr);
  return holds(condition, actual, now) ? null : { leaf: condition, actual };
}

/** `account.traits.employees is 12, not gte 50`. */
export function describeMiss(m: Miss): string {
  const shown = m.actual === undefined ? 'absent' : JSON.stringify(m.actual);
  const wanted = m.leaf.value === undefined ? m.leaf.op : `${m.leaf.op} ${JSON.stringify(m.leaf.value)}`;
  return `${m.leaf.attr} is ${shown}, not ${wanted}`;
}

export interface ConditionIssue {
  path: (string | number)[];
  message: string;
}

/** Unknown attributes and operators that do not fit the attribute's type, each with its exact path. */
export function conditionIssues(condition: Condition, catalog: Catalog | null, path: (string | number)[] = []): ConditionIssue[] {
  if ('all' in condition) return condition.all.flatMap((c, i) => conditionIssues(c, catalog, [...path, 'all', i]));
  if ('any' in condition) return condition.any.flatMap((c, i) => conditionIssues(c, catalog, [...path, 'any', i]));
  if ('not' in condition) return conditionIssues(condition.not, catalog, [...path, 'not']);
  const type = attributeType(condition.attr, catalog);
  if (!type) return [{ path: [...path, 'attr'], message: `unknown attribute "${condition.attr}"` }];
  if (!operatorFits(type, condition.op)) return [{ path: [...path, 'op'], message: `"${condition.op}" does not apply to ${condition.attr}, which is a ${type}` }];
  return [];
}

/** Number of comparisons in a condition: how specific an audience is, for arbitration. */
export function leafCount(c: Condition): number {
  if ('all' in c) return c.all.reduce((n, k) => n + leafCount(k), 0);
  if ('any' in c) return c.any.reduce((n, k) => n + leafCount(k), 0);
  return 'not' in c ? leafCount(c.not) : 1;
}
