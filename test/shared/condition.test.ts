import { describe, expect, it } from 'vitest';
import { resolveAttribute } from '../../shared/engine/attributes';
import { compareVersions, conditionIssues, describeMiss, miss, timeOf, useMatcher } from '../../shared/engine/condition';
import { compile, run } from '../../shared/engine/pattern';
import { Audience, Condition, type Leaf } from '../../shared/schemas/condition';
import type { Context } from '../../shared/schemas/context';
import type { State } from '../../shared/schemas/state';
import { demoCatalog } from './fixtures';

const NOW = Date.UTC(2026, 10, 22, 12);
const DAY = 86_400_000;

const context: Context = {
  user: { id: 'u_1', role: 'member', locale: 'de-CH', traits: { title: 'Head of Data', beta: true, appVersion: '2.4.1' } },
  account: {
    id: 'acct_1',
    plan: 'starter',
    createdAt: new Date(NOW - 120 * DAY).toISOString(),
    health: 72,
    traits: { employees: 180, industry: 'fintech', tags: 'eu,priority' },
  },
  usage: { api_calls: 8500, seats: 4 },
};
const limits = { api_calls: 10_000, seats: 5 };
const state: State = {
  rules: {},
  forecast: {
    api_calls: { perDay: 70, days: 21, low: 19, high: 24, confident: true, weeks: 3 },
    seats: { perDay: 0.1, days: 10, low: 2, high: null, confident: false, weeks: 1 },
  },
  readiness: 64,
};
const read = (attr: string) => resolveAttribute(attr, context, limits, state, NOW);
const holds = (c: Condition) => miss(c, read, NOW) === null;

