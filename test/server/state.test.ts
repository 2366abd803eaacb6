import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoContent, publish } from '../../server/demo/seed';
import { bucket } from '../../shared/engine/bucket';
import { GLOBAL_SEED } from '../../shared/engine/evaluate';
import type { Rule } from '../../shared/schemas/rule';
import { State } from '../../shared/schemas/state';
import { click, dismiss, impression, track } from '../helpers/events';
import { expectApiError, postEvents, postState } from '../helpers/http';
import { APP_ORIGIN, createTestApp, withReadonlyDb, type TestApp } from '../helpers/test-app';

const DAY = 86_400_000;
let now = Date.UTC(2026, 10, 10, 12);
let t: TestApp;
beforeEach(async () => {
  now = Date.UTC(2026, 10, 10, 12);
  t = await createTestApp({ clock: () => now });
});
afterEach(async () => {
  await t.cleanup();
});

const iso = (ms: number) => new Date(ms).toISOString();
const getState = async (params: Record<string, string>, headers: Record<string, string> = {}) =>
  t.app.request(`/v1/state?${new URLSearchParams({ key: t.key, ...params })}`, { headers });
const stateOf = async (params: Record<string, string>) => {
  const res = await getState(params);
  expect(res.status).toBe(200);
  return State.parse(await res.json());
};
const me = { user: 'u1', account: 'a1' };

