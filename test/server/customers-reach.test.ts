import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeDrafts } from '../../server/services/publishing';
import { demoContent } from '../../server/demo/seed';
import type { ReachResponse } from '../../shared/schemas/customer';
import type { UsageTrigger } from '../../shared/schemas/rule';
import { expectApiError } from '../helpers/http';
import { manualClock } from '../helpers/admin-client';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { DAY, NOW, pushRule, seed, seededAccounts, tiersOf, type Seeded } from './customers-fixture';

let t: TestApp;
const time = manualClock(NOW);
const accounts = seededAccounts();
beforeEach(async () => {
  time.set(NOW);
  t = await createTestApp({ clock: time.clock });
  await writeDrafts(t.store, t.environment.id, demoContent);
  await seed(t.app, t.key, time, accounts);
});
afterEach(async () => {
  await t.cleanup();
});

const reach = (body: unknown) =>
  t.app.request('/v1/reach', { method: 'POST', headers: { Authorization: `Bearer ${t.secretKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/**
 * The test's own count, from the seeded facts and the playbook's rules as the README states them:
 * seen in the last 30 days, on Starter (the only plan with a next step), at least 90 days old when
 * the age is known, health at least 40 when known, and API calls at 70 % of Starter's 10,000 or
 * more; the tier is the highest threshold reached.
 */
function expectedTiers(seeded: readonly Seeded[], tiers: { id: string; percent: number }[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of seeded) {
    if (a.seenDaysAgo > 30 || a.plan !== 'starter') continue;
    if (a.ageDays !== undefined && a.ageDays < 90) continue;
    if (a.health !== undefined && a.health < 40) continue;
    const percent = (a.apiCalls / 10_000) * 100;
    const tier = tiers.filter((x) => percent >= x.percent).at(-1);
    if (tier) out.set(tier.id, (out.get(tier.id) ?? 0) + 1);
  }
  return out;
}

/** The push rule with its second tier below its first, which no ladder may have. */
function descending() {
  const rule = pushRule();
  (rule.trigger as UsageTrigger).tiers[1]!.at = { percent: 10 };
  return rule;
}

describe('POST /v1/reach', () => {
  it('counts exactly the recent accounts the test counts by hand, per tier, and the live rule it displaces', async () => {
    const rule = pushRule();
    const res = await reach({ rule });
    expect(res.status).toBe(200);
    const body = (await res.json()) as ReachResponse;
    const expected = expectedTiers(accounts, tiersOf(rule));
    const total = [...expected.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(3);
    expect(body.accounts).toBe(accounts.filter((a) => a.seenDaysAgo <= 30).length);
    expect(body.eligible).toBe(total);
    expect(body.shown).toBe(total);
    expect(Object.fromEntries(body.tiers.map((x) => [x.id, x.accounts]))).toEqual(Object.fromEntries(expected));
    // The live API ladder judges the same accounts alike, at a lower priority: wherever this shows, it takes the ladder's place.
    expect(body.displaced).toEqual([{ id: 'api-usage-ladder', accounts: total }]);
    const why = Object.fromEntries(body.missed.map((x) => [x.id, x.accounts]));
    expect(why['offer.no_next_step']).toBe(accounts.filter((a) => a.seenDaysAgo <= 30 && a.plan === 'pro').length);
    expect(why['guard.unhealthy']).toBeGreaterThan(0);
    expect(why['guard.account_too_new']).toBeGreaterThan(0);
  });

  it('splits the eligible accounts between variants and keeps the holdout apart', async () => {
    const rule = pushRule({
      holdout: 30,
      variants: [
        { id: 'a', weight: 50 },
        { id: 'b', weight: 50 },
      ],
    });
    const body = (await (await reach({ rule })).json()) as ReachResponse;
    const total = [...expectedTiers(accounts, tiersOf(rule)).values()].reduce((a, b) => a + b, 0);
    expect(body.eligible + body.heldOut.rule).toBe(total);
    expect(body.heldOut.rule).toBeGreaterThan(0);
    expect(body.variants.reduce((n, v) => n + v.accounts, 0)).toBe(body.eligible);
    expect(body.variants.map((v) => v.id).sort()).toEqual(['a', 'b']);
  });

  it('counts a lower-priority rule as eligible but outranked, displacing nothing', async () => {
    const body = (await (await reach({ rule: pushRule({ priority: 10 }) })).json()) as ReachResponse;
    const total = [...expectedTiers(accounts, tiersOf(pushRule())).values()].reduce((a, b) => a + b, 0);
    expect(body).toMatchObject({ eligible: total, outranked: total, shown: 0, displaced: [] });
  });

  it('leaves out accounts of other environments and accounts not seen for 30 days', async () => {
    time.set(NOW + 31 * DAY);
    const body = (await (await reach({ rule: pushRule() })).json()) as ReachResponse;
    expect(body.accounts).toBe(0);
    expect(body.eligible).toBe(0);
  });

  it.each([
    ['no rule', {}, 'rule'],
    ['a rule without a trigger', { rule: { ...pushRule(), trigger: undefined } }, 'rule.trigger'],
    ['tiers out of order', { rule: descending() }, 'rule.trigger.tiers.1.at'],
  ])('refuses %s with 400 and the field path', async (_name, body, path) => {
    const error = await expectApiError(await reach(body), 400, 'invalid_request');
    const issues = (error.details as { issues: { path: string }[] }).issues;
    expect(issues.map((i) => i.path).some((p) => p.startsWith(path))).toBe(true);
  });
});
