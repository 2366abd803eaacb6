import { MIN_RETENTION_MS, rollUpOldEvents } from '../../server/services/retention';
import { afterEach, describe, expect, it } from 'vitest';
import { FunnelAnswer } from '../../shared/schemas/analytics';
import { ConversionResult } from '../../shared/schemas/conversion';
import { addPerson, signedIn } from '../helpers/admin-client';
import { expectApiError } from '../helpers/http';
import { analyticsApp, DAY, dayOf, HOUR, iso, NOW, type AnalyticsApp } from './analytics-helpers';
import { eventFacts, expectedFunnel, generateEvents, type Fact, type Selection } from './analytics-funnel-data';

let t: AnalyticsApp | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

const query = (s: Partial<Selection>) => new URLSearchParams(Object.entries(s) as [string, string][]).toString();
const funnel = async (app: AnalyticsApp, s: Partial<Selection>) => FunnelAnswer.parse(await app.ok(`/v1/analytics/funnel?${query(s)}`));
/** The answer without time to conversion, which `expectedFunnel` leaves to its own test. */
const withoutDelays = (a: FunnelAnswer) => ({ ...a, rules: a.rules.map(({ timeToConversion: _, ...r }) => r) });

/**
 * Events (some sent twice, as a retrying widget does), trials, requests to the admins and
 * conversions, each through its public endpoint; answers the facts the funnel must count.
 */
async function populate(app: AnalyticsApp): Promise<Fact[]> {
  const events = generateEvents(16, 900);
  await app.send(events);
  await app.send(events.slice(100, 250));
  const facts = eventFacts(events);
  const blank = { tier: '', surface: '', locale: '' };
  const trials: [string, string | undefined, number][] = [
    ['acct-t1', 'short', NOW - 3 * DAY - 5 * HOUR],
    ['acct-t2', 'long', NOW - 3 * DAY - 1 * HOUR],
    ['acct-t3', 'short', NOW - 20 * DAY],
    ['acct-t1', 'short', NOW - 2 * DAY], // the same trial again: no new action
  ];
  for (const [account, variant, at] of trials) {
    app.time.set(at);
    const res = await app.widgetPost('/v1/trials', { userId: `${account}-u`, accountId: account, ruleId: 'try-reports-ab', feature: 'scheduled_reports', ...(variant && { variant }) });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    if (res.status === 201) facts.push({ day: dayOf(at), ruleId: 'try-reports-ab', variant: variant ?? '', ...blank, trigger: 'feature', stage: 'action' });
  }
  for (const [user, at] of [['u1', NOW - 1 * DAY], ['u1', NOW - 1 * DAY + HOUR], ['u2', NOW - 40 * DAY]] as const) {
    app.time.set(at);
    const res = await app.widgetPost('/v1/admin-requests', { userId: user, accountId: 'acct-3', ruleId: 'try-alerts' });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    const created = ((await res.json()) as { created: boolean }).created;
    if (created) facts.push({ day: dayOf(at), ruleId: 'try-alerts', variant: '', ...blank, trigger: 'feature', stage: 'action' });
  }
  app.time.set(NOW);
  for (let i = 0; i < 12; i++) {
    const expansion = i % 4 !== 3;
    const at = NOW - (i * 3 + 1) * DAY + i * HOUR;
    const body = { account: `acct-${i}`, type: expansion ? 'upgrade' : 'downgrade', mrrDelta: expansion ? 1000 : -500, currency: 'USD', plan: 'pro', at: iso(at), idempotencyKey: `inv-${i}` };
    const res = await app.secretPost('/v1/conversions', body);
    expect(res.status, await res.clone().text()).toBe(201);
    const touch = ConversionResult.parse(await res.json()).conversion.touch;
    if (expansion && touch) {
      facts.push({ day: dayOf(at), ruleId: touch.ruleId, variant: touch.variant ?? '', tier: touch.tier ?? '', surface: touch.surface ?? '', locale: '', trigger: 'usage', stage: 'conversion' });
      // A conversion's trigger is its rule's (the touch does not carry one).
      facts.at(-1)!.trigger = touch.ruleId === 'api-usage-ladder' ? 'usage' : 'feature';
    }
  }
  return facts;
}