describe('operators, each on its passing and failing side', () => {
  it.each<[string, Leaf, boolean]>([
    ['eq string', { attr: 'account.plan', op: 'eq', value: 'starter' }, true],
    ['eq string, other', { attr: 'account.plan', op: 'eq', value: 'pro' }, false],
    ['eq number', { attr: 'account.traits.employees', op: 'eq', value: 180 }, true],
    ['eq does not coerce', { attr: 'account.traits.employees', op: 'eq', value: '180' }, false],
    ['neq', { attr: 'user.role', op: 'neq', value: 'admin' }, true],
    ['neq, equal', { attr: 'user.role', op: 'neq', value: 'member' }, false],
    ['in', { attr: 'account.traits.industry', op: 'in', value: ['fintech', 'health'] }, true],
    ['in, absent', { attr: 'account.traits.industry', op: 'in', value: ['retail'] }, false],
    ['nin', { attr: 'account.plan', op: 'nin', value: ['pro', 'enterprise'] }, true],
    ['nin, present', { attr: 'account.plan', op: 'nin', value: ['starter'] }, false],
    ['gt', { attr: 'usage.api_calls', op: 'gt', value: 8000 }, true],
    ['gt, equal', { attr: 'usage.api_calls', op: 'gt', value: 8500 }, false],
    ['gte, equal', { attr: 'usage.api_calls', op: 'gte', value: 8500 }, true],
    ['gte, below', { attr: 'account.health', op: 'gte', value: 80 }, false],
    ['lt', { attr: 'account.health', op: 'lt', value: 80 }, true],
    ['lt, equal', { attr: 'usage.seats', op: 'lt', value: 4 }, false],
    ['lte, equal', { attr: 'usage.seats', op: 'lte', value: 4 }, true],
    ['lte, above', { attr: 'readiness', op: 'lte', value: 50 }, false],
    ['gt on a string never holds', { attr: 'account.traits.industry', op: 'gt', value: 1 }, false],
    ['exists', { attr: 'account.health', op: 'exists' }, true],
    ['exists, absent', { attr: 'account.traits.funding', op: 'exists' }, false],
    ['exists false, absent', { attr: 'account.traits.funding', op: 'exists', value: false }, true],
    ['exists false, present', { attr: 'user.locale', op: 'exists', value: false }, false],
    ['contains', { attr: 'account.traits.tags', op: 'contains', value: 'priority' }, true],
    ['contains, case matters', { attr: 'account.traits.tags', op: 'contains', value: 'PRIORITY' }, false],
    ['startsWith', { attr: 'user.locale', op: 'startsWith', value: 'de' }, true],
    ['startsWith, other', { attr: 'user.locale', op: 'startsWith', value: 'fr' }, false],
    ['matches', { attr: 'user.traits.title', op: 'matches', value: '^(Head|VP|Director) of' }, true],
    ['matches, no match', { attr: 'user.traits.title', op: 'matches', value: '^CEO$' }, false],
    ['semverGte', { attr: 'user.traits.appVersion', op: 'semverGte', value: '2.4.0' }, true],
    ['semverGte, older', { attr: 'user.traits.appVersion', op: 'semverGte', value: '2.10.0' }, false],
    ['semverLt', { attr: 'user.traits.appVersion', op: 'semverLt', value: '3' }, true],
    ['semverEq with v prefix', { attr: 'user.traits.appVersion', op: 'semverEq', value: 'v2.4.1' }, true],
    ['semverGt, equal', { attr: 'user.traits.appVersion', op: 'semverGt', value: '2.4.1' }, false],
    ['semverLte, newer', { attr: 'user.traits.appVersion', op: 'semverLte', value: '2.4.0' }, false],
    ['before a relative date', { attr: 'account.createdAt', op: 'before', value: '-90d' }, true],
    ['before, too recent', { attr: 'account.createdAt', op: 'before', value: '-180d' }, false],
    ['after an ISO date', { attr: 'account.createdAt', op: 'after', value: '2026-01-01' }, true],
    ['after, later', { attr: 'account.createdAt', op: 'after', value: '-2w' }, false],
    ['derived usage ratio (percent)', { attr: 'ratio.api_calls', op: 'gte', value: 85 }, true],
    ['derived ratio, below', { attr: 'ratio.seats', op: 'gte', value: 85 }, false],
    ['derived account age', { attr: 'account.ageDays', op: 'gte', value: 90 }, true],
    ['forecast days', { attr: 'forecast.api_calls.days', op: 'lte', value: 30 }, true],
    ['forecast not confident reads as absent', { attr: 'forecast.seats.days', op: 'lte', value: 30 }, false],
    ['trial state defaults to none', { attr: 'trial.scheduled_reports', op: 'eq', value: 'none' }, true],
    ['neq holds for an absent attribute', { attr: 'account.traits.funding', op: 'neq', value: 'seed' }, true],
    ['eq never holds for an absent attribute', { attr: 'account.traits.funding', op: 'eq', value: 'seed' }, false],
  ])('%s', (_name, leaf, expected) => {
    expect(Condition.safeParse(leaf).success).toBe(true);
    expect(holds(leaf)).toBe(expected);
  });
});

describe('nesting', () => {
  const big: Leaf = { attr: 'account.traits.employees', op: 'gte', value: 50 };
  const admin: Leaf = { attr: 'user.role', op: 'eq', value: 'admin' };
  it.each<[string, Condition, boolean]>([
    ['all of true', { all: [big, { attr: 'account.plan', op: 'eq', value: 'starter' }] }, true],
    ['all with one false', { all: [big, admin] }, false],
    ['any with one true', { any: [admin, big] }, true],
    ['any of false', { any: [admin, { not: big }] }, false],
    ['not', { not: admin }, true],
    ['not of true', { not: big }, false],
    ['empty all holds', { all: [] }, true],
    ['empty any never holds', { any: [] }, false],
    ['deep', { all: [{ any: [admin, { not: { any: [{ attr: 'account.health', op: 'lt', value: 50 }] } }] }, big] }, true],
  ])('%s', (_name, c, expected) => {
    expect(holds(c)).toBe(expected);
  });

  it('names the comparison that failed, with the real value', () => {
    const m = miss({ all: [big, { attr: 'account.health', op: 'gte', value: 80 }] }, read, NOW);
    expect(m && describeMiss(m)).toBe('account.health is 72, not gte 80');
    const absent = miss({ attr: 'account.traits.funding', op: 'eq', value: 'series-a' }, read, NOW);
    expect(absent && describeMiss(absent)).toBe('account.traits.funding is absent, not eq "series-a"');
  });
});

