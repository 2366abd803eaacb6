import { describe, expect, it } from 'vitest';
import { bandOf, scoreReadiness, type ReadinessInput, type ReadinessOptions } from '../../server/services/analytics/readiness';

// Known answers for the readiness arithmetic, worked out by hand from the README's "Readiness"
// rules: usage depth = 15 × min(1, usage/limit) + 10 × min(1, growth/30 %) for the best metric;
// breadth = 25 × active/capacity (team-size trait, else seats), else 2.5 per active person;
// exploration = 2 per locked-feature attempt + 3 per upgrade-page visit (a buyer counts twice) +
// 8 per trial; growth = each mapped trait's points (15 by default); each category capped at 25.

const NOW = Date.UTC(2026, 11, 1, 12);
const DAY = 86_400_000;
const nobody: ReadinessInput = { accountId: 'acme', plan: 'pro', metrics: [], people: [], seats: null, traits: {}, tracks: [], trials: [] };
const score = (input: Partial<ReadinessInput>, options: ReadinessOptions = {}) => scoreReadiness({ ...nobody, ...input }, options, NOW);

describe('usage depth', () => {
  it.each([
    // usage, limit, growth/month, points, words
    [9200, 10_000, 0.31, 15 * 0.92 + 10, 'api_calls at 92 % of the limit, +31 %/month'],
    [9200, 10_000, 0.15, 15 * 0.92 + 5, 'api_calls at 92 % of the limit, +15 %/month'],
    [12_000, 10_000, 0.15, 15 + 5, 'api_calls at 120 % of the limit, +15 %/month'],
    [5000, 10_000, -0.2, 7.5, 'api_calls at 50 % of the limit, −20 %/month'],
    [7000, 10_000, null, 10.5, 'api_calls at 70 % of the limit'],
  ])('%i of %i growing %s a month: %d points', (usage, limit, monthlyGrowth, points, label) => {
    const s = score({ metrics: [{ metric: 'api_calls', usage, limit, monthlyGrowth }] });
    expect(s.categories.usage).toBeCloseTo(points, 10);
    expect(s.signals.filter((x) => x.category === 'usage')).toEqual([{ category: 'usage', label, points: s.categories.usage }]);
  });

  it('takes the metric with the most points, and ignores a metric without a limit', () => {
    const s = score({
      metrics: [
        { metric: 'seats', usage: 3, limit: 10, monthlyGrowth: null },
        { metric: 'api_calls', usage: 6000, limit: 10_000, monthlyGrowth: 0.09 },
        { metric: 'storage', usage: 99, limit: 0, monthlyGrowth: 5 },
      ],
    });
    // seats 15 × 0.3 = 4.5; api_calls 15 × 0.6 + 10 × 0.3 = 12; storage has no limit.
    expect(s.categories.usage).toBe(12);
    expect(s.signals.map((x) => x.label)).toContain('api_calls at 60 % of the limit, +9 %/month');
  });
});

describe('user breadth', () => {
  const people = (n: number, role: string | null = null) => Array.from({ length: n }, (_, i) => ({ userId: `u${i}`, role }));
  it.each([
    ['7 of 10 seats', { people: people(7), seats: 10 }, {}, 17.5, '7 active people in 30 days of 10 seats'],
    ['more people than seats', { people: people(12), seats: 10 }, {}, 25, '12 active people in 30 days of 10 seats'],
    ['7 of a team of 20 (the trait wins over seats)', { people: people(7), seats: 10, traits: { employees: 20 } }, { readiness: { teamSizeTrait: 'employees' } }, 8.8, '7 active people in 30 days of a team of 20'],
    ['a team size that is not a number', { people: people(7), seats: 10, traits: { employees: 'twenty' } }, { readiness: { teamSizeTrait: 'employees' } }, 17.5, '7 active people in 30 days of 10 seats'],
    ['3 people, no capacity known', { people: people(3) }, {}, 7.5, '3 active people in 30 days (no seat limit or team size known)'],
    ['12 people, no capacity known', { people: people(12) }, {}, 25, '12 active people in 30 days (no seat limit or team size known)'],
    ['1 person', { people: people(1), seats: 4 }, {}, 6.3, '1 active person in 30 days of 4 seats'],
  ] as const)('%s', (_name, input, options, points, label) => {
    const s = score(input, options);
    expect(s.categories.breadth).toBe(points);
    expect(s.signals.filter((x) => x.category === 'breadth')).toEqual([{ category: 'breadth', label, points }]);
  });
});

