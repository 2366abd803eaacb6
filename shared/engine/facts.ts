declare const __UPSHIFT_LEAN__: boolean | undefined;

/**
 * Whether reasons carry their facts (`params`, which `explain()` words). True everywhere except in
 * upshift.js, whose build defines `__UPSHIFT_LEAN__` so the bundler drops every facts object: the
 * widget decides with codes alone, and `Upshift.debug()` re-runs this same engine, with facts, from
 * upshift-debug.js. Decisions never depend on facts, so both runs agree code for code.
 */
export const FACTS = typeof __UPSHIFT_LEAN__ !== 'boolean';

/**
 * Whether this is upshift.js, built with `__UPSHIFT_LEAN__`: besides the facts, it leaves the
 * linear-time matcher of `matches` conditions to upshift-ui.js (see `useMatcher` in condition.ts).
 */
export const LEAN = !FACTS;
