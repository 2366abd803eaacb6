import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revenueRollup } from '../../server/services/analytics/revenue-rollup';
import type { AttributionWindow } from '../../server/store/conversion-types';
import type { FunnelCountsQuery } from '../../server/store/funnel-types';
import type { RevenueSelection } from '../../server/store/revenue-types';
import type { Store } from '../../server/store/types';
import { seeded } from '../helpers/random';
import { openTempStore, storeKinds } from '../helpers/stores';
import { DAY, DAYS, generate, RECEIVED, START } from './analytics-agreement-data';
import { feedOf } from './analytics-frame';

// The same generated writes stored in SQLite and in PostgreSQL, then every analytics read in many
// shapes: both stores must answer alike, to the number and the order. (What the answers should be
// is checked against plain loops elsewhere: exposure-cohorts.test.ts, test/server/analytics-known-answers.test.ts.)

const WINDOW: AttributionWindow = { since: 0, credit: true, impressions: true, holdout: { global: false, rules: [] } };
const day = (offset: number) => new Date(START + offset * DAY).toISOString().slice(0, 10);
const RANGES = [
  { from: day(0), to: day(DAYS) },
  // 2026-11-01..2026-11-30: exactly one whole month.
  { from: '2026-11-01', to: '2026-11-30' },
  { from: '2026-10-25', to: '2026-11-03' },
  { from: day(10), to: day(10) },
];

function funnelQueries(): FunnelCountsQuery[] {
  const shapes: Omit<FunnelCountsQuery, 'from' | 'to'>[] = [
    { per: 'day' },
    { per: 'day', filters: { variant: 'a' } },
    { per: 'day', filters: { variant: 'b', tier: 't1' } },
    { per: 'rule' },
    { per: 'rule', ruleId: 'r_3' },
    ...(['variant', 'tier', 'surface', 'locale'] as const).map((by) => ({ per: 'rule' as const, by })),
    { per: 'rule', by: 'variant', filters: { tier: 't2' } },
    { per: 'rule', filters: { surface: 'in_line', locale: 'de-DE' } },
    { per: 'rule', trigger: { value: 'usage', rules: ['r1', 'r_3'] } },
    { per: 'day', ruleId: 'r1', trigger: { value: 'feature', rules: ['r1'] } },
  ];
  return RANGES.flatMap((r) => shapes.map((s) => ({ ...r, ...s })));
}

// It needs both stores: where PostgreSQL is missing (never in CI) it is reported skipped, as describeStores does.
const both = storeKinds.includes('postgres');

(both ? describe : describe.skip)(`analytics reads agree on SQLite and PostgreSQL${both ? '' : ' [postgres: not installed here]'}`, () => {
  const opened: { store: Store; remove(): Promise<void> }[] = [];
  let sqlite: Store;
  let postgres: Store;
  let envs: { sqlite: string; postgres: string };
  const accounts = new Set<string>();

  beforeAll(async () => {
    opened.push(await openTempStore('sqlite'), await openTempStore('postgres'));
    [sqlite, postgres] = opened.map((o) => o.store) as [Store, Store];
    const feeds = { sqlite: feedOf(sqlite), postgres: feedOf(postgres) };
    envs = { sqlite: await feeds.sqlite.environment('Test'), postgres: await feeds.postgres.environment('Test') };
    for (const step of generate(seeded(1717))) {
      for (const kind of ['sqlite', 'postgres'] as const) {
        const [feed, env] = [feeds[kind], envs[kind]];
        if (step.kind === 'events') await feed.insertEvents(env, step.events, RECEIVED);
        else if (step.kind === 'conversion') await feed.recordConversion(env, step.c, WINDOW, RECEIVED, revenueRollup);
        else await feed.trait(env, step.accountId, 'size', step.value);
      }
      if (step.kind === 'conversion') accounts.add(step.c.accountId);
    }
  }, 120_000);
  afterAll(async () => {
    await Promise.all(opened.map((o) => o.remove()));
  });

  /** Both stores' answers to one read, after checking they are the same. */
  async function same<T>(read: (store: Store, env: string) => Promise<T>): Promise<T> {
    const [a, b] = [await read(sqlite, envs.sqlite), await read(postgres, envs.postgres)];
    expect(b).toEqual(a);
    return a;
  }

  it('funnel counts, in every shape and over month ends', async () => {
    let rows = 0;
    for (const q of funnelQueries()) rows += (await same((s, env) => s.funnelCounts(env, q))).length;
    expect(rows).toBeGreaterThan(500);
  });

  it('declines and their notes', async () => {
    for (const r of RANGES) {
      await same((s, env) => s.declineCounts(env, r));
      await same((s, env) => s.declineCounts(env, { ...r, ruleId: 'r2' }));
    }
    expect((await same((s, env) => s.declineCounts(env, RANGES[0]!))).length).toBeGreaterThan(5);
    const notes = await same((s, env) => s.declineNotes(env, 'r1', START, START + DAYS * DAY, 100));
    expect(notes.length).toBeGreaterThan(5);
    await same((s, env) => s.declineNotes(env, 'r1', START + 5 * DAY, START + 20 * DAY, 3));
  });

  it('exposure cohorts and conversion delays', async () => {
    for (const r of RANGES) {
      for (const q of [r, { ...r, ruleId: 'r_3' }]) {
        await same((s, env) => s.exposureCohorts(env, q));
        await same((s, env) => s.conversionDelayCounts(env, q, [1, 24, 100.5]));
        await same((s, env) => s.conversionDelayCounts(env, q, []));
        await same((s, env) => s.conversionDelaysAt(env, { ...q, ruleId: 'r1' }, 1, 5));
      }
    }
    expect((await same((s, env) => s.exposureCohorts(env, RANGES[0]!))).length).toBeGreaterThan(3);
    expect((await same((s, env) => s.conversionDelaysAt(env, { ...RANGES[0]!, ruleId: 'r1' }, 0, 100))).length).toBeGreaterThan(0);
  });

  async function revenue(): Promise<unknown[]> {
    const answers: unknown[] = [];
    const currencies = await same((s, env) => s.revenueCurrencies(env));
    expect(currencies.map((c) => c.currency).sort()).toEqual(['EUR', 'USD']);
    answers.push(currencies);
    for (const { currency } of currencies) {
      for (const segment of ['all', 'plan', { trait: 'size' }] as RevenueSelection['segment'][]) {
        answers.push(await same((s, env) => s.revenueMonths(env, { currency, segment, to: '2026-12' })));
        answers.push(await same((s, env) => s.firstExpansionMedians(env, { currency, segment, from: '2026-10', to: '2026-12' })));
      }
      answers.push(await same((s, env) => s.attributedExpansion(env, currency, START, START + DAYS * DAY)));
    }
    return answers;
  }

  it('revenue: currencies, months by segment, medians and attributed expansion; a reclassification rewrites the same', async () => {
    const before = await revenue();
    expect(before.flat().length).toBeGreaterThan(20);
    const refs = [...accounts].map((accountId) => ({ accountId }));
    await sqlite.reclassifyAccounts(refs.map((r) => ({ ...r, environmentId: envs.sqlite })), revenueRollup);
    await postgres.reclassifyAccounts(refs.map((r) => ({ ...r, environmentId: envs.postgres })), revenueRollup);
    expect(await revenue()).toEqual(before);
    expect(await same((s) => s.pendingRevenueAccounts(10))).toEqual([]);
  });
});
