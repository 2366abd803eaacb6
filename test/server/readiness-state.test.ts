import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoContent, publish } from '../../server/demo/seed';
import { evaluate } from '../../shared/engine/evaluate';
import { Config, type ConfigContent } from '../../shared/schemas/config';
import type { Context } from '../../shared/schemas/context';
import { State } from '../../shared/schemas/state';
import { track } from '../helpers/events';
import { postEvents, postState } from '../helpers/http';
import { APP_ORIGIN, createTestApp, withReadonlyDb, type TestApp } from '../helpers/test-app';

// Readiness kept current by the widget's state read, served with the state, and usable as an
// audience attribute: the real app over a temporary SQLite file, driven as the widget drives it.

const DAY = 86_400_000;
const START = Date.UTC(2026, 10, 2, 12);
let now = START;
let t: TestApp;

const ladder = demoContent.rules.find((r) => r.id === 'api-usage-ladder')!;
/** The demo content, its ladder shown only to accounts ready for expansion, `pricing_viewed` counting as an upgrade-page visit. */
const content: ConfigContent = {
  ...demoContent,
  rules: [{ ...ladder, audience: { attr: 'account.readiness', op: 'gte', value: 75 } }],
  settings: { readiness: { upgradeEvents: ['pricing_viewed'] } },
};

beforeEach(async () => {
  now = START;
  t = await createTestApp({ clock: () => now, publish: false });
  await publish(t.store, t.environment.id, content);
});
afterEach(async () => {
  await t.cleanup();
});

