import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { classifyStoredConversions } from '../../server/services/analytics/revenue-backfill';
import { revenueReport } from '../../server/services/analytics/revenue';
import { migrations } from '../../server/store/migrations';
import { migrate, openSqliteStore } from '../../server/store/sqlite';
import { ConversionResult } from '../../shared/schemas/conversion';
import { addPerson, signedIn } from '../helpers/admin-client';
import { expectApiError } from '../helpers/http';
import { createTestApp, tempDir, type TestApp } from '../helpers/test-app';
import { DAY, secretCall, sendPromptEvent, T0 } from './conversion-helpers';
import { convert, day, monthIn, revenue } from './revenue-helpers';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ clock: () => T0 });
});
afterEach(async () => {
  await t.cleanup();
});

describe('GET /v1/analytics/revenue: known answers', () => {
  it('gives the playbook’s 100,000 + 15,000 − 5,000 − 8,000 as an NRR of 102 %', async () => {
    await convert(t, 'a', 'new', 50_000, day(1, 5));
    await convert(t, 'b', 'new', 42_000, day(1, 6));
    await convert(t, 'c', 'new', 8_000, day(1, 7));
    await convert(t, 'a', 'upgrade', 15_000, day(2, 10));
    await convert(t, 'b', 'downgrade', -5_000, day(2, 11));
    await convert(t, 'c', 'churn', -8_000, day(2, 12));
    const answer = await revenue(t, '?from=2026-01&to=2026-02');
    expect(monthIn(answer, '2026-01')).toMatchObject({ startMrr: 0, new: 100_000, endMrr: 100_000, nrr: null, grr: null, accountsAtStart: 0, expansionRate: null });
    expect(monthIn(answer, '2026-02')).toEqual({
      month: '2026-02',
      segment: null,
      startMrr: 100_000,
      new: 0,
      expansion: 15_000,
      reactivation: 0,
      contraction: 5_000,
      churn: 8_000,
      endMrr: 102_000,
      nrr: 1.02,
      grr: 0.87,
      accountsAtStart: 3,
      accountsExpanded: 1,
      expansionRate: 1 / 3,
      medianDaysToFirstExpansion: 36,
    });
  });

  it('gives ChartMogul’s start 100, churn 10, contraction 10, expansion 10 as GRR 80 % and NRR 90 %', async () => {
    for (const [account, mrr] of [['a', 50], ['b', 30], ['c', 10], ['d', 10]] as const) await convert(t, account, 'new', mrr, day(3, 1));
    await convert(t, 'c', 'churn', -10, day(4, 2));
    await convert(t, 'b', 'downgrade', -10, day(4, 3));
    await convert(t, 'a', 'addon', 10, day(4, 4));
    const april = monthIn(await revenue(t, '?from=2026-04&to=2026-04'), '2026-04');
    expect(april).toMatchObject({ startMrr: 100, churn: 10, contraction: 10, expansion: 10, endMrr: 90, accountsAtStart: 4, accountsExpanded: 1, expansionRate: 0.25 });
    expect(april.grr).toBeCloseTo(0.8, 12);
    expect(april.nrr).toBeCloseTo(0.9, 12);
  });

  it('reclassifies when an earlier conversion arrives late', async () => {
    await convert(t, 'x', 'upgrade', 50, day(2, 10));
    expect(monthIn(await revenue(t, '?from=2026-01&to=2026-02'), '2026-02')).toMatchObject({ startMrr: 0, new: 50, expansion: 0 });
    await convert(t, 'x', 'new', 100, day(1, 10));
    const answer = await revenue(t, '?from=2026-01&to=2026-02');
    expect(monthIn(answer, '2026-01')).toMatchObject({ new: 100, endMrr: 100 });
    expect(monthIn(answer, '2026-02')).toMatchObject({ startMrr: 100, new: 0, expansion: 50, endMrr: 150, accountsExpanded: 1, medianDaysToFirstExpansion: 31 });
  });

  it('counts MRR back from 0 after a churn as a reactivation, whatever type the host declared', async () => {
    await convert(t, 'r', 'new', 100, day(1, 10));
    await convert(t, 'r', 'churn', -100, day(2, 10));
    await convert(t, 'r', 'upgrade', 70, day(4, 10));
    const answer = await revenue(t, '?from=2026-01&to=2026-04');
    expect(answer.months.map((m) => [m.month, m.startMrr, m.new, m.churn, m.reactivation, m.expansion, m.endMrr])).toEqual([
      ['2026-01', 0, 100, 0, 0, 0, 100],
      ['2026-02', 100, 0, 100, 0, 0, 0],
      ['2026-03', 0, 0, 0, 0, 0, 0],
      ['2026-04', 0, 0, 0, 70, 0, 70],
    ]);
  });

  it('defaults to the 12 months up to this one', async () => {
    const answer = await revenue(t);
    expect([answer.from, answer.to, answer.currency, answer.months.length]).toEqual(['2025-12', '2026-11', null, 12]);
    expect(answer.months.every((m) => m.startMrr === 0 && m.endMrr === 0)).toBe(true);
  });
});