describe('GET /v1/analytics/funnel', () => {
  it('counts every stage per rule, breakdown and day as plain loops over the sent rows do, whatever the filters', async () => {
    t = await analyticsApp();
    const facts = await populate(t);
    expect(facts.filter((f) => f.stage === 'conversion').length).toBeGreaterThan(3);
    expect(facts.filter((f) => f.stage === 'action').length).toBeGreaterThan(10);
    const all = { from: dayOf(NOW - 44 * DAY), to: dayOf(NOW) };
    const selections: Selection[] = [
      all,
      ...(['tier', 'variant', 'surface', 'locale', 'trigger'] as const).map((by) => ({ ...all, by })),
      { ...all, rule: 'try-reports-ab', by: 'variant' },
      { ...all, tier: 'p85', by: 'locale' },
      { ...all, variant: 'holdout' },
      { ...all, variant: 'short', locale: 'en', by: 'trigger' },
      { ...all, tier: 'p70', trigger: 'usage' },
      { ...all, surface: 'panel', by: 'trigger' },
      { ...all, locale: 'de-CH', by: 'tier' },
      { ...all, trigger: 'forecast', by: 'variant' },
      { ...all, trigger: 'usage', rule: 'api-usage-ladder', by: 'trigger' },
      { from: dayOf(NOW - 10 * DAY), to: dayOf(NOW - 3 * DAY), by: 'surface' },
      { from: dayOf(NOW - 3 * DAY), to: dayOf(NOW - 3 * DAY) },
      // A filter and a breakdown on two dimensions read whole months from the monthly sums, the
      // days at either end from the daily rows (NOW is 2026-03-31; the facts start on 02-15).
      { from: '2026-02-01', to: '2026-03-31', tier: 'p85', by: 'locale' },
      { from: '2026-02-20', to: '2026-03-31', variant: 'holdout', by: 'surface' },
      { from: '2026-02-01', to: '2026-03-10', surface: 'panel', by: 'tier' },
      { from: '2026-02-16', to: '2026-03-05', tier: 'p85', by: 'variant' },
      { from: '2026-01-15', to: '2026-03-30', variant: 'short', by: 'locale' },
      { from: '2026-03-01', to: '2026-03-31', locale: 'en', by: 'variant', trigger: 'usage' },
    ];
    for (const s of selections) expect(withoutDelays(await funnel(t, s)), JSON.stringify(s)).toEqual(expectedFunnel(facts, s));
  });

  it('covers the 30 days to today without a range, and keeps an event at 23:59:59.999 apart from one at midnight', async () => {
    t = await analyticsApp();
    const midnight = Math.floor(NOW / DAY) * DAY - 5 * DAY;
    const event = (at: number, id: string) => ({ id, at: iso(at), userId: 'u', accountId: 'a', type: 'impression', ruleId: 'try-alerts', surface: 'panel' });
    await t.send([event(midnight - 1, '00000000-0000-4000-8000-000000000001'), event(midnight, '00000000-0000-4000-8000-000000000002'), event(NOW - 30 * DAY, '00000000-0000-4000-8000-000000000003')]);
    const before = await funnel(t, { from: dayOf(midnight - 1), to: dayOf(midnight - 1) });
    expect(before.rules.map((r) => r.stages.impression)).toEqual([1]);
    expect(before.series).toEqual([{ day: dayOf(midnight - 1), exposed: 0, impression: 1, click: 0, action: 0, conversion: 0 }]);
    const after = await funnel(t, { from: dayOf(midnight), to: dayOf(midnight) });
    expect(after.rules.map((r) => r.stages.impression)).toEqual([1]);
    const standard = await funnel(t, {});
    expect([standard.from, standard.to, standard.series.length]).toEqual([dayOf(NOW - 29 * DAY), dayOf(NOW), 30]);
    // The event 30 days back is outside the default range.
    expect(standard.rules.map((r) => r.stages.impression)).toEqual([2]);
  });

  it('answers the same after the raw events are rolled up and deleted', async () => {
    t = await analyticsApp();
    await populate(t);
    const all = { from: dayOf(NOW - 44 * DAY), to: dayOf(NOW) };
    const before = await Promise.all((['tier', 'variant', 'locale'] as const).map((by) => funnel(t!, { ...all, by })));
    expect(await rollUpOldEvents(t.store, t.environment.id, NOW + 1, NOW + 1 + MIN_RETENTION_MS)).toBeGreaterThan(500);
    const after = await Promise.all((['tier', 'variant', 'locale'] as const).map((by) => funnel(t!, { ...all, by })));
    expect(after).toEqual(before);
  });

  it('gives the median and spread of hours from first exposure to conversion', async () => {
    t = await analyticsApp();
    const start = NOW - 40 * DAY;
    const delays = [0.5, 10, 30, 30, 100, 200, 400, 800];
    await t.send(
      delays.map((_, i) => ({ id: crypto.randomUUID(), at: iso(start + i * HOUR), userId: `u${i}`, accountId: `acct-${i}`, type: 'exposure', ruleId: 'try-alerts', surface: 'panel', trigger: 'feature', configVersion: 1 })),
    );
    for (const [i, hours] of delays.entries()) {
      const res = await t.secretPost('/v1/conversions', { account: `acct-${i}`, type: 'upgrade', mrrDelta: 100, currency: 'USD', plan: 'pro', at: iso(start + i * HOUR + hours * HOUR), idempotencyKey: `c${i}` });
      expect(res.status, await res.clone().text()).toBe(201);
    }
    const [rule] = (await funnel(t, { from: dayOf(start), to: dayOf(NOW) })).rules;
    expect(rule?.timeToConversion).toEqual({
      medianHours: 65,
      buckets: [
        { upToHours: 1, count: 1 },
        { upToHours: 24, count: 1 },
        { upToHours: 72, count: 2 },
        { upToHours: 168, count: 1 },
        { upToHours: 336, count: 1 },
        { upToHours: 720, count: 1 },
        { upToHours: null, count: 1 },
      ],
    });
    const none = await funnel(t, { from: dayOf(start + DAY), to: dayOf(NOW) });
    expect(none.rules).toEqual([]);
  });
});