describe('GET /v1/state', () => {
  it('returns ladder tiers dismissed and shown by anyone in the account, and this person’s own history', async () => {
    const HOUR = 3_600_000;
    const events = [
      impression({ userId: 'u1', accountId: 'a1', ruleId: 'api-usage-ladder', tier: 'p85', at: iso(now - 3 * DAY) }),
      dismiss({ userId: 'u1', accountId: 'a1', ruleId: 'api-usage-ladder', tier: 'p85', at: iso(now - 3 * DAY + 1000) }),
      dismiss({ userId: 'u1', accountId: 'a1', ruleId: 'api-usage-ladder', tier: 'p85', at: iso(now - DAY) }),
      click({ userId: 'u1', accountId: 'a1', ruleId: 'api-usage-ladder', tier: 'p95', at: iso(now - 2 * HOUR) }),
      track({ userId: 'u1', accountId: 'a1', name: 'report_exported', at: iso(now - 2 * DAY) }),
      track({ userId: 'u1', accountId: 'a1', name: 'report_exported', at: iso(now - DAY) }),
      // A locked-feature attempt, as the widget tracks it.
      track({ userId: 'u1', accountId: 'a1', name: 'upshift:gate:scheduled_reports', at: iso(now - HOUR) }),
      // A colleague: their dismissal and impression of a tier hold for the account, but their own
      // impressions and latest dismissal are not this person's.
      impression({ userId: 'u2', accountId: 'a1', ruleId: 'api-usage-ladder', tier: 'p95', at: iso(now - 6 * HOUR) }),
      dismiss({ userId: 'u2', accountId: 'a1', ruleId: 'api-usage-ladder', tier: 'p95', at: iso(now - 5 * HOUR) }),
      // The same person in another account: nothing to do with this one.
      dismiss({ userId: 'u1', accountId: 'a2', ruleId: 'api-usage-ladder', tier: 'p70', at: iso(now - HOUR) }),
      impression({ userId: 'u1', accountId: 'a2', ruleId: 'api-usage-ladder', tier: 'p70', at: iso(now - HOUR) }),
      track({ userId: 'u1', accountId: 'a2', name: 'report_exported', at: iso(now - DAY) }),
      // Older than the 90 days looked at.
      track({ userId: 'u1', accountId: 'a1', name: 'report_exported', at: iso(now - 120 * DAY) }),
    ];
    expect((await postEvents(t.app, t.key, { events })).status).toBe(200);
    const state = await stateOf(me);
    expect(state.rules).toEqual({
      'api-usage-ladder': {
        dismissed: { p85: now - DAY, p95: now - 5 * HOUR },
        reached: { p85: now - 3 * DAY, p95: now - 6 * HOUR },
        impressions: [now - 3 * DAY],
        dismissedAt: now - DAY,
        clickedAt: now - 2 * HOUR,
      },
    });
    expect(state.counts).toEqual({ report_exported: [now - DAY, now - 2 * DAY], 'upshift:gate:scheduled_reports': [now - HOUR] });
    expect(state.forecast).toEqual({});
    expect(state.periods).toEqual({});
    expect(state.trials).toEqual({});
    // The colleague sees the same account-wide tiers, with their own impressions and dismissal.
    const theirs = await stateOf({ user: 'u2', account: 'a1' });
    expect(theirs.rules['api-usage-ladder']).toEqual({
      dismissed: { p85: now - DAY, p95: now - 5 * HOUR },
      reached: { p85: now - 3 * DAY, p95: now - 6 * HOUR },
      impressions: [now - 6 * HOUR],
      dismissedAt: now - 5 * HOUR,
    });
  });

  it('is private, never cached, and granted to allowed origins only', async () => {
    const res = await getState(me, { Origin: APP_ORIGIN });
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    await expectApiError(await getState(me, { Origin: 'https://evil.test' }), 403, 'origin_not_allowed');
    await expectApiError(await t.app.request('/v1/state?user=u1&account=a1'), 401, 'missing_key');
  });

  it.each([
    ['no user', { account: 'a1' }, 'user'],
    ['an empty account', { user: 'u1', account: '' }, 'account'],
    ['a user with a control character', { user: 'u\u0001', account: 'a1' }, 'user'],
    ['an account of 257 characters', { user: 'u1', account: 'a'.repeat(257) }, 'account'],
  ])('refuses %s with 400 and the path, storing nothing', async (_name, params, path) => {
    const error = await expectApiError(await getState({ ...params, usage: JSON.stringify({ api_calls: 5 }) } as Record<string, string>), 400, 'invalid_request');
    expect(JSON.stringify(error.details)).toContain(`"${path}`);
    expect(withReadonlyDb(t.file, (db) => (db.prepare('SELECT COUNT(*) AS n FROM usage_snapshots').get() as { n: number }).n)).toBe(0);
  });

  // The widget accepts contexts like these and must not lose the person's history over them: what
  // the server cannot use is dropped, and the rest still answered. A GET keeps no usage, valid or not.
  it.each<[string, Record<string, string>]>([
    ['a usage key that is not a Key', { usage: JSON.stringify({ 'API Calls': 5 }) }],
    ['negative usage', { usage: JSON.stringify({ api_calls: -5, seats: 3 }) }],
    ['usage that is a string', { usage: JSON.stringify({ api_calls: '5', seats: 3 }) }],
    ['usage beyond the largest number', { usage: '{"api_calls":1e999,"seats":3}' }],
    ['usage that is not JSON', { usage: '{api_calls' }],
    ['usage that is an array', { usage: '[5]' }],
    ['usage that is a number', { usage: '5' }],
    ['usage that is null', { usage: 'null' }],
    ['a prototype key in usage', { usage: '{"__proto__":{"x":1},"api_calls":7}' }],
    ['a prototype key in limits', { limits: '{"__proto__":{"x":1}}', usage: JSON.stringify({ api_calls: 7 }) }],
    ['limits that are not JSON', { limits: '{api_calls', usage: JSON.stringify({ api_calls: 7 }) }],
    ['limits with a key that is not a Key and a negative value', { limits: JSON.stringify({ 'API Calls': 5, seats: -1 }) }],
    ['a plan that is not a Key', { plan: 'Pro Plan', usage: JSON.stringify({ api_calls: 7 }) }],
    ['a period start that is not a Timestamp', { periodStart: '2026-03-01 00:00:00', usage: JSON.stringify({ api_calls: 7 }) }],
    ['add-on ids that are not Keys', { addons: 'seat pack,,-x', usage: JSON.stringify({ api_calls: 7 }) }],
  ])('ignores %s: 200, the state still served, and nothing stored', async (_name, params) => {
    await postEvents(t.app, t.key, { events: [dismiss({ userId: 'u1', accountId: 'a1', ruleId: 'api-usage-ladder', tier: 'p85', at: iso(now - DAY) })] });
    const state = await stateOf({ ...me, ...params });
    expect(state.rules).toEqual({ 'api-usage-ladder': { dismissed: { p85: now - DAY }, dismissedAt: now - DAY } });
    expect(withReadonlyDb(t.file, (db) => db.prepare('SELECT COUNT(*) FROM usage_snapshots').pluck().get())).toBe(0);
  });
});

