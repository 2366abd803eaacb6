import { afterEach, describe, expect, it } from 'vitest';
import type { Conversion } from '../../server/store/conversion-types';
import { openPgDb, type PgDb } from '../../server/store/postgres/db';
import { migratePg } from '../../server/store/postgres/migrate';
import { pgConversions, type ConversionWriters } from '../../server/store/postgres/conversions';
import type { RevenueRollup } from '../../server/store/revenue-types';
import { postgresUrl, tempPgDatabase } from '../helpers/stores';
import { noRollup, T0, window } from '../contract/money-helpers';

// The PostgreSQL conversions module calls the funnel, exposure and revenue writers of other
// modules. Until those are composed in store.ts, these stand-ins check the contract with them:
// each is called once per stored conversion, inside its transaction (a write through the `sql`
// it is handed commits or rolls back with the conversion), and never for a replay.

const opened: { db: PgDb; drop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) {
    await o.db.close();
    await o.drop();
  }
});

async function setUp(failRevenue = false) {
  const database = await tempPgDatabase();
  const db = openPgDb(database.url);
  opened.push({ db, drop: database.drop });
  await migratePg(db);
  await db.run('CREATE TABLE writer_log (seq BIGINT GENERATED ALWAYS AS IDENTITY, what TEXT NOT NULL, env TEXT NOT NULL, account TEXT NOT NULL, detail TEXT)');
  await db.run(`INSERT INTO environments (id, name, publishable_key, secret_key_hash, created_at) VALUES ('env_1', 'P', 'pk_1', 'h_1', '2026-01-01')`);
  const rollups: RevenueRollup[] = [];
  const writers: ConversionWriters = {
    funnel: {
      async conversion(sql, env, c: Conversion) {
        await sql.run('INSERT INTO writer_log (what, env, account, detail) VALUES ($1, $2, $3, $4)', ['funnel', env, c.accountId, c.id]);
      },
    },
    exposure: {
      async converted(sql, env, c) {
        await sql.run('INSERT INTO writer_log (what, env, account, detail) VALUES ($1, $2, $3, $4)', ['exposure', env, c.accountId, `${c.type}:${c.mrrDelta}`]);
      },
    },
    async revenue(sql, env, accountId, rollup) {
      rollups.push(rollup);
      // The rewrite reads the account's conversions: the new one must be visible to it.
      const n = (await sql.one<{ n: number }>('SELECT COUNT(*) AS n FROM conversions WHERE environment_id = $1 AND account_id = $2', [env, accountId]))!.n;
      await sql.run('INSERT INTO writer_log (what, env, account, detail) VALUES ($1, $2, $3, $4)', ['revenue', env, accountId, String(n)]);
      if (failRevenue) throw new Error('revenue rewrite failed');
    },
  };
  return { db, store: pgConversions(db, writers), rollups };
}

const log = (db: PgDb) => db.all<{ what: string; env: string; account: string; detail: string }>('SELECT what, env, account, detail FROM writer_log ORDER BY seq');
const upgrade = { idempotencyKey: 'k1', source: 'api' as const, accountId: 'acct-1', type: 'upgrade' as const, mrrDelta: 2000, currency: 'usd', plan: 'pro', at: T0 };

describe.runIf(postgresUrl !== null)('PostgreSQL conversions and the writers they call', () => {
  it('calls exposure, funnel and revenue once per stored conversion, in its transaction, and none for a replay', async () => {
    const { db, store, rollups } = await setUp();
    const { conversion } = await store.recordConversion('env_1', upgrade, window(T0 - 1), T0, noRollup);
    await store.recordConversion('env_1', upgrade, window(T0 - 1), T0, noRollup);
    expect(await log(db)).toEqual([
      { what: 'exposure', env: 'env_1', account: 'acct-1', detail: 'upgrade:2000' },
      { what: 'funnel', env: 'env_1', account: 'acct-1', detail: conversion.id },
      { what: 'revenue', env: 'env_1', account: 'acct-1', detail: '1' },
    ]);
    expect(rollups).toEqual([noRollup]);
  });

  it('stores nothing, writers included, when a writer fails', async () => {
    const { db, store } = await setUp(true);
    await expect(store.recordConversion('env_1', upgrade, window(T0 - 1), T0, noRollup)).rejects.toThrow('revenue rewrite failed');
    expect(await log(db)).toEqual([]);
    expect(await store.listConversions('env_1', 10)).toEqual([]);
  });

  it('calls them for a Stripe change that made a conversion, not for one that moved nothing', async () => {
    const { db, store } = await setUp();
    const change = { subscriptionId: 'sub_1', accountId: 'acct-1', before: null, deleted: false, currency: 'usd', plan: 'pro' };
    await store.recordSubscriptionChange('env_1', { ...change, eventId: 'evt_1', mrr: 5000, at: T0 }, window(T0 - 1), T0, noRollup);
    expect(await log(db)).toEqual([]);
    await store.recordSubscriptionChange('env_1', { ...change, eventId: 'evt_2', mrr: 7000, at: T0 + 1 }, window(T0 - 1), T0, noRollup);
    expect((await log(db)).map((r) => [r.what, r.detail])).toEqual([
      ['exposure', 'upgrade:2000'],
      ['funnel', (await store.listConversions('env_1', 1))[0]!.id],
      ['revenue', '1'],
    ]);
  });
});
