import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { regexProblem } from '../../shared/engine/condition-syntax';
import { compile, MAX_STATES, run, work, type State } from '../../shared/engine/pattern';
import { adversarial, CAP, CATASTROPHIC } from './pattern-corpus';

/** Every state reachable from `start`, counted by walking the graph (independently of compile). */
function states(start: State): number {
  const seen = new Set<State>([start]);
  for (const s of seen) for (const n of s.n) seen.add(n);
  return seen.size;
}

/** Steps `run` takes on `input`. */
function steps(nfa: State, input: string): number {
  const before = work.steps;
  run(nfa, input);
  return work.steps - before;
}

describe('the corpus of catastrophic patterns, on adversarial inputs up to the 256-character cap', () => {
  // The bound: each position of the input visits each state at most once, so a test takes at most
  // (length + 1) x states steps, and states are at most MAX_STATES: 257 x 500 = 128,500 steps.
  it.each(CATASTROPHIC)('%s is refused, or runs in at most (length + 1) x states steps', (pattern) => {
    const problem = regexProblem(pattern);
    if (problem !== null) {
      expect(problem).toMatch(/backreferences|lookarounds|word boundaries|too large/);
      return;
    }
    const nfa = compile(pattern);
    const size = states(nfa);
    expect(size).toBeLessThanOrEqual(MAX_STATES);
    for (const input of adversarial(CAP)) {
      expect(input.length).toBeLessThanOrEqual(CAP);
      expect(steps(nfa, input)).toBeLessThanOrEqual((input.length + 1) * size);
    }
    // Linear, not merely bounded by the cap: twice the input costs at most about twice the steps.
    for (const [short, long] of adversarial(CAP / 2).map((s, i) => [s, adversarial(CAP)[i]!] as const)) {
      expect(steps(nfa, long)).toBeLessThanOrEqual(2 * steps(nfa, short) + 2 * size);
    }
  });

  it('refuses the three patterns the review measured, or runs them, as stated in the error', () => {
    expect(regexProblem('(a{1,30}){1,30}$')).toMatch(/too large.*500 states/);
    expect(regexProblem('((.{1,6}){1,6}){1,6}!')).toMatch(/too large/);
    expect(regexProblem('.*.*.*x')).toBeNull();
  });
});

describe('what the matcher refuses, and why', () => {
  it.each([
    ['(a)\\1', 'backreferences'],
    ['(?<x>a)\\k<x>', 'backreferences'],
    ['a(?=b)', 'lookarounds'],
    ['a(?!b)', 'lookarounds'],
    ['(?<=a)b', 'lookarounds'],
    ['(?<!a)b', 'lookarounds'],
    ['\\bword\\b', 'word boundaries'],
    ['a\\Bb', 'word boundaries'],
    ['a{501}', 'too large'],
    ['(?:){99999999}', 'too large'],
    ['(((?:){500}){500}){500}', 'too large'],
    ['([a-z', 'not a valid regular expression'],
    ['a{2,1}', 'not a valid regular expression'],
    ['x'.repeat(201), 'at most 200 characters'],
  ])('%s: %s', (pattern, why) => {
    expect(regexProblem(pattern)).toContain(why);
  });
});

describe('the same answers as JavaScript', () => {
  it.each([
    ['^/projects/[a-z0-9-]{1,64}/settings$', '/projects/acme-1/settings', true],
    ['^/projects/[a-z0-9-]{1,64}/settings$', '/projects//settings', false],
    ['(?<year>\\d{4})-(?<month>\\d{2})', 'on 2026-12-06', true],
    ['\\u{1F600}+', 'hi 😀😀', true],
    ['^.$', '😀', true],
    ['[😀-😂]', '😁', true],
    ['\\x41\\u0042\\p{Lu}', 'ABC', true],
    ['[\\]]', ']', true],
    ['[^/]+\\.pdf$', '/files/report.pdf', true],
    ['a.c', 'a\nc', false],
    ['colou?r', 'color', true],
    ['^(?:ab|a)c$', 'ac', true],
    ['a+?b', 'aab', true],
    ['^a{0,0}$', 'a', false],
    ['^a{2,}$', 'aaa', true],
    ['^$', '', true],
    ['a^b', 'a^b', false],
    ['(a|)+b', 'b', true],
  ])('%s on %j', (pattern, input, expected) => {
    expect(regexProblem(pattern)).toBeNull();
    expect(new RegExp(pattern, 'u').test(input)).toBe(expected);
    expect(run(compile(pattern), input)).toBe(expected);
  });

  // Random patterns over a small alphabet, on short inputs (where a backtracking engine is still fast).
  const atom = fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '\\d', '\\w', '^', '$', '(?:)');
  const pattern: fc.Arbitrary<string> = fc.letrec<{ p: string }>((tie) => ({
    p: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      atom,
      fc.tuple(tie('p'), tie('p')).map(([x, y]) => x + y),
      fc.tuple(tie('p'), tie('p')).map(([x, y]) => `(?:${x}|${y})`),
      fc.tuple(tie('p'), fc.constantFrom('*', '+', '?', '{2}', '{0,2}', '{1,}', '*?')).map(([x, q]) => `(${x})${q}`),
    ),
  })).p;
  it('on random patterns and inputs', () => {
    fc.assert(
      fc.property(pattern, fc.stringMatching(/^[ab1 ]{0,10}$/), (p, input) => {
        fc.pre(p.length <= 200 && regexProblem(p) === null);
        expect(run(compile(p), input)).toBe(new RegExp(p, 'u').test(input));
      }),
      { numRuns: 3000 },
    );
  });
});