describe('GET /v1/state with names that exist on every object', () => {
  it('answers for rule ids and event names like "toString" and "constructor", touching no prototype', async () => {
    const events = [
      track({ userId: 'u1', accountId: 'a1', name: 'constructor', at: iso(now - DAY) }),
      track({ userId: 'u1', accountId: 'a1', name: 'toString', at: iso(now - DAY) }),
      impression({ userId: 'u1', accountId: 'a1', ruleId: 'toString', tier: 'p70', at: iso(now - DAY) }),
      dismiss({ userId: 'u1', accountId: 'a1', ruleId: 'constructor', tier: 'valueOf', at: iso(now - DAY) }),
    ];
    expect((await postEvents(t.app, t.key, { events })).status).toBe(200);
    await t.store.startTrial(t.environment.id, 'a1', 'constructor', now - DAY, now + DAY);
    await t.store.startTrial(t.environment.id, 'a1', 'toString', now - 2 * DAY, now - DAY);
    for (let i = 0; i < 2; i++) {
      const state = await stateOf(me);
      expect(state.counts).toEqual({ constructor: [now - DAY], toString: [now - DAY] });
      expect(state.rules).toEqual({
        toString: { reached: { p70: now - DAY }, impressions: [now - DAY] },
        constructor: { dismissed: { valueOf: now - DAY }, dismissedAt: now - DAY },
      });
      expect(state.trials).toEqual({ constructor: { startedAt: now - DAY, endsAt: now + DAY }, toString: { startedAt: now - 2 * DAY, endsAt: now - DAY } });
    }
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'impressions')).toBe(false);
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'startedAt')).toBe(false);
    expect(typeof Object.prototype.toString).toBe('function');
    expect((Object as unknown as Record<string, unknown>)['dismissed']).toBeUndefined();
  });

});

