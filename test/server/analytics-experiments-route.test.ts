import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContent, publish } from '../../server/demo/seed';
import { inGlobalHoldout, ruleAssignment } from '../../shared/engine/bucket';
import { ExperimentsAnswer } from '../../shared/schemas/analytics';
import type { ConfigContent } from '../../shared/schemas/config';
import { checkSrm, proportion, sampleMean, sequentialTwoSidedTTest, twoSidedTTest } from '../../shared/stats';
import { addPerson, signedIn } from '../helpers/admin-client';
import { expectApiError, postEvents } from '../helpers/http';
import { seeded } from '../helpers/random';
import { createTestApp, type TestApp } from '../helpers/test-app';

// GET /v1/analytics/experiments on data posted through the real app: exposures through
// POST /v1/events, conversions through POST /v1/conversions. The expected arms are tallied below
// in plain loops over the generated rows; the expected statistics come from shared/stats.

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 7, 12);
const iso = (ms: number) => new Date(ms).toISOString();
const RULE = 'api-usage-ladder';
const rule = { id: RULE, holdout: 20, variants: [{ id: 'a', weight: 2 }, { id: 'b', weight: 1 }] };
const content: ConfigContent = {
  ...demoContent,
  settings: { ...demoContent.settings, holdout: 10, analytics: { sequentialTuning: 2000 } },
  rules: demoContent.rules.map((r) => (r.id === RULE ? { ...r, ...rule } : r)),
};

interface Exposure {
  account: string;
  arm: string;
  at: number;
}
interface Conversion {
  account: string;
  type: 'upgrade' | 'downgrade';
  mrrDelta: number;
  at: number;
}

let t: TestApp;
const exposures: Exposure[] = [];
const conversions: Conversion[] = [];

const secret = (path: string, init: RequestInit = {}) => t.app.request(path, { ...init, headers: { Authorization: `Bearer ${t.secretKey}`, ...init.headers } });

beforeAll(async () => {
  t = await createTestApp({ clock: () => NOW });
  await publish(t.store, t.environment.id, content);
  const random = seeded(16);
  for (let i = 0; i < 900; i++) {
    const account = `acct-${i}`;
    const a = inGlobalHoldout(10, account) ? null : ruleAssignment(rule, account);
    const arm = !a || a.group === 'holdout' ? 'holdout' : a.variant;
    // Most first exposures in the range (days −9..−2); some a month earlier, outside it.
    const at = NOW - (i % 10 === 0 ? 40 : 2 + (i % 8)) * DAY - 3_600_000;
    exposures.push({ account, arm, at });
    // A second exposure two days later must not move the account's first day.
    if (i % 7 === 0) exposures.push({ account, arm, at: at + 2 * DAY });
    const rate = arm === 'a' ? 0.45 : arm === 'b' ? 0.3 : 0.25;
    if (random() < rate) conversions.push({ account, type: 'upgrade', mrrDelta: 1000 + Math.floor(random() * 9000), at: at + DAY });
    if (random() < 0.1) conversions.push({ account, type: 'upgrade', mrrDelta: 2500, at: at + DAY + 3_600_000 });
    // Not expansion revenue: before the exposure, or a downgrade.
    if (random() < 0.1) conversions.push({ account, type: 'upgrade', mrrDelta: 4000, at: at - DAY });
    if (random() < 0.05) conversions.push({ account, type: 'downgrade', mrrDelta: -1500, at: at + DAY });
  }
  const events = exposures.map((e) => ({ id: crypto.randomUUID(), type: 'exposure', at: iso(e.at), userId: `u-${e.account}`, accountId: e.account, ruleId: RULE, ...(e.arm === '' ? {} : { variant: e.arm }), surface: 'banner', trigger: 'usage', configVersion: 2 }));
  for (let i = 0; i < events.length; i += 100) {
    const res = await postEvents(t.app, t.key, { events: events.slice(i, i + 100) });
    expect(res.status, await res.text()).toBe(200);
  }
  for (const [i, c] of conversions.entries()) {
    const body = { account: c.account, type: c.type, mrrDelta: c.mrrDelta, currency: 'USD', plan: 'pro', at: iso(c.at), idempotencyKey: `inv_${i}` };
    const res = await secret('/v1/conversions', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, `${await res.text()} ${JSON.stringify(t.logger.entries.slice(-1))}`).toBe(201);
  }
}, 120_000);
afterAll(async () => t.cleanup());

