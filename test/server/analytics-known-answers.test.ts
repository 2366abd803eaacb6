import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeclinesAnswer, ExperimentsAnswer, FunnelAnswer, ReadinessAnswer, RevenueAnswer, type Comparison } from '../../shared/schemas/analytics';
import { proportion, sampleMean, sequentialTwoSidedTTest, twoSidedTTest, type Sample } from '../../shared/stats';
import { generateThroughHttp, type GeneratedDataset } from '../helpers/analytics-dataset';
import { arms, dayOf, funnel, monthOf, sentOf, touchOf, type Sent } from './analytics-expected';
import { readiness } from './analytics-expected-readiness';
import { movements, revenueMonths } from './analytics-expected-revenue';

// Issue 16's "done when": a generated dataset, sent through the real HTTP app, reproduces every
// analytics figure that plain loops over the generated rows give (see analytics-expected*.ts).

const DAY = 86_400_000;
let data: GeneratedDataset;
let sent: Sent;
let from: string;
let to: string;

async function get<T>(path: string, schema: { parse(x: unknown): T }): Promise<T> {
  const res = await data.target.app.request(path, { headers: { authorization: `Bearer ${data.target.secretKey}` } });
  expect(res.status, await res.clone().text()).toBe(200);
  return schema.parse(await res.json());
}

beforeAll(async () => {
  data = await generateThroughHttp();
  sent = sentOf(data.items);
  from = dayOf(data.params.start);
  to = dayOf(data.end - DAY);
}, 120_000);

afterAll(async () => {
  await data?.cleanup();
});

describe('the generated dataset', () => {
  it('is the size the test means and exercises every kind of write', () => {
    expect(sent.events.length).toBeGreaterThan(15_000);
    expect(sent.events.length).toBeLessThan(40_000);
    for (const type of ['exposure', 'impression', 'click', 'dismiss', 'decline', 'snooze', 'track']) expect(sent.events.some((e) => e.type === type), type).toBe(true);
    for (const type of ['new', 'upgrade', 'seats', 'downgrade', 'churn']) expect(sent.conversions.some((c) => c.body.type === type), type).toBe(true);
    expect(sent.conversions.some((c) => c.receivedAt > c.at + DAY)).toBe(true);
    expect(sent.trials.length).toBeGreaterThan(0);
    expect(sent.requests.length).toBeGreaterThan(0);
    expect(sent.visits.length).toBeGreaterThan(100);
  });
});

describe('GET /v1/analytics/funnel', () => {
  it('counts every stage of every rule over the whole range', async () => {
    const answer = await get(`/v1/analytics/funnel?from=${from}&to=${to}`, FunnelAnswer);
    const expected = funnel(sent, from, to);
    expect(Object.fromEntries(answer.rules.map((r) => [r.ruleId, r.stages]))).toEqual(Object.fromEntries(expected));
    const total = [...expected.values()].reduce((n, s) => n + s.exposed, 0);
    expect(answer.series.reduce((n, d) => n + d.exposed, 0)).toBe(total);
  });

  it('breaks the first three stages down by variant over the last 30 days', async () => {
    const since = dayOf(data.end - 30 * DAY);
    const answer = await get(`/v1/analytics/funnel?from=${since}&to=${to}&by=variant`, FunnelAnswer);
    const expected = funnel(sent, since, to, (e) => e.variant ?? '');
    const seen = answer.rules.flatMap((r) => r.segments.map((s) => [`${r.ruleId}/${s.key}`, [s.stages.exposed, s.stages.impression, s.stages.click]] as const));
    const want = [...expected].filter(([, s]) => s.exposed + s.impression + s.click > 0).map(([k, s]) => [k, [s.exposed, s.impression, s.click]] as const);
    expect(Object.fromEntries(seen.filter(([, v]) => v.some((n) => n > 0)))).toEqual(Object.fromEntries(want));
  });
});

describe('GET /v1/analytics/declines', () => {
  it('counts declines per rule and reason', async () => {
    const answer = await get(`/v1/analytics/declines?from=${from}&to=${to}`, DeclinesAnswer);
    const expected = new Map<string, Record<string, number>>();
    for (const e of sent.events) {
      if (e.type !== 'decline') continue;
      const r = expected.get(e.ruleId) ?? { budget: 0, timing: 0, fit: 0, other: 0 };
      r[e.reason] = (r[e.reason] ?? 0) + 1;
      expected.set(e.ruleId, r);
    }
    expect(Object.fromEntries(answer.rules.map((r) => [r.ruleId, r.reasons]))).toEqual(Object.fromEntries(expected));
    for (const r of answer.rules) expect(r.notes.length).toBe(Math.min(100, sent.events.filter((e) => e.type === 'decline' && e.ruleId === r.ruleId && e.note).length));
  });
});