describe('feature exploration', () => {
  const people = [
    { userId: 'boss', role: 'owner' },
    { userId: 'dev', role: 'member' },
  ];
  const tracks = [
    { userId: 'boss', name: 'upshift:gate:sso', count: 2 },
    { userId: 'dev', name: 'upshift:gate:sso', count: 3 },
    { userId: 'dev', name: 'pricing_viewed', count: 1 },
    { userId: 'dev', name: 'report_exported', count: 40 },
  ];
  const visits = { readiness: { upgradeEvents: ['pricing_viewed'] } };

  it('weighs an owner’s attempts twice (default buyer roles) and counts only the configured upgrade-page events', () => {
    const s = score({ people, tracks }, visits);
    // Attempts: 2 × (2 × 2 + 3) = 14; visits: 3 × 1 = 3.
    expect(s.categories.exploration).toBe(17);
    expect(s.signals.filter((x) => x.category === 'exploration')).toEqual([
      { category: 'exploration', label: '5 locked-feature attempts in 30 days (2 by people in buyer roles)', points: 14 },
      { category: 'exploration', label: '1 upgrade-page visit in 30 days', points: 3 },
    ]);
  });

  it('follows the settings’ buyer roles', () => {
    // The member is the buyer now: attempts 2 × (2 + 2 × 3) = 16, visits 3 × 2 = 6.
    expect(score({ people, tracks }, { ...visits, buyerRoles: ['member'] }).categories.exploration).toBe(22);
  });

  it('counts no upgrade-page visits when the settings name no events', () => {
    expect(score({ people, tracks }).categories.exploration).toBe(14);
  });

  it('adds 8 per trial and caps the category at 25, the last signal taking what is left', () => {
    const s = score({ people, tracks, trials: ['sso', 'audit_log'] }, visits);
    expect(s.categories.exploration).toBe(25);
    expect(s.signals.filter((x) => x.category === 'exploration').map((x) => x.points)).toEqual([14, 3, 8]);
    expect(s.signals.at(-1)?.label).toBe('trials started in 30 days: sso, audit_log');
  });
});

describe('organisational growth', () => {
  const iso = (ms: number) => new Date(ms).toISOString();
  it.each<[string, Record<string, unknown>, ReadinessOptions, number]>([
    ['headcount growth at the default threshold', { headcountGrowth: 10 }, {}, 15],
    ['headcount growth under it', { headcountGrowth: 9.9 }, {}, 0],
    ['a funding round 100 days ago', { fundedAt: iso(NOW - 100 * DAY) }, {}, 15],
    ['a funding round 200 days ago', { fundedAt: iso(NOW - 200 * DAY) }, {}, 0],
    ['a funding date in the future', { fundedAt: iso(NOW + DAY) }, {}, 0],
    ['both: 15 + 15 capped at 25', { headcountGrowth: 30, fundedAt: iso(NOW - DAY) }, {}, 25],
    ['a mapped trait with its own points', { launches: 2 }, { readiness: { growth: [{ trait: 'launches', atLeast: 1, points: 5 }] } }, 5],
    ['the defaults give way to the mapping', { headcountGrowth: 30 }, { readiness: { growth: [{ trait: 'launches', atLeast: 1 }] } }, 0],
    ['an inherited name is no trait', {}, { readiness: { growth: [{ trait: 'constructor', withinDays: 30 }] } }, 0],
  ])('%s', (_name, traits, options, points) => {
    expect(score({ traits }, options).categories.growth).toBe(points);
  });

  it('says which trait moved, in words', () => {
    const s = score({ traits: { headcountGrowth: 30, fundedAt: '2026-11-01T00:00:00Z' } });
    expect(s.signals.filter((x) => x.category === 'growth')).toEqual([
      { category: 'growth', label: 'headcountGrowth is 30 (at least 10)', points: 15 },
      { category: 'growth', label: 'fundedAt on 2026-11-01 (within 180 days)', points: 10 },
    ]);
  });
});

describe('score, bands and fix first', () => {
  it.each([
    [100, 'high'],
    [75, 'high'],
    [74, 'moderate'],
    [50, 'moderate'],
    [49, 'early'],
    [25, 'early'],
    [24, 'not_ready'],
    [0, 'not_ready'],
  ] as const)('%i is %s', (n, band) => expect(bandOf(n)).toBe(band));

  // Usage 15 × 0.92 + 10 = 23.8, breadth 25 × 8/10 = 20, exploration 2 × 2 × 4 = 16, growth 15: 74.8 → 75.
  const ready: Partial<ReadinessInput> = {
    metrics: [{ metric: 'api_calls', usage: 9200, limit: 10_000, monthlyGrowth: 0.4 }],
    people: Array.from({ length: 8 }, (_, i) => ({ userId: `u${i}`, role: i === 0 ? 'admin' : null })),
    seats: 10,
    tracks: [{ userId: 'u0', name: 'upshift:gate:sso', count: 4 }],
    traits: { headcountGrowth: 12 },
  };

  it('adds the categories and rounds the sum', () => {
    const s = score(ready);
    expect(s.categories).toEqual({ usage: 23.8, breadth: 20, exploration: 16, growth: 15 });
    expect(s).toMatchObject({ accountId: 'acme', plan: 'pro', score: 75, band: 'high', fixFirst: false, updatedAt: NOW });
  });

  it.each([
    ['health below the engine’s guard (40)', { health: 39 }, true],
    ['health at the guard', { health: 40 }, false],
    ['an open ticket', { openTickets: 1 }, true],
    ['no health reported', {}, false],
  ] as const)('%s: fix first %s, and then never high', (_name, extra, fixFirst) => {
    const s = score({ ...ready, ...extra });
    expect(s.score).toBe(75);
    expect(s.fixFirst).toBe(fixFirst);
    expect(s.band).toBe(fixFirst ? 'moderate' : 'high');
  });

  it('keeps a low band as it is when fix first', () => {
    expect(score({ health: 10, people: [{ userId: 'u', role: null }] })).toMatchObject({ score: 3, band: 'not_ready', fixFirst: true });
  });
});
