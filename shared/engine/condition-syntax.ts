// Shared by the condition schema and the evaluator; kept free of zod because the widget bundles the evaluator.

/** A relative time such as `-90d` (90 days ago), `+2w` or `-12h`. */
export const RELATIVE_TIME = /^[+-]\d{1,5}[hdw]$/;
/** Absolute times are ISO 8601 only, so every JavaScript engine reads them the same way. */
export const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;
export const MAX_PATTERN = 200;
/** Matching reads at most this much of the attribute, which bounds the cost of any accepted pattern. */
export const MAX_MATCH_INPUT = 256;
const MAX_UNBOUNDED = 3;

/**
 * Why a `matches` pattern is refused, or null. JavaScript regexes backtrack, so the shapes behind
 * catastrophic backtracking are refused outright: a repeated group that itself repeats or
 * alternates ((a+)+, (a|aa)*), backreferences and lookarounds, and more than three unbounded
 * repeats. With the input cut to 256 characters, what remains stays cheap.
 */
interface GroupRisk {
  /** Something inside repeats without bound (+, *, {n,}) or alternates (|): repeating the group can explode. */
  explosive: boolean;
  /** Something inside repeats at all: harmless under a bounded repeat, risky under an unbounded one. */
  repeats: boolean;
}

/** The quantifier starting at `i`, if any: its length and whether it is unbounded. */
function quantifierAt(source: string, i: number): { length: number; unbounded: boolean } | null {
  const ch = source[i];
  if (ch === '+' || ch === '*') return { length: 1, unbounded: true };
  if (ch === '?') return { length: 1, unbounded: false };
  const braces = ch === '{' ? /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i)) : null;
  return braces ? { length: braces[0].length, unbounded: braces[2] !== undefined && braces[3] === '' } : null;
}

/**
 * Walks the pattern once with a stack of open groups, noting what each contains at any depth. A
 * repeated group is refused when its inside can explode, or when the repeat is unbounded and
 * anything inside repeats. Escapes and character classes are skipped; their contents cannot nest.
 */
function repeatsRisky(source: string): boolean {
  const open: GroupRisk[] = [];
  const mark = (r: Partial<GroupRisk>) => {
    const top = open[open.length - 1];
    if (top) Object.assign(top, { explosive: top.explosive || !!r.explosive, repeats: top.repeats || !!r.repeats });
  };
  let inClass = false;
  let closed: GroupRisk | null = null;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (inClass) {
      if (ch === '\\') i++;
      else if (ch === ']') inClass = false;
      continue;
    }
    const q = quantifierAt(source, i);
    if (q) {
      if (closed && (closed.explosive || (q.unbounded && closed.repeats))) return true;
      mark({ explosive: q.unbounded, repeats: true });
      i += q.length - 1;
      if (source[i + 1] === '?') i++; // lazy modifier
      closed = null;
      continue;
    }
    closed = null;
    if (ch === '\\') i++;
    else if (ch === '[') inClass = true;
    else if (ch === '|') mark({ explosive: true });
    else if (ch === '(') {
      open.push({ explosive: false, repeats: false });
      if (source[i + 1] === '?') i += source[i + 2] === '<' && source[i + 3] !== '=' && source[i + 3] !== '!' ? source.indexOf('>', i) - i : 2;
    } else if (ch === ')') {
      closed = open.pop() ?? null;
      if (closed) mark(closed);
    }
  }
  return false;
}

export function regexProblem(source: string): string | null {
  if (source.length > MAX_PATTERN) return `must be a regular expression of at most ${MAX_PATTERN} characters`;
  if (/\\[1-9]|\\k<|\(\?<?[=!]/.test(source)) return 'must not use backreferences or lookarounds';
  if (repeatsRisky(source)) return 'must not repeat a group that itself repeats or alternates, e.g. (a+)+ or (a|b)*, which can take exponential time';
  if ((source.replace(/\\./g, '').match(/[+*]|\{\d+,\}/g) ?? []).length > MAX_UNBOUNDED) return `must have at most ${MAX_UNBOUNDED} unbounded repeats (+, *, {n,})`;
  try {
    new RegExp(source, 'u');
    return null;
  } catch (e) {
    return `is not a valid regular expression: ${e instanceof Error ? e.message : String(e)}`;
  }
}
/** `1.2.3`, `v2`, `1.0.0-beta.2+build.7`. */
export const SEMVER = /^v?\d+(\.\d+){0,2}(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