describe('GET /v1/analytics/experiments', () => {
  const sample = (metric: Comparison['metric'], a: { accounts: number; converted: number; expansionMrr: number; sumSquares: number }): Sample =>
    metric === 'conversion' ? proportion(a.accounts, a.converted) : sampleMean(a.accounts, a.expansionMrr, a.sumSquares);

  // gbstats' default tuning: the dataset's settings set none.
  it.each([
    ['fixed', (a: Sample, b: Sample, relative: boolean) => twoSidedTTest(a, b, { relative })],
    ['sequential', (a: Sample, b: Sample, relative: boolean) => sequentialTwoSidedTTest(a, b, { relative, tuning: 5000 })],
  ] as const)('has each arm’s accounts, conversions and MRR, and the %s lift, interval and p-value from them', async (mode, test) => {
    const answer = await get(`/v1/analytics/experiments?from=${from}&to=${to}&mode=${mode}`, ExperimentsAnswer);
    const expected = arms(sent);
    expect(answer.experiments.map((e) => e.ruleId).sort()).toEqual([...expected.keys()].sort());
    let compared = 0;
    for (const e of answer.experiments) {
      const want = expected.get(e.ruleId)!;
      expect(Object.fromEntries(e.arms.map((a) => [a.variant, [a.accounts, a.converted, a.expansionMrr]])), e.ruleId).toEqual(
        Object.fromEntries([...want].map(([v, a]) => [v, [a.accounts, a.converted, a.expansionMrr]])),
      );
      const holdout = want.get('holdout')!;
      for (const c of e.comparisons) {
        const a = sample(c.metric, holdout);
        const b = sample(c.metric, want.get(c.variant)!);
        const abs = test(a, b, false);
        if (abs.error) continue;
        const rel = test(a, b, true);
        expect(c.absolute.estimate).toBeCloseTo(b.mean - a.mean, 9);
        expect([c.absolute.low, c.absolute.high, c.pValue]).toEqual([expect.closeTo(abs.low, 9), expect.closeTo(abs.high, 9), expect.closeTo(abs.pValue, 9)]);
        expect([c.relative.estimate, c.relative.low, c.relative.high]).toEqual([expect.closeTo(rel.estimate, 9), expect.closeTo(rel.low, 9), expect.closeTo(rel.high, 9)]);
        expect(c.significant).toBe(abs.low > 0 || abs.high < 0);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(5);
  });
});

describe('GET /v1/analytics/revenue', () => {
  it('has each month’s starting MRR, movements, NRR, GRR and expansion rate', async () => {
    const months = Array.from({ length: 4 }, (_, i) => monthOf(Date.UTC(2026, 4 + i, 1)));
    const answer = await get(`/v1/analytics/revenue?from=${months[0]}&to=${months.at(-1)}`, RevenueAnswer);
    const expected = revenueMonths(sent, months);
    expect(answer.months.map((m) => m.month)).toEqual(months);
    answer.months.forEach((m, i) => {
      const f = expected[i]!;
      const { medianDaysToFirstExpansion, ...figures } = f;
      expect(m, m.month).toMatchObject(figures);
      expect(m.nrr).toBeCloseTo((f.startMrr + f.expansion + f.reactivation - f.contraction - f.churn) / f.startMrr, 12);
      expect(m.grr).toBeCloseTo((f.startMrr - f.contraction - f.churn) / f.startMrr, 12);
      expect(m.expansionRate).toBeCloseTo(f.accountsExpanded / f.accountsAtStart, 12);
      if (medianDaysToFirstExpansion === null) expect(m.medianDaysToFirstExpansion).toBeNull();
      else expect(m.medianDaysToFirstExpansion).toBeCloseTo(medianDaysToFirstExpansion, 6);
    });
  });

  it('credits the expansion movements to the rule and variant of each conversion’s touch', async () => {
    const answer = await get(`/v1/analytics/revenue?from=2026-05&to=2026-08`, RevenueAnswer);
    const expected = new Map<string, { expansionMrr: number; conversions: number }>();
    // A reactivation reported as an upgrade is not expansion MRR, whatever prompt it followed.
    for (const m of movements(sent)) {
      const touch = m.kind === 'expansion' && touchOf(sent.events, m.account, m.at);
      if (!touch) continue;
      const key = `${touch.ruleId}/${touch.variant}`;
      const e = expected.get(key) ?? { expansionMrr: 0, conversions: 0 };
      expected.set(key, { expansionMrr: e.expansionMrr + m.amount, conversions: e.conversions + 1 });
    }
    expect(Object.fromEntries(answer.attributed.map((a) => [`${a.ruleId}/${a.variant ?? ''}`, { expansionMrr: a.expansionMrr, conversions: a.conversions }]))).toEqual(Object.fromEntries(expected));
  });
});

describe('GET /v1/analytics/readiness', () => {
  it('scores every visited account as the last visit and its 30 days say', async () => {
    const answer = await get('/v1/analytics/readiness?limit=500', ReadinessAnswer);
    const expected = readiness(sent);
    expect(answer.total).toBe(expected.size);
    const got = Object.fromEntries(answer.accounts.map((a) => [a.accountId, { score: a.score, band: a.band, fixFirst: a.fixFirst, categories: a.categories }]));
    expect(got).toEqual(Object.fromEntries(expected));
    const bands = { high: 0, moderate: 0, early: 0, not_ready: 0 };
    for (const r of expected.values()) bands[r.band]++;
    expect(answer.bands).toMatchObject(bands);
  });
});
