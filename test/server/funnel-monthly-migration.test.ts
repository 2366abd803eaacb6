import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashSecret, newPublishableKey, newSecretKey } from '../../server/infra/keys';
import { migrations } from '../../server/store/migrations/index';
import { openSqliteStore } from '../../server/store/sqlite';
import { applyPragmas, migrate } from '../../server/store/sqlite-setup';
import type { Store } from '../../server/store/types';
import { seeded } from '../helpers/random';
import { tempDir } from '../helpers/test-app';

// Migration 24 (the funnel's monthly sums) over daily rows stored before it: a filter and a
// breakdown on two dimensions, over ranges with whole months, answer what plain loops over the
// daily rows say.

let tmp: ReturnType<typeof tempDir>;
let file: string;
let store: Store | undefined;
beforeEach(() => {
  tmp = tempDir('upshift-migration-24-');
  file = join(tmp.dir, 'upshift.db');
});
afterEach(async () => {
  await store?.close();
  store = undefined;
  tmp.remove();
});

const ENV = 'env_before24000001';
const DAY = 86_400_000;

interface Row {
  day: string;
  rule: string;
  variant: string;
  tier: string;
  surface: string;
  locale: string;
  trig: string;
  stage: string;
  count: number;
}

/** Daily rows over four months (one row per key: the table's key is unique). */
function databaseBefore24(random: () => number): Row[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const rows = new Map<string, Row>();
  for (let i = 0; i < 3000; i++) {
    const day = new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 120) * DAY).toISOString().slice(0, 10);
    const row: Row = { day, rule: pick(['r1', 'r2', 'r3']), variant: pick(['', 'a', 'b', 'holdout']), tier: pick(['', 'p70', 'p95']), surface: pick(['banner', 'modal']), locale: pick(['', 'en', 'de']), trig: pick(['', 'usage']), stage: pick(['exposed', 'impression', 'click', 'action', 'conversion']), count: 1 + Math.floor(random() * 9) };
    const key = Object.values(row).slice(0, 8).join('|');
    rows.set(key, { ...row, count: (rows.get(key)?.count ?? 0) + row.count });
  }
  const db = new Database(file);
  try {
    applyPragmas(db);
    migrate(db, migrations.filter((m) => m.version < 24));
    db.prepare('INSERT INTO environments (id, name, publishable_key, secret_key_hash, allowed_origins, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(ENV, 'Production', newPublishableKey(), hashSecret(newSecretKey()), '[]', '2026-01-01T08:00:00.000Z');
    const insert = db.prepare(`INSERT INTO funnel_daily (environment_id, day, rule_id, variant, tier, surface, locale, trig, stage, count) VALUES (@env, @day, @rule, @variant, @tier, @surface, @locale, @trig, @stage, @count)`);
    for (const r of rows.values()) insert.run({ env: ENV, ...r });
  } finally {
    db.close();
  }
  return [...rows.values()];
}

describe('migration 24 (funnel monthly sums)', () => {
  it.each([1, 2])('backfills the monthly sums from the daily rows, seed %i', async (seed) => {
    const rows = databaseBefore24(seeded(seed));
    store = openSqliteStore(file);
    const cases = [
      { from: '2026-01-01', to: '2026-04-30', filters: { tier: 'p95' }, by: 'locale' as const },
      { from: '2026-01-10', to: '2026-04-20', filters: { variant: 'b' }, by: 'surface' as const },
      { from: '2026-02-01', to: '2026-03-31', filters: { locale: 'en', surface: 'modal' }, by: 'tier' as const },
    ];
    for (const c of cases) {
      const want = new Map<string, number>();
      for (const r of rows) {
        if (r.day < c.from || r.day > c.to || Object.entries(c.filters).some(([k, v]) => r[k as keyof Row] !== v)) continue;
        const key = `${r.rule} ${r.trig} ${r[c.by]} ${r.stage}`;
        want.set(key, (want.get(key) ?? 0) + r.count);
      }
      expect(want.size).toBeGreaterThan(10);
      const got = await store.funnelCounts(ENV, { from: c.from, to: c.to, per: 'rule', by: c.by, filters: c.filters });
      expect(new Map(got.map((r) => [`${r.ruleId} ${r.trigger} ${r.key} ${r.stage}`, r.count]))).toEqual(want);
    }
  });
});
