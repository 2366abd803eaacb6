import { describe, expect, it } from 'vitest';
import { catalogIssues, lintRule, ruleIssues } from '../../server/services/lint';
import { evaluate } from '../../shared/engine/evaluate';
import { gateCountKey } from '../../shared/engine/triggers';
import { exampleCatalog, exampleRules } from '../../shared/examples';
import { Catalog } from '../../shared/schemas/catalog';
import { Config } from '../../shared/schemas/config';
import type { Context } from '../../shared/schemas/context';
import { Rule } from '../../shared/schemas/rule';

// The example catalog and rules a new environment starts from (the README's "Your own app in five
// minutes" writes exactly these): valid, and nothing for a demanding reader to be warned about.

const NOW = Date.UTC(2026, 11, 7, 12);
const DAY = 86_400_000;

/** The README walkthrough's person: a Starter account well past the 90-day guard, at `apiCalls` of 10,000. */
const person = (apiCalls: number, traits?: Record<string, number>): Context => ({
  user: { id: 'user_42', role: 'admin' },
  account: { id: 'acct_7', plan: 'starter', createdAt: new Date(NOW - 400 * DAY).toISOString(), ...(traits && { traits }) },
  usage: { api_calls: apiCalls, seats: 3 },
});

const config = Config.parse({ schemaVersion: 2, version: 1, publishedAt: new Date(NOW).toISOString(), catalog: exampleCatalog, rules: exampleRules });

describe('the example catalog', () => {
  it('validates as it is written: the schema neither refuses nor rewrites anything', () => {
    const parsed = Catalog.safeParse(exampleCatalog);
    expect(parsed.error?.issues).toBeUndefined();
    expect(parsed.data).toEqual(exampleCatalog);
    expect(catalogIssues(exampleCatalog)).toEqual([]);
  });

  it('is complete: named metrics, priced plans with limits and absolute checkout URLs, a locked feature with its words, a seat pack, next steps', () => {
    const c = exampleCatalog;
    expect(c.metrics.length).toBeGreaterThanOrEqual(2);
    expect(c.plans.length).toBeGreaterThanOrEqual(2);
    for (const plan of c.plans) {
      expect(plan.price, plan.id).toBeDefined();
      expect(plan.checkoutUrl, plan.id).toMatch(/^https:\/\/app\.acme\.com\//);
      expect(Object.keys(plan.limits).sort(), plan.id).toEqual(c.metrics.map((m) => m.id).sort());
    }
    const automations = c.features.find((f) => f.id === 'automations');
    expect(automations?.description).toBeTruthy();
    expect(automations?.quote).toBeTruthy();
    expect(c.plans.find((p) => p.id === 'starter')?.features).not.toContain('automations');
    expect(c.addons?.find((a) => a.id === 'seat_pack')).toMatchObject({ limits: { seats: 5 }, checkoutUrl: expect.stringMatching(/^https:\/\//) });
    for (const plan of c.plans) expect(c.nextSteps.some((s) => s.from === plan.id && !s.segment), plan.id).toBe(true);
    expect(c.salesUrl).toMatch(/^https:\/\//);
  });
});

describe('the example rules', () => {
  it.each(exampleRules.map((r) => [r.id, r] as const))('%s validates as written, and lint has no warning and no issue', (_id, rule) => {
    const parsed = Rule.safeParse(rule);
    expect(parsed.error?.issues).toBeUndefined();
    expect(parsed.data).toEqual(rule);
    expect(ruleIssues(rule, exampleCatalog)).toEqual([]);
    expect(lintRule(rule, exampleCatalog, exampleRules, NOW)).toEqual([]);
  });

  it('are a usage ladder at 70, 85 and 95 % on a banner, and a locked-feature panel with a 14-day trial', () => {
    const [ladder, panel] = exampleRules;
    expect(ladder).toMatchObject({ surface: 'banner', status: 'live', trigger: { type: 'usage', metric: 'api_calls' } });
    expect(ladder?.trigger.type === 'usage' && ladder.trigger.tiers.map((t) => [t.at, t.tone])).toEqual([
      [{ percent: 70 }, 'inform'],
      [{ percent: 85 }, 'recommend'],
      [{ percent: 95 }, 'urgent'],
    ]);
    expect(panel).toMatchObject({ surface: 'panel', status: 'live', trigger: { type: 'feature', feature: 'automations' }, offer: { type: 'trial', feature: 'automations', days: 14 } });
  });

  it.each([
    [7_200, 'p70', 'inform'],
    [9_000, 'p85', 'recommend'],
    [9_700, 'p95', 'urgent'],
  ])('at %i of 10,000 API calls the banner shows tier %s (%s), every placeholder filled, offering Pro', (usage, tier, tone) => {
    const d = evaluate(config, person(usage), { rules: {} }, NOW);
    expect(d.prompt).toMatchObject({ ruleId: 'api-calls-ladder', tier, tone, surface: 'banner', offer: { type: 'upgrade', plan: { id: 'pro', name: 'Pro' } } });
    for (const text of Object.values(d.prompt?.content ?? {})) expect(text).not.toMatch(/\{\{|\}\}/);
  });

  it('offers Business instead to a Starter account of 200 people or more (the next step’s segment)', () => {
    const d = evaluate(config, person(9_000, { employees: 250 }), { rules: {} }, NOW);
    expect(d.prompt).toMatchObject({ ruleId: 'api-calls-ladder', offer: { type: 'upgrade', plan: { id: 'business', name: 'Business' } } });
  });

  it('explains locked automations with the catalog’s words and a 14-day trial after a click on them', () => {
    const d = evaluate(config, person(1_000), { rules: {}, counts: { [gateCountKey('automations')]: [NOW - 60_000] } }, NOW);
    const panel = d.placed.find((p) => p.ruleId === 'automations-trial');
    expect(panel).toMatchObject({ surface: 'panel', offer: { type: 'trial', days: 14 }, content: { cta: 'Start the 14-day trial' } });
    expect(JSON.stringify(panel)).toContain('Dana, Head of Operations');
    for (const text of Object.values(panel?.content ?? {})) expect(text).not.toMatch(/\{\{|\}\}/);
  });
});
