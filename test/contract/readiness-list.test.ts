import { beforeEach, expect, it } from 'vitest';
import type { ReadinessCursor, ReadinessFilter, ReadinessSort, StoredReadiness } from '../../server/store/readiness-types';
import type { Store } from '../../server/store/types';
import { READINESS_BANDS, READINESS_SORTS, type ReadinessBand } from '../../shared/schemas/analytics';
import { seeded } from '../helpers/random';
import { describeAnalytics } from './analytics-frame';

// The readiness list's reads on both stores, over generated scores: every expected list is worked
// out here with plain filters and sorts (the HTTP answer and its CSV: test/server/readiness-list.test.ts).

const T = Date.UTC(2026, 11, 1);
const PLANS = ['starter', 'pro', 'business'] as const;

function generate(): StoredReadiness[] {
  const random = seeded(17);
  // Mixed case, and ids whose byte order differs from a dictionary's ("_" sorts after capitals, before lower case).
  const ids = Array.from({ length: 150 }, (_, i) => `${['acct', 'ACME', 'a_b'][i % 3]}-${String(i).padStart(3, '0')}`);
  return ids.map((accountId, i) => {
    const score = Math.floor(random() * 21) * 5;
    const fixFirst = random() < 0.2;
    const band: ReadinessBand = score >= 75 ? (fixFirst ? 'moderate' : 'high') : score >= 50 ? 'moderate' : score >= 25 ? 'early' : 'not_ready';
    return {
      accountId,
      plan: i % 17 === 0 ? null : PLANS[i % 3]!,
      score,
      band,
      fixFirst,
      categories: { usage: score / 4, breadth: score / 8, exploration: 0.1 + score / 3, growth: score / 4 },
      signals: [{ category: 'usage', label: `api_calls at ${score} %`, points: score / 4 }],
      // Few distinct times: ties broken by account id.
      updatedAt: T - Math.floor(random() * 10) * 60_000,
    };
  });
}

const byId = (a: StoredReadiness, b: StoredReadiness) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0);
const SORTS: Record<ReadinessSort, (a: StoredReadiness, b: StoredReadiness) => number> = {
  score: (a, b) => a.score - b.score || byId(a, b),
  '-score': (a, b) => b.score - a.score || byId(b, a),
  account: byId,
  '-account': (a, b) => byId(b, a),
  updated: (a, b) => a.updatedAt - b.updatedAt || byId(a, b),
  '-updated': (a, b) => b.updatedAt - a.updatedAt || byId(b, a),
};
const FILTERS: [string, ReadinessFilter, (r: StoredReadiness) => boolean][] = [
  ['band high', { band: 'high' }, (r) => r.band === 'high'],
  ['fix first', { fixFirst: true }, (r) => r.fixFirst],
  ['not fix first, moderate', { fixFirst: false, band: 'moderate' }, (r) => !r.fixFirst && r.band === 'moderate'],
  ['plan pro', { plan: 'pro' }, (r) => r.plan === 'pro'],
  ['q acme-0 (any case)', { q: 'acme-0' }, (r) => r.accountId.toLowerCase().includes('acme-0')],
  ['q a_b (no wildcard)', { q: 'A_B' }, (r) => r.accountId.startsWith('a_b')],
  ['minScore 60', { minScore: 60 }, (r) => r.score >= 60],
  ['starter, minScore 40, q CCT', { plan: 'starter', minScore: 40, q: 'CCT' }, (r) => r.plan === 'starter' && r.score >= 40 && r.accountId.includes('acct')],
];

describeAnalytics('readiness list', ({ open }) => {
  const rows = generate();
  let store: Store;
  let env: string;
  // Once per test: the frame removes each test's stores after it.
  beforeEach(async () => {
    ({ store, env } = await open());
    for (const r of rows) await store.saveReadiness(env, r, `line:${r.accountId}`);
  });

  it('sorts every way, ties by account id the same way, by offset and by keyset', async () => {
    for (const sort of READINESS_SORTS) await sorts(sort);
  });

  async function sorts(sort: ReadinessSort): Promise<void> {
    const expected = [...rows].sort(SORTS[sort]);
    expect(await store.readinessPage(env, {}, sort, { limit: 500 })).toEqual(expected);
    expect((await store.readinessPage(env, {}, sort, { limit: 7, offset: 30 })).map((r) => r.accountId)).toEqual(expected.slice(30, 37).map((r) => r.accountId));
    const walked: string[] = [];
    let after: ReadinessCursor | undefined;
    for (;;) {
      const page = await store.readinessCsv(env, { minScore: 10 }, sort, { limit: 11, after });
      if (page.length === 0) break;
      walked.push(...page.map((r) => r.line ?? ''));
      after = page.at(-1)!;
    }
    expect(walked).toEqual(expected.filter((r) => r.score >= 10).map((r) => `line:${r.accountId}`));
  }

  it('filters, and counts bands over the other filters', async () => {
    for (const [name, filter, keep] of FILTERS) await filters(name, filter, keep);
  });

  async function filters(name: string, filter: ReadinessFilter, keep: (r: StoredReadiness) => boolean): Promise<void> {
    const expected = rows.filter(keep).sort(SORTS['-score']);
    expect(expected.length, name).toBeGreaterThan(0);
    expect((await store.readinessPage(env, filter, '-score', { limit: 500 })).map((r) => r.accountId), name).toEqual(expected.map((r) => r.accountId));
    const others = rows.filter((r) => keep({ ...r, band: filter.band ?? r.band, fixFirst: filter.fixFirst ?? r.fixFirst }));
    const bands = Object.fromEntries(READINESS_BANDS.map((b) => [b, others.filter((r) => r.band === b).length]));
    expect(await store.readinessCounts(env, filter)).toEqual({ total: expected.length, bands: { ...bands, fixFirst: others.filter((r) => r.fixFirst).length } });
  }
});