/** Per arm, by plain loops: accounts first exposed from `from` on, converted accounts, MRR and Σ MRR². */
function tally(from: number) {
  const first = new Map<string, Exposure>();
  for (const e of exposures) if (!first.has(e.account) || first.get(e.account)!.at > e.at) first.set(e.account, e);
  const arms = new Map<string, { accounts: number; converted: number; mrr: number; squares: number }>();
  for (const e of first.values()) {
    if (e.at < from) continue;
    let mrr = 0;
    let converted = false;
    for (const c of conversions) {
      if (c.account === e.account && c.type === 'upgrade' && c.at >= e.at) {
        mrr += c.mrrDelta;
        converted = true;
      }
    }
    const arm = arms.get(e.arm) ?? { accounts: 0, converted: 0, mrr: 0, squares: 0 };
    arm.accounts += 1;
    arm.converted += converted ? 1 : 0;
    arm.mrr += mrr;
    arm.squares += mrr * mrr;
    arms.set(e.arm, arm);
  }
  return arms;
}

const get = async (query: string) => {
  const res = await secret(`/v1/analytics/experiments${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return ExperimentsAnswer.parse(await res.json());
};

describe('GET /v1/analytics/experiments', () => {
  const FROM = '2026-11-27';
  const expected = () => tally(Date.parse(`${FROM}T00:00:00Z`));

  it('reports each arm of the accounts first exposed in the range, as tallied from the posted rows', async () => {
    const answer = await get(`?from=${FROM}&to=2026-12-07`);
    expect(answer).toMatchObject({ from: FROM, to: '2026-12-07', mode: 'sequential', currency: 'USD' });
    const e = answer.experiments.find((x) => x.ruleId === RULE)!;
    const want = expected();
    expect(e.arms.map((a) => a.variant)).toEqual(['holdout', 'a', 'b']);
    for (const arm of e.arms) {
      const w = want.get(arm.variant)!;
      expect(arm).toEqual({ variant: arm.variant, accounts: w.accounts, converted: w.converted, conversionRate: w.converted / w.accounts, expansionMrr: w.mrr, mrrPerAccount: w.mrr / w.accounts });
    }
    // Split: global 10 %, rule holdout 20 %, weights 2:1.
    const g = 0.1 + 0.9 * 0.2;
    expect(e.srm!.expected.holdout).toBeCloseTo(g, 12);
    expect(e.srm!.expected.a).toBeCloseTo(((1 - g) * 2) / 3, 12);
    expect(e.srm!.pValue).toBeCloseTo(checkSrm(['holdout', 'a', 'b'].map((v) => want.get(v)!.accounts), [g, ((1 - g) * 2) / 3, (1 - g) / 3]), 12);
    expect(e.trigger).toBe('usage');
  });

  it('computes the comparisons with the sequential tuning from settings, or fixed on request', async () => {
    const want = expected();
    const h = want.get('holdout')!;
    const a = want.get('a')!;
    const seq = (await get(`?from=${FROM}`)).experiments.find((x) => x.ruleId === RULE)!;
    const conv = sequentialTwoSidedTTest(proportion(h.accounts, h.converted), proportion(a.accounts, a.converted), { relative: false, tuning: 2000 });
    const got = seq.comparisons.find((c) => c.variant === 'a' && c.metric === 'conversion')!;
    expect(got.absolute.estimate).toBeCloseTo(conv.estimate, 12);
    expect(got.absolute.low).toBeCloseTo(conv.low, 12);
    expect(got.absolute.high).toBeCloseTo(conv.high, 12);
    expect(got.pValue).toBeCloseTo(conv.pValue, 12);
    const fixed = (await get(`?from=${FROM}&mode=fixed`)).experiments.find((x) => x.ruleId === RULE)!;
    const mrr = twoSidedTTest(sampleMean(h.accounts, h.mrr, h.squares), sampleMean(a.accounts, a.mrr, a.squares), { relative: true });
    const gotMrr = fixed.comparisons.find((c) => c.variant === 'a' && c.metric === 'mrr')!;
    expect(gotMrr.relative.estimate).toBeCloseTo(mrr.estimate, 12);
    expect(gotMrr.relative.low).toBeCloseTo(mrr.low, 12);
    expect(gotMrr.relative.high).toBeCloseTo(mrr.high, 12);
  });

  it('narrows to one rule, and answers no experiment for a rule nobody was exposed to', async () => {
    expect((await get(`?from=${FROM}&rule=${RULE}`)).experiments.map((e) => e.ruleId)).toEqual([RULE]);
    expect((await get(`?from=${FROM}&rule=nobody-saw-this`)).experiments).toEqual([]);
  });

  it('answers a viewer session in the console with the same figures', async () => {
    await addPerson(t.store, 'viewer@acme.test', 'viewer');
    const viewer = await signedIn(t.app, 'viewer@acme.test');
    const res = await viewer.request('GET', `/v1/admin/environments/${t.environment.id}/analytics/experiments?from=${FROM}&to=2026-12-07`);
    expect(res.status).toBe(200);
    expect(ExperimentsAnswer.parse(await res.json())).toEqual(await get(`?from=${FROM}&to=2026-12-07`));
  });

  it.each([
    ['from after to', '?from=2026-12-07&to=2026-12-01', 'from'],
    ['a range over 400 days', '?from=2025-01-01&to=2026-12-07', 'from'],
    ['a date that is not one', '?from=2026-13-01', 'from'],
    ['an unknown mode', '?mode=bayesian', 'mode'],
    ['a rule id that is not a key', '?rule=%20', 'rule'],
  ])('refuses %s with a 400 at the parameter', async (_name, query, param) => {
    const error = await expectApiError(await secret(`/v1/analytics/experiments${query}`), 400, 'invalid_request');
    expect(JSON.stringify(error.details)).toContain(`"${param}"`);
  });

  it.each([
    [{ minUsefulLift: 2 }, 'analytics.minUsefulLift'],
    [{ sequentialTuning: 0 }, 'analytics.sequentialTuning'],
    [{ tuning: 5000 }, 'analytics'],
  ])('refuses settings.analytics %j at %s', async (analytics, path) => {
    const res = await secret('/v1/settings', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ analytics }) });
    const error = await expectApiError(res, 400, 'invalid_request');
    expect(JSON.stringify(error.details)).toContain(`"${path}"`);
  });

  it('refuses no key, a publishable key and other methods', async () => {
    await expectApiError(await t.app.request('/v1/analytics/experiments'), 401, 'missing_key');
    await expectApiError(await t.app.request('/v1/analytics/experiments', { headers: { Authorization: `Bearer ${t.key}` } }), 401, 'wrong_key_type');
    expect((await secret('/v1/analytics/experiments', { method: 'POST' })).status).toBe(405);
  });
});

describe('before anything is published', () => {
  it('still compares the arms, with the default settings and no SRM (no split to expect)', async () => {
    const fresh = await createTestApp({ clock: () => NOW, publish: false });
    try {
      const events = ['holdout', '', '', 'holdout', ''].map((arm, i) => ({ id: crypto.randomUUID(), type: 'exposure', at: iso(NOW - DAY), userId: `u${i}`, accountId: `acct-${i}`, ruleId: 'r', ...(arm ? { variant: arm } : {}), surface: 'modal', trigger: 'feature', configVersion: 1 }));
      expect((await postEvents(fresh.app, fresh.key, { events })).status).toBe(200);
      const res = await fresh.app.request('/v1/analytics/experiments', { headers: { Authorization: `Bearer ${fresh.secretKey}` } });
      const answer = ExperimentsAnswer.parse(await res.json());
      expect(answer.experiments).toHaveLength(1);
      expect(answer.experiments[0]).toMatchObject({ ruleId: 'r', trigger: 'feature', srm: null, prune: false });
      expect(answer.experiments[0]!.arms.map((a) => [a.variant, a.accounts])).toEqual([['holdout', 2], ['', 3]]);
      expect(answer.experiments[0]!.warnings.map((w) => w.code)).toEqual(['low_data']);
    } finally {
      await fresh.cleanup();
    }
  });
});
