// A `matches` pattern run in time linear in its input, in the server and in upshift.js alike.
//
// JavaScript's RegExp backtracks, so a pattern such as `(a{1,30}){1,30}$` or `.*.*.*x` can take
// seconds on a short string. Here the pattern is compiled to a Thompson NFA and simulated with a
// set of states (Russ Cox, "Regular Expression Matching Can Be Simple And Fast"): each input
// character visits each state at most once, so a test costs at most (input length + 1) × states
// steps, whatever the pattern's shape. Nested and chained repeats, the classic catastrophes, are
// then harmless; what is refused is what an NFA cannot do (backreferences, lookarounds, word
// boundaries) and programs too big once bounded repeats are expanded (MAX_STATES).
//
// Syntax is JavaScript's, in `u` mode. Each single-character atom (a literal, `.`, an escape such
// as `\d`, a class such as `[^a-z]`) is tested by a native RegExp against one character, which is
// constant time and keeps JavaScript's meaning of every class without a copy of its tables here.

/** A state: reads one character (`m`), asserts a position (`a`: `^` or `$`), or only branches. */
export interface State {
  m?: RegExp;
  a?: string;
  n: State[];
}

/**
 * The most states a pattern may compile to once its bounded repeats are expanded (each copy a
 * repeat makes counts too, so that repeating an empty group cannot loop for long either).
 */
export const MAX_STATES = 500;
/** Steps taken by `run` since the module loaded: lets tests hold the linear bound as a count. */
export const work = { steps: 0 };

const DONE: State = { n: [] };

// One token at a time: an escape, a class, a group opening, a quantifier (with its lazy `?`), or
// any single character. Every alternative starts differently and none nests, so this runs in
// linear time on a native engine too. Patterns reach `compile` already checked by the native
// RegExp parser (`regexProblem`), so malformed ones need no care here.
const TOKEN = /\\(?:[pPu]\{[^}]*\}|u\w{4}|x\w\w|c\w|[^])|\[(?:\\[^]|[^\\\]])*\]|\((?:\?(?:<[^>]*>|<?.))?|\{\d+,?\d*\}\??|[*+?]\??|[^]/guy;
const SHORT: Record<string, string> = { '*': '{0,}', '+': '{1,}', '?': '{0,1}' };

type Build = (next: State) => State;

/**
 * Compiles a pattern to its first state. Throws `size` when it needs more than MAX_STATES, and the
 * token itself when no NFA can run it; `regexProblem` words both.
 */
export function compile(source: string): State {
  const tokens = source.match(TOKEN) ?? [];
  let at = 0;
  let size = 0;
  const grow = () => {
    if (++size > MAX_STATES) throw 'size';
  };
  const state = (s: State): State => (grow(), s);
  const alternatives = (): Build => {
    const options = [sequence()];
    while (tokens[at++] === '|') options.push(sequence());
    return (next) => (options[1] ? state({ n: options.map((b) => b(next)) }) : options[0]!(next));
  };
  const sequence = (): Build => {
    const parts: Build[] = [];
    while (!/^[|)]?$/.test(tokens[at] ?? '')) parts.push(repeat(atom(tokens[at++]!)));
    return (next) => parts.reduceRight((n, b) => b(n), next);
  };
  const atom = (t: string): Build => {
    // What no NFA can run (lookarounds, word boundaries, backreferences): regexProblem words it.
    if (/^\(\?<?[=!]|^\\[bBk1-9]/.test(t)) throw t;
    if (t[0] === '(') return alternatives(); // which also reads the closing parenthesis
    const m = new RegExp(`^(?:${t})$`, 'u');
    return (next) => state(t === '^' || t === '$' ? { a: t, n: [next] } : { m, n: [next] });
  };
  const repeat = (b: Build): Build => {
    const q = /^\{(\d+)(,?)(\d*)/.exec(SHORT[tokens[at]?.[0]!] ?? tokens[at] ?? '');
    if (!q) return b;
    at++;
    const min = +q[1]!;
    const max = q[2] ? (q[3] ? +q[3] : Infinity) : min;
    const copy = (n: State) => (grow(), b(n));
    return (next) => {
      let n = next;
      if (max === Infinity) {
        const loop = state({ n: [] });
        loop.n = [copy(loop), next];
        n = loop;
      } else for (let k = min; k < max; k++) n = state({ n: [copy(n), next] });
      for (let k = 0; k < min; k++) n = copy(n);
      return n;
    };
  };
  return alternatives()(DONE);
}

/**
 * Whether the pattern matches anywhere in `input`. Walks the input once, keeping every state the
 * NFA could be in; a state is visited at most once per position, so the cost is linear.
 */
export function run(start: State, input: string): boolean {
  const chars = [...input];
  let live = [start];
  for (let i = 0; i <= chars.length; i++) {
    const seen = new Set<State>();
    const next: State[] = [];
    const c = chars[i];
    const visit = (s: State): boolean => {
      if (seen.has(s)) return false;
      seen.add(s);
      work.steps++;
      if (s === DONE) return true;
      if (s.m) {
        if (c !== undefined && s.m.test(c)) next.push(s.n[0]!);
        return false;
      }
      return (!s.a || (s.a === '^' ? !i : i === chars.length)) && s.n.some(visit);
    };
    // The match may start at any position: the start state joins the live ones at each.
    if (live.some(visit) || visit(start)) return true;
    live = next;
  }
  return false;
}
