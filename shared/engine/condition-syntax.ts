// Shared by the condition schema and the evaluator; kept free of zod because the widget bundles the evaluator.

/** A relative time such as `-90d` (90 days ago), `+2w` or `-12h`. */
export const RELATIVE_TIME = /^[+-]\d{1,5}[hdw]$/;
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
export function regexProblem(source: string): string | null {
  if (source.length > MAX_PATTERN) return `must be a regular expression of at most ${MAX_PATTERN} characters`;
  if (/\\[1-9]|\\k<|\(\?<?[=!]/.test(source)) return 'must not use backreferences or lookarounds';
  if (/\((?:[^()\\]|\\.)*(?:[+*?|}])(?:[^()\\]|\\.)*\)\s*[+*{?]/.test(source)) {
    return 'must not repeat a group that itself repeats or alternates, e.g. (a+)+ or (a|b)*, which can take exponential time';
  }
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
