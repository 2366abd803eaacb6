import { describe, expect, it } from 'vitest';
import { attributeType, operatorFits, resolveAttribute } from '../../shared/engine/attributes';
import { conditionIssues, describeMiss, miss } from '../../shared/engine/condition';
import { evaluate } from '../../shared/engine/evaluate';
import { ReasonCode } from '../../shared/engine/types';
import type { Leaf, Operator } from '../../shared/schemas/condition';
import { Context } from '../../shared/schemas/context';
import { NOW, cfg, ctx, milestoneRule, richCatalog } from './fixtures';

// Page targeting (issue 12, point 5): `page.path`, `page.url` and `page.title` are string
// attributes an audience can name. The widget fills `page` from the browser; a server-side caller
// passes it in the context, or leaves it out.

type Page = NonNullable<Context['page']>;

/** Where the person is in most rows: a report under the dashboard, reached with a query and a hash. */
const REPORTS: Page = {
  path: '/dashboard/reports',
  url: 'https://app.acme.test/dashboard/reports?tab=usage#top',
  title: 'Reports · Billing — Acme',
};
/** A page the host named only by its path (a server-side caller may pass just that). */
const PATH_ONLY: Page = { path: '/deals' };

/** A person passing every guard, on `page` (or with no page at all). */
const on = (page: Page | undefined): Context => ({ ...ctx(), ...(page && { page }) });

/** A rule whose trigger always holds (account age 200 >= 0), so only its audience decides. */
const decide = (leaf: Leaf, page: Page | undefined) => evaluate(cfg([milestoneRule('aud', 'account.ageDays', 0, { audience: leaf })]), on(page), { rules: {} }, NOW).reasons[0];

/**
 * What each operator means for a string, written out with plain JavaScript and nothing of the
 * engine's, so a row's expected outcome is computed here rather than copied from the engine.
 */
function oracle(leaf: Leaf, actual: string | undefined): boolean {
  const v = leaf.value;
  switch (leaf.op) {
    case 'exists':
      return (actual !== undefined) === (v !== false);
    case 'eq':
      return actual === v;
    case 'neq':
      return actual !== v;
    case 'in':
      return actual !== undefined && (v as unknown[]).includes(actual);
    case 'nin':
      return actual === undefined || !(v as unknown[]).includes(actual);
    case 'contains':
      return actual !== undefined && actual.indexOf(v as string) !== -1;
    case 'startsWith':
      return actual !== undefined && actual.slice(0, (v as string).length) === v;
    case 'matches':
      return actual !== undefined && new RegExp(v as string, 'u').test(actual);
    default:
      throw new Error(`the oracle does not cover ${leaf.op}`);
  }
}

type Row = [name: string, page: Page | undefined, leaf: Leaf, expected: 'holds' | 'misses'];

