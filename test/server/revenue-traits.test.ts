import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../server/store/migrations';
import { classifyStoredConversions } from '../../server/services/analytics/revenue-backfill';
import { revenueReport } from '../../server/services/analytics/revenue';
import { migrate, openSqliteStore } from '../../server/store/sqlite';
import type { Context } from '../../shared/schemas/context';
import { createTestApp, tempDir, type TestApp } from '../helpers/test-app';
import { T0 } from './conversion-helpers';
import { convert, day, revenue } from './revenue-helpers';

// Revenue by `trait:<name>` reads the traits of each account's latest sighting from their own
// table (migration 23). These pin what that table must hold: the latest sighting's traits only, in
// the text a segment shows, and the traits of sightings stored before the table existed.

type Traits = NonNullable<Context['account']['traits']>;
const context = (accountId: string, traits: Traits | undefined): Context => ({ user: { id: 'u' }, account: { id: accountId, plan: 'pro', ...(traits && { traits }) } });

let t: TestApp;
afterEach(async () => {
  await t.cleanup();
});

const byTrait = async (name: string) =>
  (await revenue(t, `?from=2026-05&to=2026-05&segment=trait:${encodeURIComponent(name)}`)).segments.map((m) => [m.segment, m.endMrr]);

describe('revenue by a trait, as sightings come and go', () => {
  beforeEach(async () => {
    t = await createTestApp({ clock: () => T0 });
  });
  const sight = (accountId: string, traits: Traits | undefined, seenAt: number) =>
    t.store.recordSighting(t.environment.id, { accountId, userId: 'u', plan: 'pro', context: context(accountId, traits), state: { rules: {} }, seenAt });

  it('follows the newest sighting, and a late older one changes nothing', async () => {
    await convert(t, 'a', 'new', 100, day(5, 1));
    await convert(t, 'b', 'new', 200, day(5, 1));
    await sight('a', { industry: 'retail' }, T0);
    await sight('b', { industry: 'retail' }, T0);
    expect(await byTrait('industry')).toEqual([['retail', 300]]);
    await sight('a', { industry: 'saas' }, T0 + 10);
    await sight('a', { industry: 'retail' }, T0 + 5);
    expect(await byTrait('industry')).toEqual([['retail', 200], ['saas', 100]]);
    // Traits dropped from the newest sighting are gone: that account has no value any more.
    await sight('b', undefined, T0 + 20);
    expect(await byTrait('industry')).toEqual([['', 200], ['saas', 100]]);
  });

  it('shows booleans as words and numbers as numbers, and keeps each name apart', async () => {
    await convert(t, 'a', 'new', 100, day(5, 1));
    await convert(t, 'b', 'new', 200, day(5, 1));
    await convert(t, 'c', 'new', 400, day(5, 1));
    await sight('a', { 'funded.2026': true, seats: 12 }, T0);
    await sight('b', { 'funded.2026': false, seats: 2.5 }, T0);
    await sight('c', { seats: 12 }, T0);
    expect(await byTrait('funded.2026')).toEqual([['', 400], ['false', 200], ['true', 100]]);
    expect(await byTrait('seats')).toEqual([['12', 500], ['2.5', 200]]);
    expect(await byTrait('headcount')).toEqual([['', 700]]);
  });
});

describe('migration 23 (account traits)', () => {
  it('copies the traits of sightings stored before it, so revenue by trait reads them at once', async () => {
    const tmp = tempDir('upshift-migrate-23-');
    const file = join(tmp.dir, 'legacy.db');
    const legacy = new Database(file);
    migrate(legacy, migrations.filter((m) => m.version < 23));
    const env = 'env_before23000001';
    legacy.prepare("INSERT INTO environments (id, name, publishable_key, secret_key_hash, allowed_origins, created_at) VALUES (?, 'Old', 'pk_oldenvironment23', 'hash', '[]', '2026-01-01')").run(env);
    const sighting = legacy.prepare("INSERT INTO account_sightings (environment_id, account_id, user_id, plan, context, state, seen_at) VALUES (?, ?, 'u', 'pro', ?, '{\"rules\":{}}', ?)");
    sighting.run(env, 'a', JSON.stringify(context('a', { industry: 'retail', big: true })), T0);
    sighting.run(env, 'b', JSON.stringify(context('b', { industry: 'saas' })), T0);
    sighting.run(env, 'c', JSON.stringify(context('c', undefined)), T0);
    // Unclassified conversions, as migration 20 leaves them: the server classifies them at startup.
    const conversion = legacy.prepare(
      "INSERT INTO conversions (id, environment_id, idempotency_key, source, account_id, type, mrr_delta, currency, plan, occurred_at, created_at) VALUES (?, ?, ?, 'api', ?, 'new', ?, 'USD', 'pro', ?, ?)",
    );
    for (const [account, mrr] of [['a', 100], ['b', 200], ['c', 400]] as const) {
      conversion.run(`c-${account}`, env, `k-${account}`, account, mrr, day(5, 1), day(5, 1));
      legacy.prepare('INSERT INTO mrr_pending (environment_id, account_id) VALUES (?, ?)').run(env, account);
    }
    legacy.close();
    const store = openSqliteStore(file);
    try {
      expect(await classifyStoredConversions(store)).toBe(3);
      const segments = async (name: string) => (await revenueReport(store, env, { from: '2026-05', to: '2026-05', segment: `trait:${name}` }, T0)).segments.map((m) => [m.segment, m.endMrr]);
      expect(await segments('industry')).toEqual([['', 400], ['retail', 100], ['saas', 200]]);
      expect(await segments('big')).toEqual([['', 600], ['true', 100]]);
    } finally {
      await store.close();
      tmp.remove();
    }
  });
});