describe('segments and currencies', () => {
  it('segments by the plan at the start of each month', async () => {
    await convert(t, 'a', 'new', 100, day(1, 10), { plan: 'basic' });
    await convert(t, 'b', 'new', 300, day(1, 11), { plan: 'pro' });
    await convert(t, 'a', 'upgrade', 200, day(2, 10), { plan: 'pro' });
    const answer = await revenue(t, '?from=2026-01&to=2026-03&segment=plan');
    expect(answer.segment).toBe('plan');
    expect(answer.segments.map((m) => [m.segment, m.month, m.startMrr, m.new, m.expansion, m.endMrr, m.accountsAtStart])).toEqual([
      ['basic', '2026-01', 0, 100, 0, 100, 0],
      ['basic', '2026-02', 100, 0, 200, 0, 1],
      ['basic', '2026-03', 0, 0, 0, 0, 0],
      ['pro', '2026-01', 0, 300, 0, 300, 0],
      ['pro', '2026-02', 300, 0, 0, 600, 1],
      ['pro', '2026-03', 600, 0, 0, 600, 2],
    ]);
    expect(monthIn(answer, '2026-02')).toMatchObject({ startMrr: 400, expansion: 200, endMrr: 600 });
  });

  it('segments by an account trait’s current value, "" for accounts without it', async () => {
    const sight = (accountId: string, traits: Record<string, string>) =>
      t.store.recordSighting(t.environment.id, { accountId, userId: 'u', plan: 'pro', context: { user: { id: 'u' }, account: { id: accountId, plan: 'pro', traits } }, state: { rules: {} }, seenAt: T0 });
    await sight('a', { industry: 'retail' });
    await sight('b', { industry: 'saas' });
    await convert(t, 'a', 'new', 100, day(5, 1));
    await convert(t, 'b', 'new', 200, day(5, 1));
    await convert(t, 'c', 'new', 400, day(5, 1));
    await convert(t, 'b', 'upgrade', 20, day(6, 1));
    await sight('a', { industry: 'saas' });
    const answer = await revenue(t, '?from=2026-06&to=2026-06&segment=trait:industry');
    expect(answer.segments.map((m) => [m.segment, m.startMrr, m.expansion, m.endMrr])).toEqual([
      ['', 400, 0, 400],
      ['saas', 300, 20, 320],
    ]);
  });

  it('reads the currency with the most MRR unless one is asked for', async () => {
    await convert(t, 'u', 'new', 1_000, day(7, 1));
    await convert(t, 'e', 'new', 5_000, day(7, 1), { currency: 'EUR' });
    await convert(t, 'u2', 'new', 3_000, day(7, 2));
    const byDefault = await revenue(t, '?from=2026-07&to=2026-07');
    expect([byDefault.currency, monthIn(byDefault, '2026-07').new]).toEqual(['EUR', 5_000]);
    const usd = await revenue(t, '?from=2026-07&to=2026-07&currency=USD');
    expect([usd.currency, monthIn(usd, '2026-07').new]).toEqual(['USD', 4_000]);
    const yen = await revenue(t, '?from=2026-07&to=2026-07&currency=JPY');
    expect([yen.currency, monthIn(yen, '2026-07').new]).toEqual(['JPY', 0]);
  });
});

