import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashSecret, newPublishableKey, newSecretKey } from '../../server/infra/keys';
import { migrations } from '../../server/store/migrations/index';
import { openSqliteStore } from '../../server/store/sqlite';
import { applyPragmas, migrate } from '../../server/store/sqlite-setup';
import type { Store } from '../../server/store/types';
import { tempDir } from '../helpers/test-app';

// Migration 22 (the funnel's roll-up) over a database with events, rolled-up days, requests to the
// admins and conversions stored before it: what it backfills, written out by hand.

let tmp: ReturnType<typeof tempDir>;
let file: string;
let store: Store | undefined;
beforeEach(() => {
  tmp = tempDir('upshift-migration-22-');
  file = join(tmp.dir, 'upshift.db');
});
afterEach(async () => {
  await store?.close();
  store = undefined;
  tmp.remove();
});

const ENV = 'env_before22000001';
const D1 = Date.UTC(2026, 4, 1);
const D2 = Date.UTC(2026, 4, 2);

function databaseBefore22(): void {
  const db = new Database(file);
  try {
    applyPragmas(db);
    migrate(db, migrations.filter((m) => m.version < 22));
    db.prepare('INSERT INTO environments (id, name, publishable_key, secret_key_hash, allowed_origins, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(ENV, 'Production', newPublishableKey(), hashSecret(newSecretKey()), '[]', '2026-04-01T08:00:00.000Z');
    const event = db.prepare(
      `INSERT INTO events (environment_id, event_id, type, user_id, account_id, rule_id, tier, variant, surface, props, reason, note, occurred_at, received_at)
       VALUES (@env, @id, @type, 'u', @account, @rule, @tier, @variant, @surface, @props, @reason, @note, @at, @at)`,
    );
    let n = 0;
    const add = (type: string, at: number, over: Record<string, unknown> = {}) =>
      event.run({ env: ENV, id: `e${n++}`, type, account: 'a1', rule: 'ladder', tier: 'p85', variant: null, surface: 'banner', props: null, reason: null, note: null, at, ...over });
    add('impression', D1 + 1000);
    add('impression', D1 + 2000);
    add('impression', D2 - 1); // the last millisecond of D1
    add('click', D1 + 3000, { props: JSON.stringify({ action: 'checkout' }) });
    add('click', D2 + 3000, { props: JSON.stringify({ format: 'pdf' }) });
    add('dismiss', D2 + 4000);
    add('track', D2 + 4000, { rule: null, tier: null, surface: null });
    add('decline', D2 + 5000, { reason: 'budget', note: 'too dear' });
    add('decline', D2 + 6000, { reason: 'fit' });
    const rollup = db.prepare(`INSERT INTO event_rollups (environment_id, day, rule_id, variant, tier, surface, type, name, count) VALUES (?, '2026-04-20', ?, '', 'p70', 'banner', ?, '', ?)`);
    rollup.run(ENV, 'ladder', 'impression', 40);
    rollup.run(ENV, 'ladder', 'click', 4);
    rollup.run(ENV, 'ladder', 'decline', 3); // no reason kept: not backfilled
    rollup.run(ENV, '', 'track', 9);
    db.prepare(`INSERT INTO admin_requests (id, environment_id, account_id, user_id, rule_id, created_at) VALUES ('adm1', ?, 'a1', 'u', 'gate', ?)`).run(ENV, D2 + 10);
    const conversion = db.prepare(
      `INSERT INTO conversions (id, environment_id, idempotency_key, source, account_id, type, mrr_delta, currency, occurred_at, created_at, touch_type, touch_rule_id, touch_variant, touch_tier, touch_surface, touch_at)
       VALUES (?, ?, ?, 'api', 'a1', ?, ?, 'USD', ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    conversion.run('c1', ENV, 'k1', 'upgrade', 100, D2 + 50, D2 + 50, 'click', 'ladder', 'b', 'p85', 'banner', D1 + 3000);
    conversion.run('c2', ENV, 'k2', 'downgrade', -100, D2 + 60, D2 + 60, 'click', 'ladder', 'b', 'p85', 'banner', D1 + 3000);
    conversion.run('c3', ENV, 'k3', 'upgrade', 100, D2 + 70, D2 + 70, null, null, null, null, null, null);
  } finally {
    db.close();
  }
}

describe('migration 22 (funnel roll-up)', () => {
  it('backfills stages from raw events, rolled-up days, requests to the admins and credited expansions, and declines by reason', async () => {
    databaseBefore22();
    store = openSqliteStore(file);
    const rows = await store.funnelCounts(ENV, { from: '2026-04-01', to: '2026-05-31', per: 'day', filters: { tier: 'p85', variant: 'b' } });
    expect(rows).toEqual([{ day: '2026-05-02', ruleId: '', trigger: '', key: '', stage: 'conversion', count: 1 }]);
    // The one-dimension sums and every combination, backfilled alike.
    for (const dims of [{ surface: 'banner' }, { surface: 'banner', locale: '' }]) {
      const byTier = await store.funnelCounts(ENV, { from: '2026-04-01', to: '2026-05-31', per: 'rule', by: 'tier', filters: dims });
      expect(byTier.map((r) => `${r.ruleId} ${r.key} ${r.stage} ${r.count}`).sort()).toEqual([
        'ladder p70 click 4',
        'ladder p70 impression 40',
        'ladder p85 action 1',
        'ladder p85 click 2',
        'ladder p85 conversion 1',
        'ladder p85 impression 3',
      ]);
    }
    const perRule = await store.funnelCounts(ENV, { from: '2026-04-01', to: '2026-05-31', per: 'rule' });
    const sorted = perRule.map((r) => `${r.ruleId} ${r.stage} ${r.count}`).sort();
    expect(sorted).toEqual([
      'gate action 1',
      'ladder action 1',
      'ladder click 6',
      'ladder conversion 1',
      'ladder impression 43',
    ]);
    const perDay = await store.funnelCounts(ENV, { from: '2026-04-01', to: '2026-05-31', per: 'day' });
    expect(perDay.map((r) => `${r.day} ${r.stage} ${r.count}`).sort()).toEqual([
      '2026-04-20 click 4',
      '2026-04-20 impression 40',
      '2026-05-01 action 1',
      '2026-05-01 click 1',
      '2026-05-01 impression 3',
      '2026-05-02 action 1',
      '2026-05-02 click 1',
      '2026-05-02 conversion 1',
    ]);
    expect(await store.declineCounts(ENV, { from: '2026-04-01', to: '2026-05-31' })).toEqual([
      { ruleId: 'ladder', reason: 'budget', count: 1 },
      { ruleId: 'ladder', reason: 'fit', count: 1 },
    ]);
  });
});