const decide = async (body: unknown) => {
  const res = await t.app.request('/v1/decide', {
    method: 'POST',
    headers: { Authorization: `Bearer ${t.secretKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { prompt: { ruleId: string; tier?: string } | null; reasons: { ruleId: string; code: string; message: string }[] };
};
const person = (user: string, account: string, apiCalls: number, periodStart?: string) => ({
  user: { id: user },
  account: { id: account, plan: 'starter', ...(periodStart && { periodStart }) },
  usage: { api_calls: apiCalls },
});

describe('GET /v1/state feeds the engine what it needs, across people and devices', () => {
  it('a tier one colleague dismissed holds for everyone in the account until the billing period renews', async () => {
    await postEvents(t.app, t.key, { events: [dismiss({ userId: 'u2', accountId: 'a1', ruleId: 'api-usage-ladder', tier: 'p85', at: iso(now - DAY) })] });
    const mine = await stateOf(me);
    const held = await decide({ context: person('u1', 'a1', 9000), state: mine });
    expect(held.prompt).toBeNull();
    expect(held.reasons[0]).toMatchObject({ code: 'tier.dismissed', message: expect.stringContaining('until the billing period renews on 2026-12-01') });
    // Another account is not held back, and neither is this one once the period renews.
    expect((await decide({ context: person('u1', 'a2', 9000), state: await stateOf({ user: 'u1', account: 'a2' }) })).prompt).toMatchObject({ tier: 'p85' });
    expect((await decide({ context: person('u1', 'a1', 9000), state: mine, at: '2026-12-09T00:00:00Z' })).prompt).toMatchObject({ tier: 'p85' });
  });

  it('stores "remind me later" and answers it as snoozedAt, which hides the rule for a day', async () => {
    const snooze = dismiss({ type: 'snooze', userId: 'u1', accountId: 'a1', ruleId: 'api-usage-ladder', tier: 'p85', at: iso(now - 3_600_000) });
    const res = await postEvents(t.app, t.key, { events: [snooze] });
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0 });
    const state = await stateOf(me);
    // A snooze is this person's alone: it neither dismisses the tier for the account nor counts as a dismissal.
    expect(state.rules['api-usage-ladder']).toEqual({ snoozedAt: now - 3_600_000 });
    expect((await decide({ context: person('u1', 'a1', 9000), state })).reasons[0]).toMatchObject({ code: 'frequency.snoozed' });
    expect((await stateOf({ user: 'u2', account: 'a1' })).rules).toEqual({});
  });

  it('keeps this person’s latest dismissal, snooze and click of a rule however old: a milestone stays acknowledged', async () => {
    const events = [
      click({ userId: 'u1', accountId: 'a1', ruleId: 'fifth-seat', tier: undefined, surface: 'inline', at: iso(now - 200 * DAY) }),
      click({ userId: 'u1', accountId: 'a1', ruleId: 'fifth-seat', tier: undefined, surface: 'inline', at: iso(now - 300 * DAY) }),
      dismiss({ userId: 'u1', accountId: 'a1', ruleId: 'fifth-seat', tier: undefined, surface: 'inline', at: iso(now - 150 * DAY) }),
      dismiss({ type: 'snooze', userId: 'u1', accountId: 'a1', ruleId: 'fifth-seat', tier: undefined, surface: 'inline', at: iso(now - 160 * DAY) }),
      click({ userId: 'u2', accountId: 'a1', ruleId: 'fifth-seat', tier: undefined, surface: 'inline', at: iso(now - DAY) }),
    ];
    expect((await postEvents(t.app, t.key, { events })).status).toBe(200);
    expect((await stateOf(me)).rules).toEqual({ 'fifth-seat': { clickedAt: now - 200 * DAY, dismissedAt: now - 150 * DAY, snoozedAt: now - 160 * DAY } });
  });

  it('answers at most 500 impressions per rule, newest first, so one busy rule cannot crowd out another’s', async () => {
    const busy = Array.from({ length: 600 }, (_, i) => impression({ userId: 'u1', accountId: 'a1', ruleId: 'inline-tip', tier: undefined, at: iso(now - (i + 1) * 60_000) }));
    const quiet = [impression({ userId: 'u1', accountId: 'a1', at: iso(now - 2 * DAY) }), impression({ userId: 'u1', accountId: 'a1', at: iso(now - 3 * DAY) })];
    for (let i = 0; i < busy.length; i += 100) expect((await postEvents(t.app, t.key, { events: busy.slice(i, i + 100) })).status).toBe(200);
    expect((await postEvents(t.app, t.key, { events: quiet })).status).toBe(200);
    const state = await stateOf(me);
    const tips = state.rules['inline-tip']?.impressions ?? [];
    expect(tips).toHaveLength(500);
    expect(tips[0]).toBe(now - 60_000);
    expect(tips[499]).toBe(now - 500 * 60_000);
    expect(tips.every((at, i) => i === 0 || at < tips[i - 1]!)).toBe(true);
    expect(state.rules['api-usage-ladder']?.impressions).toEqual([now - 2 * DAY, now - 3 * DAY]);
  });
});

describe('GET /v1/state: peak usage per completed billing period', () => {
  /** Sends a reading as the widget does (POST /v1/state) at `at`. */
  const reading = async (at: number, apiCalls: number, extra: Record<string, string> = {}) => {
    now = at;
    expect((await postState(t.app, t.key, { ...me, plan: 'starter', ...extra, usage: { api_calls: apiCalls } }, { Origin: APP_ORIGIN })).status).toBe(200);
  };

  it('reports a contracting account, oldest period first, and the engine holds its prompts back', async () => {
    const anchor = { periodStart: '2026-01-15' };
    // Periods run from the 15th. The current one (Oct 15 to Nov 15) is not over, so it is not reported.
    await reading(Date.UTC(2026, 5, 20), 5000, anchor);
    await reading(Date.UTC(2026, 6, 1), 9000, anchor);
    await reading(Date.UTC(2026, 6, 20), 8000, anchor);
    await reading(Date.UTC(2026, 7, 20), 6000, anchor);
    await reading(Date.UTC(2026, 8, 1), 6500, anchor);
    await reading(Date.UTC(2026, 8, 20), 4000, anchor);
    await reading(Date.UTC(2026, 9, 20), 3000, anchor);
    now = Date.UTC(2026, 10, 10, 12);
    const state = await stateOf({ ...me, ...anchor });
    expect(state.periods).toEqual({ api_calls: [9000, 8000, 6500, 4000] });
    const decision = await decide({ context: person('u1', 'a1', 9000, anchor.periodStart), state });
    expect(decision.prompt).toBeNull();
    expect(decision.reasons[0]).toEqual({
      ruleId: 'api-usage-ladder',
      code: 'guard.contracting',
      params: { metric: 'api_calls', from: 8000, to: 4000 },
      message: 'api_calls usage fell across the last billing periods (8000 to 4000)',
    });
    // Growing usage over the same periods is no contraction.
    expect((await decide({ context: person('u1', 'a1', 9000, anchor.periodStart), state: { ...state, periods: { api_calls: [4000, 6500, 8000, 9000] } } })).prompt).not.toBeNull();
  });

  it('uses calendar months without a period start, and reports at most the last 6', async () => {
    for (let month = 3; month <= 9; month++) await reading(Date.UTC(2026, month, 10), 1000 * month);
    await reading(Date.UTC(2026, 10, 5), 99_000);
    now = Date.UTC(2026, 10, 10, 12);
    // April (3,000) is the seventh completed month back; November is still running.
    expect((await stateOf(me)).periods).toEqual({ api_calls: [4000, 5000, 6000, 7000, 8000, 9000] });
  });

  it('counts only the unbroken run of periods up to the latest: a month without readings is no zero', async () => {
    await reading(Date.UTC(2026, 5, 10), 9000);
    await reading(Date.UTC(2026, 6, 10), 8000);
    // Nothing in August.
    await reading(Date.UTC(2026, 8, 10), 7000);
    await reading(Date.UTC(2026, 9, 10), 6000);
    now = Date.UTC(2026, 10, 10, 12);
    expect((await stateOf(me)).periods).toEqual({ api_calls: [7000, 6000] });
    // With no reading in the latest completed month, nothing is said at all.
    now = Date.UTC(2026, 11, 10, 12);
    expect((await stateOf(me)).periods).toEqual({});
  });
});

describe('GET /v1/state: trials', () => {
  it('answers every trial of the account, running or ended, to everyone in it', async () => {
    const reports = { startedAt: now - 3 * DAY, endsAt: now + 11 * DAY };
    const pro = { startedAt: now - 40 * DAY, endsAt: now - 26 * DAY };
    await t.store.startTrial(t.environment.id, 'a1', 'scheduled_reports', reports.startedAt, reports.endsAt);
    await t.store.startTrial(t.environment.id, 'a1', 'pro', pro.startedAt, pro.endsAt);
    await t.store.startTrial(t.environment.id, 'a2', 'anomaly_alerts', now, now + DAY);
    expect((await stateOf(me)).trials).toEqual({ scheduled_reports: reports, pro });
    expect((await stateOf({ user: 'u2', account: 'a1' })).trials).toEqual({ scheduled_reports: reports, pro });
    expect((await stateOf({ user: 'u1', account: 'a3' })).trials).toEqual({});
  });
});

describe('GET /v1/state: bucketing', () => {
  const inline = (id: string, experiment: Partial<Rule>): Rule => ({
    id,
    name: id,
    status: 'live',
    priority: 1,
    trigger: { type: 'milestone', attr: 'usage.seats', at: 1 },
    offer: { type: 'upgrade', plan: 'next' },
    surface: 'inline',
    slot: id,
    content: { title: 'Growing', body: '{{value}} seats', cta: 'See {{offer.plan.name}}' },
    ...experiment,
  });
  const oneToThree = [
    { id: 'a', weight: 1 },
    { id: 'b', weight: 3 },
  ];
  const halves = [
    { id: 'calm', weight: 1 },
    { id: 'bold', weight: 1 },
  ];
  const content = {
    ...demoContent,
    rules: [
      { ...demoContent.rules[0]!, holdout: 20, variants: halves },
      inline('split', { variants: oneToThree }),
      inline('held', { holdout: 50 }),
      // Shares the seed of "split": whoever it keeps lands in the same variant there.
      inline('reseeded', { holdout: 10, variants: oneToThree, seed: 'split' }),
      inline('one-arm', { variants: [{ id: 'solo', weight: 1 }] }),
      inline('constructor', { holdout: 40, variants: oneToThree }),
      // No experiment: nothing to answer.
      inline('plain', {}),
      inline('no-holdout', { holdout: 0 }),
      inline('paused', { status: 'paused', holdout: 50, variants: oneToThree }),
    ],
    settings: { holdout: 25 },
  };

  /** The assignments worked out from the hash alone, as a reader of the README would. */
  const expected = (account: string): State['experiments'] => {
    const heldOut = (seed: string, percent: number) => bucket(`${seed}/holdout`, account) < percent / 100;
    const weighted = (seed: string, variants: { id: string; weight: number }[]) => {
      const at = bucket(seed, account) * variants.reduce((sum, v) => sum + v.weight, 0);
      let edge = 0;
      return variants.find((v) => at < (edge += v.weight))!.id;
    };
    const rules: NonNullable<State['experiments']>['rules'] = {};
    rules['api-usage-ladder'] = heldOut('api-usage-ladder', 20) ? { holdout: true } : { variant: weighted('api-usage-ladder', halves) };
    rules['split'] = { variant: weighted('split', oneToThree) };
    if (heldOut('held', 50)) rules['held'] = { holdout: true };
    rules['reseeded'] = heldOut('split', 10) ? { holdout: true } : rules['split'];
    rules['one-arm'] = { variant: 'solo' };
    // Assigning "constructor" on a plain object makes an own property, shadowing the prototype's.
    rules['constructor'] = heldOut('constructor', 40) ? { holdout: true } : { variant: weighted('constructor', oneToThree) };
    return { holdout: bucket(`${GLOBAL_SEED}/holdout`, account) < 0.25, rules };
  };
  const accounts = Array.from({ length: 32 }, (_, i) => `acct-${i}`);

  it('answers the global holdout and each live experiment’s group, as the hash puts the account, and as /v1/decide decides', async () => {
    await publish(t.store, t.environment.id, content);
    const seen = { global: new Set<boolean>(), held: new Set<boolean>(), constructor: new Set<string>() };
    for (const account of accounts) {
      const state = await stateOf({ user: 'u1', account });
      const experiments = state.experiments!;
      expect(experiments).toEqual(expected(account));
      seen.global.add(experiments.holdout);
      seen.held.add('held' in experiments.rules);
      seen.constructor.add(JSON.stringify(Object.hasOwn(experiments.rules, 'constructor') && experiments.rules['constructor']));

      // The server's own evaluation, with the state it builds itself, puts the account in the same groups.
      const decision = await decide({ context: { ...person('u1', account, 9000), usage: { api_calls: 9000, seats: 5 } } });
      const reasons = new Map(decision.reasons.map((r) => [r.ruleId, r as (typeof decision.reasons)[number] & { variant?: string }]));
      for (const [ruleId, group] of Object.entries(experiments.rules)) {
        if ('holdout' in group) expect(reasons.get(ruleId)?.code).toBe('experiment.holdout');
        else expect(reasons.get(ruleId)).toMatchObject({ variant: group.variant });
      }
      // "plain" runs no experiment, so it reaches the global holdout whenever the account is in it.
      expect(reasons.get('plain')?.code === 'experiment.global_holdout').toBe(experiments.holdout);
      expect(reasons.get('paused')?.code).toBe('rule.inactive');
    }
    // The accounts cover both sides of each holdout and all three outcomes of "constructor".
    expect(seen.global).toEqual(new Set([true, false]));
    expect(seen.held).toEqual(new Set([true, false]));
    expect(seen.constructor.size).toBe(3);
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'variant')).toBe(false);
  });

  it('gives the same account the same assignment on every call, and across edits that keep the seed', async () => {
    await publish(t.store, t.environment.id, content);
    const before = await Promise.all(accounts.map(async (account) => (await stateOf({ user: 'u1', account })).experiments));
    // Another device of someone in the same account, later.
    now += DAY;
    for (const [i, account] of accounts.entries()) expect((await stateOf({ user: 'u2', account })).experiments).toEqual(before[i]);
    // Renamed and reprioritised, same seeds: nobody moves.
    await publish(t.store, t.environment.id, { ...content, rules: content.rules.map((r) => ({ ...r, name: `${r.name} (edited)`, priority: r.priority + 1 })) });
    for (const [i, account] of accounts.entries()) expect((await stateOf({ user: 'u1', account })).experiments).toEqual(before[i]);
  });

  it('answers no bucketing before anything is published', async () => {
    const fresh = await t.store.createEnvironment({ name: 'Fresh', allowedOrigins: [] });
    const res = await t.app.request(`/v1/state?${new URLSearchParams({ key: fresh.environment.publishableKey, ...me })}`);
    expect(res.status).toBe(200);
    const state = State.parse(await res.json());
    expect(state.experiments).toBeUndefined();
    expect(state.trials).toEqual({});
  });
});