describe('attribution and backfill', () => {
  it('credits expansion, not new business, to the prompt the account clicked', async () => {
    await sendPromptEvent(t, 'click', T0 - 2 * DAY);
    const first = ConversionResult.parse(await (await convert(t, 'acct-1', 'new', 1_000, T0 - DAY)).json());
    expect(first.conversion.touch).toBeNull();
    const upgrade = ConversionResult.parse(await (await convert(t, 'acct-1', 'upgrade', 500, T0)).json());
    expect(upgrade.conversion.touch).toMatchObject({ type: 'click', ruleId: 'api-usage-ladder', variant: 'b' });
    const answer = await revenue(t, '?from=2026-11&to=2026-11');
    expect(answer.attributed).toEqual([{ ruleId: 'api-usage-ladder', variant: 'b', expansionMrr: 500, conversions: 1 }]);
    expect((await revenue(t, '?from=2026-10&to=2026-10')).attributed).toEqual([]);
  });

  it('classifies at startup the conversions a database stored before migration 20', async () => {
    const tmp = tempDir('upshift-migrate-');
    const file = join(tmp.dir, 'legacy.db');
    const legacy = new Database(file);
    // The schema just before the revenue scoreboard: every earlier migration, none after.
    migrate(legacy, migrations.filter((m) => m.version < 20));
    legacy.prepare("INSERT INTO environments (id, name, publishable_key, secret_key_hash, allowed_origins, created_at) VALUES ('env_old', 'Old', 'pk_oldenvironment1', 'hash', '[]', '2026-01-01')").run();
    const insert = legacy.prepare(
      "INSERT INTO conversions (id, environment_id, idempotency_key, source, account_id, type, mrr_delta, currency, plan, occurred_at, created_at) VALUES (?, 'env_old', ?, 'api', ?, ?, ?, 'USD', 'pro', ?, ?)",
    );
    for (const [id, account, type, delta, at] of [['c1', 'a', 'upgrade', 100, day(1, 10)], ['c2', 'a', 'upgrade', 50, day(2, 10)], ['c3', 'b', 'upgrade', 70, day(2, 11)]] as const) insert.run(id, id, account, type, delta, at, at);
    legacy.close();
    const store = openSqliteStore(file);
    try {
      expect(await classifyStoredConversions(store)).toBe(2);
      const answer = await revenueReport(store, 'env_old', { from: '2026-01', to: '2026-02' }, T0);
      expect(answer.months.map((m) => [m.month, m.startMrr, m.new, m.expansion, m.endMrr])).toEqual([
        ['2026-01', 0, 100, 0, 100],
        ['2026-02', 100, 70, 50, 220],
      ]);
      expect(await classifyStoredConversions(store)).toBe(0);
    } finally {
      await store.close();
      tmp.remove();
    }
  });
});

describe('access and bad input', () => {
  it('answers a viewer’s console session, and refuses no key, a publishable key and other methods', async () => {
    await convert(t, 'a', 'new', 100, day(1, 10));
    await addPerson(t.store, 'viewer@acme.test', 'viewer');
    const viewer = await signedIn(t.app, 'viewer@acme.test');
    const res = await viewer.request('GET', `/v1/admin/environments/${t.environment.id}/analytics/revenue?from=2026-01&to=2026-01`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { months: { new: number }[] }).months[0]?.new).toBe(100);
    await expectApiError(await t.app.request(`/v1/admin/environments/${t.environment.id}/analytics/revenue`), 401, 'unauthorized');
    await expectApiError(await t.app.request('/v1/analytics/revenue'), 401, 'missing_key');
    await expectApiError(await t.app.request('/v1/analytics/revenue', { headers: { Authorization: `Bearer ${t.key}` } }), 401, 'wrong_key_type');
    await expectApiError(await secretCall(t, 'POST', '/v1/analytics/revenue', {}), 405, 'method_not_allowed');
  });

  it.each([
    ['the first months there are', '?from=0000-01&to=0000-03', '0000-01', 3],
    ['a default range reaching back before year 0', '?to=0000-05', '0000-01', 5],
    ['the last months there are', '?from=9999-10&to=9999-12', '9999-10', 3],
  ])('answers %s', async (_, query, from, count) => {
    await convert(t, 'a', 'new', 100, day(1, 10));
    const answer = await revenue(t, query);
    expect([answer.from, answer.months.length, answer.months.at(-1)?.startMrr]).toEqual([from, count, query.includes('9999') ? 100 : 0]);
  });

  it.each([
    ['a month that is no month', '?from=2026-13', 'from'],
    ['a day for a month', '?to=2026-01-05', 'to'],
    ['from after to', '?from=2026-05&to=2026-04', 'from'],
    ['over 36 months', '?from=2023-01&to=2026-01', 'from'],
    ['an unknown segment', '?segment=country', 'segment'],
    ['a trait without a name', '?segment=trait:', 'segment'],
    ['a currency in lower case', '?currency=usd', 'currency'],
  ])('answers 400 for %s, at its parameter', async (_, query, path) => {
    const error = await expectApiError(await secretCall(t, 'GET', `/v1/analytics/revenue${query}`), 400, 'invalid_request');
    expect((error.details as { issues: { path: string }[] }).issues[0]?.path).toBe(path);
  });
});