describe('attribute reads are safe', () => {
  it.each(['account.traits.constructor', 'account.traits.__proto__', 'user.traits.toString', 'usage.hasOwnProperty', 'account.constructor'])(
    '%s reads nothing from a prototype',
    (attr) => {
      expect(read(attr)).toBeUndefined();
    },
  );
});

describe('validation', () => {
  const catalog = demoCatalog();
  it.each<[string, Condition, (string | number)[] | null, string | null]>([
    ['a valid audience', { all: [{ attr: 'ratio.api_calls', op: 'gte', value: 70 }, { attr: 'account.traits.tier', op: 'eq', value: 'gold' }] }, null, null],
    ['an unknown attribute', { all: [{ attr: 'account.size', op: 'gt', value: 1 }] }, ['all', 0, 'attr'], 'unknown attribute "account.size"'],
    ['a metric not in the catalog', { any: [{ attr: 'usage.emails', op: 'gt', value: 1 }] }, ['any', 0, 'attr'], 'unknown attribute "usage.emails"'],
    ['a number operator on a string', { not: { attr: 'account.plan', op: 'gt', value: 1 } }, ['not', 'op'], '"gt" does not apply to account.plan, which is a string'],
    ['a string operator on a date', { attr: 'account.createdAt', op: 'startsWith', value: '2026' }, ['op'], 'which is a date'],
  ])('%s', (_name, c, path, message) => {
    const issues = conditionIssues(c, catalog);
    if (path === null) return expect(issues).toEqual([]);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toEqual(path);
    expect(issues[0]?.message).toContain(message);
  });

  it.each<[string, unknown, string]>([
    ['an absolute time that is not ISO', { attr: 'account.createdAt', op: 'before', value: '1' }, 'relative time'],
    ['a backreference', { attr: 'user.traits.title', op: 'matches', value: '(a)\\1' }, 'backreferences'],
    ['a lookahead', { attr: 'user.traits.title', op: 'matches', value: 'a(?=b)' }, 'lookarounds'],
    ['a word boundary', { attr: 'user.traits.title', op: 'matches', value: '\\bVP\\b' }, 'word boundaries'],
    ['a pattern too large once its repeats are written out', { attr: 'user.traits.title', op: 'matches', value: '(a{1,30}){1,30}$' }, 'too large'],
    ['a pattern over 200 characters', { attr: 'user.traits.title', op: 'matches', value: 'a'.repeat(201) }, 'at most 200'],
    ['an invalid pattern', { attr: 'user.traits.title', op: 'matches', value: '([a-z' }, 'not a valid regular expression'],
    ['in without a list', { attr: 'account.plan', op: 'in', value: 'starter' }, 'list'],
    ['gt with a string', { attr: 'usage.api_calls', op: 'gt', value: '10' }, 'number'],
    ['before with nonsense', { attr: 'account.createdAt', op: 'before', value: 'last tuesday' }, 'relative time'],
    ['semver with nonsense', { attr: 'user.traits.appVersion', op: 'semverGt', value: 'latest' }, 'version'],
    ['an unknown operator', { attr: 'account.plan', op: 'like', value: 'x' }, 'op'],
    ['extra keys', { attr: 'account.plan', op: 'eq', value: 'x', also: 1 }, 'also'],
  ])('the schema rejects %s', (_name, input, message) => {
    const r = Condition.safeParse(input);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain(message);
  });

  it('bounds depth and size', () => {
    let deep: Condition = { attr: 'account.plan', op: 'eq', value: 'x' };
    for (let i = 0; i < 9; i++) deep = { not: deep };
    expect(Audience.safeParse(deep).success).toBe(false);
    const wide: Condition = { any: Array.from({ length: 3 }, () => ({ all: Array.from({ length: 40 }, () => ({ attr: 'account.plan', op: 'eq' as const, value: 'x' })) })) };
    expect(JSON.stringify(Audience.safeParse(wide).error?.issues)).toContain('at most 100 comparisons');
  });
});

