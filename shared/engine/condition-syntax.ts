// Shared by the condition schema and the evaluator; kept free of zod because the widget bundles the evaluator.
import { compile, MAX_STATES } from './pattern';

/** A relative time such as `-90d` (90 days ago), `+2w` or `-12h`. */
export const RELATIVE_TIME = /^[+-]\d{1,5}[hdw]$/;
/** Absolute times are ISO 8601 only, so every JavaScript engine reads them the same way. */
export const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;
export const MAX_PATTERN = 200;
/** Matching reads at most this much of the attribute, which bounds the cost of any accepted pattern. */
export const MAX_MATCH_INPUT = 256;
/** Why `compile` refused: `size`, or the token no linear-time matcher can run. */
function refusal(thrown: string): string {
  if (thrown === 'size') return `is too large: with its repeats written out it needs more than ${MAX_STATES} states (for example, (a{1,30}){1,30} writes out 900 copies of a)`;
  if (thrown[0] === '(') return 'must not use lookarounds ((?=, (?!, (?<=, (?<!), which no linear-time matcher can run';
  if (/^\\[bB]/.test(thrown)) return 'must not use word boundaries (\\b, \\B)';
  return 'must not use backreferences (\\1, \\k<name>), which no linear-time matcher can run';
}

/**
 * Why a `matches` pattern is refused, or null. Patterns use JavaScript's syntax but run on a
 * linear-time matcher (pattern.ts), so nested and chained repeats are fine; refused are invalid
 * syntax, what that matcher cannot run, and patterns too large once repeats are written out.
 */
export function regexProblem(source: string): string | null {
  if (source.length > MAX_PATTERN) return `must be a regular expression of at most ${MAX_PATTERN} characters`;
  try {
    new RegExp(source, 'u');
    compile(source);
    return null;
  } catch (e) {
    return typeof e === 'string' ? refusal(e) : `is not a valid regular expression: ${e instanceof Error ? e.message : String(e)}`;
  }
}
/** `1.2.3`, `v2`, `1.0.0-beta.2+build.7`. */
export const SEMVER = /^v?\d+(\.\d+){0,2}(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