const stateOf = async (body: Record<string, unknown>) => {
  const res = await postState(t.app, t.key, body, { Origin: APP_ORIGIN });
  expect(res.status, await res.clone().text()).toBe(200);
  return State.parse(await res.json());
};
const sendEvents = async (events: unknown[]) => {
  const res = await postEvents(t.app, t.key, { events }, { headers: { Origin: APP_ORIGIN } });
  expect(res.status, await res.clone().text()).toBe(200);
};
const decide = async (context: Context) => {
  const res = await t.app.request('/v1/decide', { method: 'POST', headers: { Authorization: `Bearer ${t.secretKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ context }) });
  expect(res.status).toBe(200);
  return (await res.json()) as { prompt: { ruleId: string; tier: string } | null; reasons: { ruleId: string; code: string }[] };
};

const owner = { user: 'u1', account: 'a1', plan: 'starter', role: 'owner', traits: { headcountGrowth: 20 } };

/**
 * Account a1 on Starter (10,000 API calls, 5 seats): six days of usage from 6,000 growing 600 a
 * day to 9,000, five people, and its owner tried a locked feature twice and visited pricing once.
 */
async function growReadyAccount(): Promise<State> {
  for (let day = 0; day < 5; day++) {
    now = START + day * DAY;
    await stateOf({ ...owner, usage: { api_calls: 6000 + 600 * day } });
  }
  now = START + 5 * DAY;
  const at = new Date(now - 60_000).toISOString();
  await sendEvents([
    track({ userId: 'u1', accountId: 'a1', name: 'upshift:gate:sso', at }),
    track({ userId: 'u1', accountId: 'a1', name: 'upshift:gate:sso', at }),
    track({ userId: 'u1', accountId: 'a1', name: 'pricing_viewed', at }),
    // Neither a locked feature nor a configured upgrade page, and another account's attempt: not counted.
    track({ userId: 'u1', accountId: 'a1', name: 'report.exported', at }),
    track({ userId: 'x1', accountId: 'other', name: 'upshift:gate:sso', at }),
  ]);
  for (const user of ['u2', 'u3', 'u4', 'u5']) await stateOf({ user, account: 'a1', plan: 'starter', role: 'member', usage: { api_calls: 9000 } });
  return stateOf({ ...owner, usage: { api_calls: 9000 } });
}

describe('POST /v1/state keeps the account’s readiness current', () => {
  it('scores the account from its usage trend, people, exploration and traits, and answers the score with the state', async () => {
    const state = await growReadyAccount();
    // Usage: 15 × 9,000/10,000 + 10 (600 a day is +200 %/month, past the full 30 %) = 23.5.
    // Breadth: 5 active of 5 seats = 25. Exploration: the owner (a buyer) counts twice:
    // 2 × (2 × 2) attempts + 3 × (2 × 1) visits = 14. Growth: headcount growth 20 ≥ 10 = 15.
    const expected = Math.round(15 * 0.9 + 10 + 25 + 2 * 2 * 2 + 3 * 2 * 1 + 15);
    expect(expected).toBe(78);
    expect(state.readiness).toBe(expected);

    const stored = withReadonlyDb(t.file, (db) => db.prepare('SELECT score, band, fix_first, usage, breadth, exploration, growth, signals FROM account_readiness WHERE account_id = ?').get('a1')) as Record<string, unknown>;
    expect(stored).toMatchObject({ score: 78, band: 'high', fix_first: 0, usage: 23.5, breadth: 25, exploration: 14, growth: 15 });
    expect((JSON.parse(stored['signals'] as string) as { label: string }[]).map((s) => s.label)).toEqual([
      'api_calls at 90 % of the limit, +200 %/month',
      '5 active people in 30 days of 5 seats',
      '2 locked-feature attempts in 30 days (2 by people in buyer roles)',
      '1 upgrade-page visit in 30 days (1 by people in buyer roles)',
      'headcountGrowth is 20 (at least 10)',
    ]);
    // GET never writes, and answers the score the last POST kept.
    const query = new URLSearchParams({ key: t.key, user: 'u9', account: 'a1', plan: 'starter' });
    expect(State.parse(await (await t.app.request(`/v1/state?${query}`)).json()).readiness).toBe(78);
  });

  it('keeps each person with their role, and the account’s traits and the role in its sighting', async () => {
    await stateOf({ ...owner, usage: { api_calls: 100 } });
    now += DAY;
    await stateOf({ user: 'u2', account: 'a1', plan: 'starter', role: { not: 'a role' }, traits: 'not traits', usage: { api_calls: 200 } });
    expect(withReadonlyDb(t.file, (db) => db.prepare('SELECT user_id, role, last_seen FROM account_people ORDER BY user_id').all())).toEqual([
      { user_id: 'u1', role: 'owner', last_seen: START },
      { user_id: 'u2', role: null, last_seen: START + DAY },
    ]);
    now += DAY;
    await stateOf({ ...owner, usage: { api_calls: 300 } });
    const sighting = await t.store.accountSighting(t.environment.id, 'a1');
    expect(sighting?.context.user).toEqual({ id: 'u1', role: 'owner' });
    expect(sighting?.context.account.traits).toEqual({ headcountGrowth: 20 });
  });

  it('counts only the people seen in the last 30 days', async () => {
    await stateOf({ user: 'old', account: 'a1', plan: 'starter' });
    now += 31 * DAY;
    const state = await stateOf({ user: 'new', account: 'a1', plan: 'starter' });
    // One active person of 5 seats: 25 × 1/5 = 5; nothing else.
    expect(state.readiness).toBe(5);
  });

  it('flags an unhealthy account fix first and never bands it high', async () => {
    await growReadyAccount();
    const state = await stateOf({ ...owner, usage: { api_calls: 9000 }, health: 30 });
    expect(state.readiness).toBe(78);
    expect(await t.store.getReadiness(t.environment.id, 'a1')).toMatchObject({ score: 78, band: 'moderate', fixFirst: true });
  });
});

describe('account.readiness as an audience attribute', () => {
  it('shows the rule to a ready account and not to one that is not', async () => {
    await growReadyAccount();
    await stateOf({ user: 'v1', account: 'a2', plan: 'starter', usage: { api_calls: 1000 } });
    const context = (account: string): Context => ({ user: { id: 'u1' }, account: { id: account, plan: 'starter' }, usage: { api_calls: 9000 } });
    expect((await decide(context('a1'))).prompt).toMatchObject({ ruleId: 'api-usage-ladder', tier: 'p85' });
    const missed = await decide(context('a2'));
    expect(missed.prompt).toBeNull();
    expect(missed.reasons[0]).toMatchObject({ ruleId: 'api-usage-ladder', code: 'audience.miss' });
  });

  it.each([
    ['account.readiness', 80, true],
    ['account.readiness', 74, false],
    ['readiness', 75, true],
    ['readiness', 60, false],
  ])('%s gte 75 with a score of %i: shown %s (the engine over the state it is given)', async (attr, readiness, shown) => {
    const rules = [{ ...ladder, audience: { attr, op: 'gte' as const, value: 75 } }];
    await publish(t.store, t.environment.id, { ...content, rules });
    const config = Config.parse(JSON.parse((await t.store.getLiveConfig(t.environment.id))!.body));
    const decision = evaluate(config, { user: { id: 'u1' }, account: { id: 'a1', plan: 'starter' }, usage: { api_calls: 9000 } }, { rules: {}, readiness }, now);
    expect(decision.prompt?.ruleId ?? null).toBe(shown ? 'api-usage-ladder' : null);
  });
});
