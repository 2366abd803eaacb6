import { randomUUID } from 'node:crypto';
import type { Event } from '../../shared/schemas/event';
import type { PostgresStore } from '../../server/store/postgres/store';
import type { Conversion, StoredTouch } from '../../server/store/conversion-types';
import { named } from '../../server/store/postgres/params';
import { lockExposureAccounts, pgExposureHooks } from '../../server/store/postgres/exposure-hooks';
import { pgFunnelHooks } from '../../server/store/postgres/funnel-hooks';
import { rewriteRevenue } from '../../server/store/postgres/revenue-writer';
import { touchPreference } from '../../server/services/attribution-touch';
import { eventRow, INSERT_EVENT_SQL } from '../../server/store/sqlite-rows';
import type { AnalyticsFeed } from './analytics-frame';

/**
 * STAND-IN (h-analytics, issue 17): the writes the analytics tests need, over PostgreSQL, until
 * h-core's environments, h-events' insertEvents and h-money's conversions and webhooks are merged.
 * It stores the source rows as those modules do and calls this branch's hooks exactly where they
 * will (SQLite's `insertBatch` and `recordConversion` are the model). The frame uses the store's
 * own methods as soon as it has them; then this file goes.
 */
export function pgFeedStandIn(store: PostgresStore): AnalyticsFeed {
  const { db } = store;
  const funnel = pgFunnelHooks();
  const cohorts = pgExposureHooks();
  return {
    async environment(name) {
      const id = `env_${randomUUID()}`;
      await db.run("INSERT INTO environments (id, name, publishable_key, secret_key_hash, allowed_origins, created_at) VALUES ($1, $2, $3, $4, '[]', $5)", [
        id,
        name,
        `pk_${id}`,
        `hash_${id}`,
        new Date(0).toISOString(),
      ]);
      return id;
    },
    async insertEvents(env, events, receivedAt) {
      return db.tx(async (sql) => {
        const stored: Event[] = [];
        await lockExposureAccounts(sql, env, events.filter((e) => e.type === 'exposure').map((e) => e.accountId));
        for (const e of events) {
          const row = eventRow(env, e, receivedAt);
          const q = named(INSERT_EVENT_SQL, row);
          if ((await sql.run(q.text, q.params)) === 0) continue;
          stored.push(e);
          if (e.type === 'exposure') await cohorts.exposed(sql, env, e, row['at'] as number);
        }
        await funnel.events(sql, env, stored, receivedAt);
        return { accepted: stored.length, duplicates: events.length - stored.length };
      });
    },
    async recordConversion(env, c, window, receivedAt, rollup) {
      return db.tx(async (sql) => {
        let touch: StoredTouch | null = null;
        for (const type of touchPreference(window)) {
          touch =
            (await sql.one<StoredTouch>(
              `SELECT type, rule_id AS "ruleId", variant, tier, surface, occurred_at AS at FROM events
               WHERE environment_id = $1 AND account_id = $2 AND type = $3 AND occurred_at >= $4 AND occurred_at <= $5 AND rule_id IS NOT NULL
               ORDER BY occurred_at DESC, seq DESC LIMIT 1`,
              [env, c.accountId, type, window.since, c.at],
            )) ?? null;
          if (touch) break;
        }
        const conversion: Conversion = { ...c, id: `cnv_${randomUUID()}`, createdAt: receivedAt, touch, holdout: window.holdout };
        const inserted = await sql.run(
          `INSERT INTO conversions (id, environment_id, idempotency_key, source, account_id, type, mrr_delta, currency, plan, occurred_at, created_at,
             touch_type, touch_rule_id, touch_variant, touch_tier, touch_surface, touch_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) ON CONFLICT DO NOTHING`,
          [conversion.id, env, c.idempotencyKey, c.source, c.accountId, c.type, c.mrrDelta, c.currency, c.plan, c.at, receivedAt,
            touch?.type ?? null, touch?.ruleId ?? null, touch?.variant ?? null, touch?.tier ?? null, touch?.surface ?? null, touch?.at ?? null],
        );
        if (inserted === 0) return { created: false };
        await cohorts.converted(sql, env, c);
        await funnel.conversion(sql, env, conversion);
        await rewriteRevenue(sql, env, c.accountId, rollup);
        return { created: true };
      });
    },
    async startTrial(env, accountId, id, at, action) {
      return db.tx(async (sql) => {
        const created = (await sql.run('INSERT INTO trials (environment_id, account_id, offer_id, started_at, ends_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [env, accountId, id, at, at + 14 * 86_400_000])) > 0;
        if (created) await funnel.action(sql, env, action);
        return { created };
      });
    },
    async trait(env, accountId, name, value) {
      await db.run(
        'INSERT INTO account_traits (environment_id, account_id, name, value) VALUES ($1, $2, $3, $4) ON CONFLICT (environment_id, account_id, name) DO UPDATE SET value = excluded.value',
        [env, accountId, name, value],
      );
    },
    async putWebhookEndpoint(env, url) {
      await db.run('INSERT INTO webhook_endpoints (environment_id, url, events, secret, created_at, updated_at) VALUES ($1, $2, NULL, $3, 1, 1)', [env, url, 'whsec_standin']);
    },
    async deliveries(env) {
      const rows = await db.all<{ id: string; event_type: string; created_at: number }>('SELECT id, event_type, created_at FROM webhook_deliveries WHERE environment_id = $1 ORDER BY created_at DESC, seq DESC', [env]);
      return rows.map((r) => [r.id, r.event_type, r.created_at] as const);
    },
  };
}