describe('helpers', () => {
  it('runs `matches` on the matcher useMatcher hands over (upshift.js gets it from upshift-ui.js)', () => {
    const compiled: string[] = [];
    const leaf: Leaf = { attr: 'user.traits.title', op: 'matches', value: '^Head of (Data|Sales)$' };
    useMatcher({ compile: (source) => (compiled.push(source), compile(source)), run });
    try {
      expect(miss(leaf, () => 'Head of Data', NOW)).toBeNull();
      expect(miss(leaf, () => 'Head of Design', NOW)).not.toBeNull();
      // Compiled once, then from the cache.
      expect(compiled).toEqual([leaf.value]);
    } finally {
      useMatcher({ compile, run });
    }
  });

  it.each([
    ['1.0.0-alpha', '1.0.0-alpha.1', -1],
    ['1.0.0-alpha.1', '1.0.0-alpha.beta', -1],
    ['1.0.0-beta.2', '1.0.0-beta.11', -1],
    ['1.0.0-rc.1', '1.0.0', -1],
    ['2.0.0', '1.2.3', 1],
    ['0.10.0', '0.9.0', 1],
    ['1.2.3+build.5', 'v1.2.3', 0],
    ['2', '2.0.0', 0],
  ])('compareVersions(%s, %s) has sign %i', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b)!)).toBe(sign);
  });

  it.each([
    ['-90d', NOW - 90 * DAY],
    ['+2w', NOW + 14 * DAY],
    ['-12h', NOW - 12 * 3_600_000],
    ['2026-01-01', Date.UTC(2026, 0, 1)],
  ])('timeOf(%s)', (value, expected) => {
    expect(timeOf(value, NOW)).toBe(expected);
  });
});

// Catastrophic shapes for a backtracking engine are fine for the linear-time matcher: accepted, and
// cheap (test/shared/pattern.test.ts holds the bound on the whole corpus).
describe('matching stays safe', () => {
  // Whether each matches 'a' x 255 + '!', worked out by hand (a native RegExp would take for ever on most).
  it.each([
    ['^(a|aa)+$', false],
    ['((a)+)+$', false],
    ['((a|aa))+$', false],
    ['(a+)+$', false],
    ['(?:x(?:a+)y)*', true],
    ['(.*a){20}', true],
    ['a*b+c*d+', false],
  ])('accepts %s, once refused, and runs it on a 256-character input', (value, matches) => {
    expect(Condition.safeParse({ attr: 'user.traits.title', op: 'matches', value }).success).toBe(true);
    const input = `${'a'.repeat(255)}!`;
    expect(miss({ attr: 'user.traits.title', op: 'matches', value }, () => input, NOW) === null).toBe(matches);
  });

  it('never matches with a pattern it cannot run (a config written around the API)', () => {
    expect(miss({ attr: 'user.traits.title', op: 'matches', value: 'a(?=b)' }, () => 'ab', NOW)).not.toBeNull();
  });

  it('matches an allowed pattern only against the first 256 characters', () => {
    const long = (attr: string) => (attr === 'user.traits.title' ? `${'x'.repeat(300)}needle` : undefined);
    expect(miss({ attr: 'user.traits.title', op: 'matches', value: 'needle' }, long, NOW)).not.toBeNull();
    expect(miss({ attr: 'user.traits.title', op: 'matches', value: '^x+' }, long, NOW)).toBeNull();
  });
});

describe('patterns that stay allowed', () => {
  it.each(['^(Head|VP|Director) of', '^[a-z]+@acme\\.com$', '(ab)+c', '(?:\\d{3}-){2}\\d{4}', 'a(b|c)d', '[(+*)]+x'])('%s', (value) => {
    expect(Condition.safeParse({ attr: 'user.traits.title', op: 'matches', value }).success).toBe(true);
  });
});
