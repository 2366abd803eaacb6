// Patterns that make backtracking engines take exponential or high-polynomial time, with the inputs
// that trigger them. Shared by the Node test (test/shared/pattern.test.ts) and the Chromium one
// (test/e2e/pattern.test.ts), so both hold the same corpus to the same bound.

/** The input cap of `matches` (MAX_MATCH_INPUT): adversarial inputs go up to it. */
export const CAP = 256;

export const CATASTROPHIC: string[] = [
  // The three the security review measured (2 s, past 15 s, 2.4 s in Node).
  '(a{1,30}){1,30}$',
  '((.{1,6}){1,6}){1,6}!',
  '.*.*.*x',
  // The classics: nested repeats, overlapping alternations, chained wildcards.
  '(a+)+$',
  '(a*)*$',
  '(a|aa)+$',
  '(a|a?)+$',
  '(.*a){12}',
  '^(\\w+\\s?)*$',
  '^(([a-z])+.)+[A-Z]([a-z])+$',
  '(x+x+)+y',
  '^(a+)+b',
  '(\\d+)*\\D',
  '(a|b|ab)*c',
  '.*.*.*.*.*.*.*.*=',
  // OWASP's e-mail validator, and the shape behind Cloudflare's 2019 outage (.*(?:.*=.*)).
  '^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$',
  '(?:\\s|-|~|!|\\+)*.*(?:.*=.*)',
  '((((((((((a*)*)*)*)*)*)*)*)*)*)*b',
  '(.{0,40}){0,40}x',
  // What the matcher cannot run at all.
  '(a)\\1',
  '(?=a)a+',
  '\\b(a+)+\\b',
];

/** Strings of `unit` repeated up to `length`, ending in a character that makes the match fail late. */
function spelled(unit: string, length: number): string[] {
  const body = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  return [body, `${body.slice(0, -1)}!`];
}

/** Inputs of the given length that drive the corpus's patterns into their worst cases. */
export function adversarial(length: number): string[] {
  return ['a', 'x', '0', 'ab', 'a ', 'aA', '=', 'a.', 'a_a@'].flatMap((unit) => spelled(unit, length));
}