describe('GET /v1/analytics/funnel: access and bad input', () => {
  it('takes a secret key or a viewer’s console session, and refuses no key and a publishable key', async () => {
    t = await analyticsApp();
    await expectApiError(await t.app.request('/v1/analytics/funnel'), 401, 'missing_key');
    await expectApiError(await t.app.request('/v1/analytics/funnel', { headers: { Authorization: `Bearer ${t.key}` } }), 401, 'wrong_key_type');
    await expectApiError(await t.app.request(`/v1/admin/environments/${t.environment.id}/analytics/funnel`), 401, 'unauthorized');
    await addPerson(t.store, 'viewer@acme.test', 'viewer');
    const viewer = await signedIn(t.app, 'viewer@acme.test');
    const res = await viewer.get(`/v1/admin/environments/${t.environment.id}/analytics/funnel?by=tier`);
    expect(res.status).toBe(200);
    expect(FunnelAnswer.parse(await res.json())).toMatchObject({ by: 'tier', rules: [] });
    await expectApiError(await viewer.post(`/v1/admin/environments/${t.environment.id}/analytics/funnel`), 405, 'method_not_allowed');
  });

  it.each([
    ['from=2026-02-30', 'from'],
    ['to=yesterday', 'to'],
    ['by=plan', 'by'],
    ['surface=popup', 'surface'],
    ['trigger=renewal', 'trigger'],
    ['rule=-bad', 'rule'],
    ['locale=english!', 'locale'],
    ['from=2026-03-02&to=2026-03-01', 'from'],
    ['from=2025-01-01&to=2026-03-01', 'from'],
  ])('answers ?%s with a 400 at "%s", never a 500', async (q, path) => {
    t = await analyticsApp();
    const error = await expectApiError(await t.get(`/v1/analytics/funnel?${q}`), 400, 'invalid_request');
    expect(error.details).toMatchObject({ issues: [{ path }] });
  });

  it('ignores parameters it does not know', async () => {
    t = await analyticsApp();
    expect((await t.get('/v1/analytics/funnel?utm_source=mail&page=2')).status).toBe(200);
  });
});
