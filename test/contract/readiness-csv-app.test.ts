import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { readinessCsvLine } from '../../server/services/analytics/readiness-csv';
import type { PostgresStore } from '../../server/store/postgres/store';
import type { StoredReadiness } from '../../server/store/readiness-types';
import { storeKinds, type StoreKind } from '../helpers/stores';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { secretCall } from '../server/webhook-helpers';

// GET /v1/analytics/readiness?format=csv through the real app on each store: the stored export
// records streamed page by page, and a score saved before records were kept formatted the same.

const T = Date.UTC(2026, 11, 1);
const score = (i: number): StoredReadiness => ({
  accountId: `${i % 2 ? 'acct' : 'ACME'}-${String(i).padStart(4, '0')}`,
  plan: i % 5 ? 'pro' : null,
  score: (i * 7) % 3,
  band: 'early',
  fixFirst: i % 4 === 0,
  categories: { usage: 1, breadth: 2, exploration: 3, growth: i / 8 },
  signals: [{ category: 'usage', label: `api_calls at ${i} %, "fast"`, points: 1 }],
  updatedAt: T - i * 1000,
});

/** Clears the export record of the ACME accounts, as a score saved before migration 26 has none. */
async function forgetLines(kind: StoreKind, t: TestApp): Promise<number> {
  const sql = "UPDATE account_readiness SET csv_line = NULL WHERE account_id LIKE 'ACME-%'";
  if (kind === 'postgres') return (t.store as PostgresStore).db.run(sql);
  const db = new Database(t.file);
  try {
    return db.prepare(sql).run().changes;
  } finally {
    db.close();
  }
}

describe.each(storeKinds.map((kind) => [kind] as const))('the readiness CSV on %s', (kind) => {
  let t: TestApp;
  afterEach(async () => {
    await t.cleanup();
  });

  it('streams more rows than a page, every row once in order across ties, records saved without a line alike', async () => {
    t = await createTestApp({ storeKind: kind, publish: false });
    const rows = Array.from({ length: 1234 }, (_, i) => score(i));
    for (const r of rows) await t.store.saveReadiness(t.environment.id, r, readinessCsvLine(r));
    const csv = async (sort: string) => {
      const res = await secretCall(t, 'GET', `/v1/analytics/readiness?format=csv&sort=${sort}`);
      expect(res.status).toBe(200);
      return res.text();
    };
    const byId = (a: StoredReadiness, b: StoredReadiness) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0);
    const before = await csv('-score');
    // Each record is one line here (no line breaks in the fields); the first is the header.
    const ids = before.trimEnd().split('\r\n').slice(1).map((line) => line.split(',')[0]);
    expect(ids).toEqual([...rows].sort((a, b) => b.score - a.score || byId(b, a)).map((r) => r.accountId));
    expect(await forgetLines(kind, t)).toBe(617);
    expect(await csv('-score')).toBe(before);
  });
});
