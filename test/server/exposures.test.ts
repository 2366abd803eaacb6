import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigContent } from '../../shared/schemas/config';
import type { Context } from '../../shared/schemas/context';
import { demoContent, publish } from '../../server/demo/seed';
import { expectApiError, postEvents } from '../helpers/http';
import { APP_ORIGIN, createTestApp, withReadonlyDb, type TestApp } from '../helpers/test-app';
import { DAY, exposure, HOUR, iso } from './exposure-helpers';

const NOW = Date.UTC(2026, 10, 22, 12);
let now = NOW;
let t: TestApp;
beforeEach(async () => {
  now = NOW;
  t = await createTestApp({ clock: () => now });
});
afterEach(async () => {
  await t.cleanup();
});

interface Row {
  rule_id: string;
  user_id: string;
  variant: string | null;
  tier: string | null;
  surface: string;
  config_version: number;
  props: string;
  occurred_at: number;
}
const exposures = (): Row[] =>
  withReadonlyDb(t.file, (db) => db.prepare("SELECT rule_id, user_id, variant, tier, surface, config_version, props, occurred_at FROM events WHERE type = 'exposure' ORDER BY seq").all() as Row[]);

const send = async (events: unknown[]) => {
  const res = await postEvents(t.app, t.key, { events }, { headers: { Origin: APP_ORIGIN } });
  return { status: res.status, body: (await res.json()) as unknown };
};

describe('POST /v1/events with exposures', () => {
  it('stores one per person, rule and UTC day: a repeat is a duplicate, the next day is new', async () => {
    const first = exposure({ at: NOW - 2 * HOUR, ruleId: 'api-usage-ladder', variant: 'holdout', tier: 'p85', trigger: 'usage', locale: 'de-CH' });
    expect(await send([first])).toEqual({ status: 200, body: { accepted: 1, duplicates: 0 } });
    // The same event retried, and a new one the same day (a reload), in one batch.
    expect(await send([first, exposure({ at: NOW - HOUR, ruleId: 'api-usage-ladder' })])).toEqual({ status: 200, body: { accepted: 0, duplicates: 2 } });
    now = NOW + DAY;
    expect(await send([exposure({ at: NOW + DAY, ruleId: 'api-usage-ladder' }), exposure({ at: NOW + DAY, ruleId: 'other-rule' })])).toEqual({
      status: 200,
      body: { accepted: 2, duplicates: 0 },
    });
    const rows = exposures();
    expect(rows.map((r) => [r.rule_id, r.occurred_at])).toEqual([
      ['api-usage-ladder', NOW - 2 * HOUR],
      ['api-usage-ladder', NOW + DAY],
      ['other-rule', NOW + DAY],
    ]);
    expect(rows[0]).toMatchObject({ variant: 'holdout', tier: 'p85', surface: 'banner', config_version: 1 });
    expect(JSON.parse(rows[0]!.props)).toEqual({ trigger: 'usage', locale: 'de-CH' });
  });

  it.each([
    ['no trigger', { trigger: undefined }, 'trigger'],
    ['an unknown trigger', { trigger: 'renewal' }, 'trigger'],
    ['an unknown surface', { surface: 'popup' }, 'surface'],
    ['a variant that is no key', { variant: 'B b' }, 'variant'],
    ['no config version', { configVersion: undefined }, 'configVersion'],
    ['a locale that is no language tag', { locale: 'english!' }, 'locale'],
  ])('answers 400 for an exposure with %s, at its path, and stores nothing', async (_, change, path) => {
    const res = await postEvents(t.app, t.key, { events: [{ ...exposure({ at: NOW }), ...change }] }, { headers: { Origin: APP_ORIGIN } });
    const error = await expectApiError(res, 400, 'invalid_request');
    expect((error.details as { issues: { path: string }[] }).issues[0]?.path).toBe(`events.0.${path}`);
    expect(exposures()).toEqual([]);
  });
});

const decide = (body: unknown) =>
  t.app.request('/v1/decide', { method: 'POST', headers: { Authorization: `Bearer ${t.secretKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const context = (apiCalls: number, user = 'u1'): Context => ({ user: { id: user, locale: 'de' }, account: { id: 'a1', plan: 'starter' }, usage: { api_calls: apiCalls } });
/** The codes of rules that passed judging, as the issue lists them. */
const PASSED = ['shown', 'experiment.holdout', 'experiment.global_holdout', 'arbitration.outranked', 'budget.exhausted'];

async function decided(body: unknown): Promise<{ ruleId: string; code: string; tier?: string; variant?: string }[]> {
  const res = await decide(body);
  expect(res.status).toBe(200);
  return ((await res.json()) as { reasons: { ruleId: string; code: string; tier?: string; variant?: string }[] }).reasons;
}

const withRule = (change: object, settings: object = {}): ConfigContent => ({
  ...demoContent,
  rules: demoContent.rules.map((r) => ({ ...r, ...change })),
  settings: { ...demoContent.settings, ...settings },
});

describe('POST /v1/decide records exposures', () => {
  it.each([
    ['shown, in the only variant', withRule({ variants: [{ id: 'b', weight: 1 }] }), 'shown', 'b'],
    ['held out by the rule', withRule({ holdout: 100 }), 'experiment.holdout', 'holdout'],
    ['held out globally', withRule({}, { holdout: 100 }), 'experiment.global_holdout', 'holdout'],
  ])('%s: once per person, rule and day, with its arm, tier, surface and trigger', async (_, content, code, variant) => {
    const version = (await publish(t.store, t.environment.id, content)).version;
    const reasons = await decided({ context: context(9000) });
    expect(reasons.map((r) => r.code)).toEqual([code]);
    await decided({ context: context(9100) });
    expect(exposures()).toEqual([
      { rule_id: 'api-usage-ladder', user_id: 'u1', variant, tier: 'p85', surface: 'banner', config_version: version, props: '{"trigger":"usage","locale":"de"}', occurred_at: NOW },
    ]);
    now = NOW + DAY;
    await decided({ context: context(9000) });
    expect(exposures().map((r) => r.occurred_at)).toEqual([NOW, NOW + DAY]);
  });

  it('records none for a rule that did not pass judging, nor for a preview at another time', async () => {
    const below = await decided({ context: context(6900) });
    expect(below.filter((r) => PASSED.includes(r.code))).toEqual([]);
    const preview = await decided({ context: context(9000), at: iso(NOW + HOUR) });
    expect(preview.filter((r) => PASSED.includes(r.code))).toHaveLength(1);
    expect(exposures()).toEqual([]);
  });

  it('feeds the cohorts the experiments read', async () => {
    await decided({ context: context(9000) });
    await decided({ context: context(9000, 'u2') });
    const day = iso(NOW).slice(0, 10);
    expect(await t.store.exposureCohorts(t.environment.id, { from: day, to: day })).toEqual([
      { ruleId: 'api-usage-ladder', variant: '', trigger: 'usage', accounts: 1, converted: 0, expansionMrr: 0, mrrSumSquares: 0, currencies: [] },
    ]);
  });
});