describe('page.path, page.url and page.title through evaluate', () => {
  it.each<Row>([
    // page.path
    ['path eq, same path', REPORTS, { attr: 'page.path', op: 'eq', value: '/dashboard/reports' }, 'holds'],
    ['path eq, a parent path is not the path', REPORTS, { attr: 'page.path', op: 'eq', value: '/dashboard' }, 'misses'],
    ['path eq ignores the query and hash the url carries', REPORTS, { attr: 'page.path', op: 'eq', value: '/dashboard/reports?tab=usage#top' }, 'misses'],
    ['path eq is case-sensitive', REPORTS, { attr: 'page.path', op: 'eq', value: '/Dashboard/reports' }, 'misses'],
    ['path neq, another page', REPORTS, { attr: 'page.path', op: 'neq', value: '/deals' }, 'holds'],
    ['path startsWith a section', REPORTS, { attr: 'page.path', op: 'startsWith', value: '/dashboard' }, 'holds'],
    ['path startsWith another section', PATH_ONLY, { attr: 'page.path', op: 'startsWith', value: '/dashboard' }, 'misses'],
    ['path in a list that names it', PATH_ONLY, { attr: 'page.path', op: 'in', value: ['/pricing', '/deals'] }, 'holds'],
    ['path in a list that does not', REPORTS, { attr: 'page.path', op: 'in', value: ['/pricing', '/deals'] }, 'misses'],
    ['path nin a list that does not name it', REPORTS, { attr: 'page.path', op: 'nin', value: ['/pricing', '/deals'] }, 'holds'],
    ['path matches an anchored pattern', REPORTS, { attr: 'page.path', op: 'matches', value: '^/dashboard/[a-z]+$' }, 'holds'],
    ['path matches, pattern for another section', PATH_ONLY, { attr: 'page.path', op: 'matches', value: '^/dashboard(/|$)' }, 'misses'],
    ['path contains a segment', REPORTS, { attr: 'page.path', op: 'contains', value: '/reports' }, 'holds'],
    ['path exists', PATH_ONLY, { attr: 'page.path', op: 'exists' }, 'holds'],
    ['path exists, no page in the context', undefined, { attr: 'page.path', op: 'exists' }, 'misses'],
    ['path exists false, no page in the context', undefined, { attr: 'page.path', op: 'exists', value: false }, 'holds'],
    ['path exists false, on a page', PATH_ONLY, { attr: 'page.path', op: 'exists', value: false }, 'misses'],
    ['path eq, no page in the context', undefined, { attr: 'page.path', op: 'eq', value: '/dashboard' }, 'misses'],
    ['path neq holds when there is no page', undefined, { attr: 'page.path', op: 'neq', value: '/dashboard' }, 'holds'],
    // page.url
    ['url eq, the whole url', REPORTS, { attr: 'page.url', op: 'eq', value: 'https://app.acme.test/dashboard/reports?tab=usage#top' }, 'holds'],
    ['url eq, without the hash', REPORTS, { attr: 'page.url', op: 'eq', value: 'https://app.acme.test/dashboard/reports?tab=usage' }, 'misses'],
    ['url startsWith the origin', REPORTS, { attr: 'page.url', op: 'startsWith', value: 'https://app.acme.test/' }, 'holds'],
    ['url startsWith another origin', REPORTS, { attr: 'page.url', op: 'startsWith', value: 'https://staging.acme.test/' }, 'misses'],
    ['url contains a query parameter', REPORTS, { attr: 'page.url', op: 'contains', value: 'tab=usage' }, 'holds'],
    ['url matches a query parameter', REPORTS, { attr: 'page.url', op: 'matches', value: '[?&]tab=usage(&|#|$)' }, 'holds'],
    ['url matches, another value of the parameter', REPORTS, { attr: 'page.url', op: 'matches', value: '[?&]tab=seats(&|#|$)' }, 'misses'],
    ['url exists false, a page with a path only', PATH_ONLY, { attr: 'page.url', op: 'exists', value: false }, 'holds'],
    ['url exists, a page with a path only', PATH_ONLY, { attr: 'page.url', op: 'exists' }, 'misses'],
    // page.title
    ['title contains a word', REPORTS, { attr: 'page.title', op: 'contains', value: 'Billing' }, 'holds'],
    ['title contains is case-sensitive', REPORTS, { attr: 'page.title', op: 'contains', value: 'billing' }, 'misses'],
    ['title startsWith', REPORTS, { attr: 'page.title', op: 'startsWith', value: 'Reports' }, 'holds'],
    ['title eq, the whole title', REPORTS, { attr: 'page.title', op: 'eq', value: 'Reports · Billing — Acme' }, 'holds'],
    ['title in a list', REPORTS, { attr: 'page.title', op: 'in', value: ['Deals — Acme', 'Reports · Billing — Acme'] }, 'holds'],
    ['title matches with non-ASCII characters', REPORTS, { attr: 'page.title', op: 'matches', value: '· Billing — Acme$' }, 'holds'],
    ['title matches, anchored elsewhere', REPORTS, { attr: 'page.title', op: 'matches', value: '^Billing' }, 'misses'],
    ['title exists false, a page without a title', PATH_ONLY, { attr: 'page.title', op: 'exists', value: false }, 'holds'],
    ['title contains, a page without a title', PATH_ONLY, { attr: 'page.title', op: 'contains', value: 'Billing' }, 'misses'],
  ])('%s', (_name, page, leaf, expected) => {
    const key = leaf.attr.slice('page.'.length) as keyof Page;
    const actual = page?.[key];
    // The table agrees with plain JavaScript's meaning of the operator...
    expect(oracle(leaf, actual) ? 'holds' : 'misses').toBe(expected);
    // ...and so does the engine, naming the comparison and the real value when it misses.
    const reason = decide(leaf, page);
    if (expected === 'holds') {
      expect(reason?.code).toBe(ReasonCode.shown);
    } else {
      expect(reason).toEqual({
        ruleId: 'aud',
        code: ReasonCode.audience,
        params: { attr: leaf.attr, op: leaf.op, value: leaf.value === undefined ? null : JSON.stringify(leaf.value), actual: actual ?? null },
      });
    }
  });

  it('says why a page missed, quoting where the person is', () => {
    const m = miss({ attr: 'page.path', op: 'startsWith', value: '/dashboard' }, (attr) => resolveAttribute(attr, on(PATH_ONLY), {}, { rules: {} }, NOW), NOW);
    expect(m && describeMiss(m)).toBe('page.path is "/deals", not startsWith "/dashboard"');
    const none = miss({ attr: 'page.title', op: 'contains', value: 'Billing' }, (attr) => resolveAttribute(attr, on(undefined), {}, { rules: {} }, NOW), NOW);
    expect(none && describeMiss(none)).toBe('page.title is absent, not contains "Billing"');
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('page.%s reads nothing from a prototype', (key) => {
    expect(resolveAttribute(`page.${key}`, on(REPORTS), {}, { rules: {} }, NOW)).toBeUndefined();
  });
});

describe('the three page attributes are strings, wherever a condition is checked', () => {
  const PAGE_ATTRS = ['page.path', 'page.url', 'page.title'] as const;

  it.each(PAGE_ATTRS.flatMap((attr) => [
    [attr, 'with the catalog', true],
    [attr, 'before there is a catalog', false],
  ] as const))('%s is a string %s', (attr, _when, withCatalog) => {
    expect(attributeType(attr, withCatalog ? richCatalog() : null)).toBe('string');
  });

  it.each([
    ['page.pathx', 'a misspelt attribute'],
    ['page', 'the page itself'],
    ['page.path.length', 'a property of the path'],
    ['page.referrer', 'a page field the context does not have'],
    ['page.Path', 'another case'],
  ])('%s (%s) is no attribute', (attr) => {
    expect(attributeType(attr, richCatalog())).toBeNull();
    expect(conditionIssues({ attr, op: 'exists' }, richCatalog())).toEqual([{ path: ['attr'], message: `unknown attribute "${attr}"` }]);
  });

  const STRING_OPS: Operator[] = ['eq', 'neq', 'in', 'nin', 'exists', 'contains', 'startsWith', 'matches', 'semverEq', 'semverGt', 'semverGte', 'semverLt', 'semverLte'];
  const OTHER_OPS: Operator[] = ['gt', 'gte', 'lt', 'lte', 'before', 'after'];
  it.each(PAGE_ATTRS.flatMap((attr) => [...STRING_OPS.map((op) => [attr, op, true] as const), ...OTHER_OPS.map((op) => [attr, op, false] as const)]))(
    '%s with %s fits: %s',
    (attr, op, fits) => {
      expect(operatorFits(attributeType(attr, null)!, op)).toBe(fits);
      // A saved rule is checked the same way, with the path of the operator that does not fit.
      const issues = conditionIssues({ all: [{ attr, op, value: 1 } as Leaf] }, richCatalog());
      expect(issues).toEqual(fits ? [] : [{ path: ['all', 0, 'op'], message: `"${op}" does not apply to ${attr}, which is a string` }]);
    },
  );
});

describe('the context carries a page', () => {
  it.each<[string, unknown, boolean]>([
    ['all three fields', REPORTS, true],
    ['a path only', PATH_ONLY, true],
    ['an empty page', {}, true],
    ['a path of 2048 characters', { path: `/${'a'.repeat(2047)}` }, true],
    ['a path of 2049 characters', { path: `/${'a'.repeat(2048)}` }, false],
    ['a title of 1025 characters', { title: 't'.repeat(1025) }, false],
    ['a path that is not a string', { path: 42 }, false],
  ])('%s: accepted %s', (_name, page, accepted) => {
    expect(Context.safeParse({ ...ctx(), page }).success).toBe(accepted);
  });
});
