import { afterEach, describe, expect, it } from 'vitest';
import { Event, type ExposureEvent } from '../../shared/schemas/event';
import { openPgDb, type PgDb, type Sql } from '../../server/store/postgres/db';
import { pgActions } from '../../server/store/postgres/actions';
import { pgEvents } from '../../server/store/postgres/events';
import type { PgExposureHooks, PgFunnelHooks, PgWebhookHooks } from '../../server/store/postgres/hooks';
import type { FunnelAction } from '../../server/services/analytics/funnel-rows';
import type { WebhookMessage } from '../../server/store/webhook-types';
import { migratePg } from '../../server/store/postgres/migrate';
import { impression, track, type RawEvent } from '../helpers/events';
import { storeKinds, tempPgDatabase } from '../helpers/stores';

// The hooks of ingest and one-click actions, as the funnel and exposure modules receive them: the events actually stored,
// in the order sent, inside the batch's transaction (so a failing hook stores nothing).

const T0 = Date.UTC(2026, 4, 10, 12);
const iso = (ms: number) => new Date(ms).toISOString();
const exposure = (o: RawEvent = {}) => Event.parse(impression({ type: 'exposure', trigger: 'usage', tier: undefined, ...o }));

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function database(): Promise<{ db: PgDb; env: string }> {
  const temp = await tempPgDatabase();
  const db = openPgDb(temp.url);
  cleanup.push(temp.drop, () => db.close());
  await migratePg(db);
  await db.run("INSERT INTO environments (id, name, publishable_key, secret_key_hash, created_at) VALUES ('env_1', 'Test', 'pk', 'h', 'x')");
  return { db, env: 'env_1' };
}

/** Funnel hooks that write nothing, for tests that watch only some of them. */
const noFunnelHooks: PgFunnelHooks = { async events() {}, async action() {}, async conversion() {} };

const count = async (sql: Sql) => (await sql.one<{ n: number }>('SELECT COUNT(*) AS n FROM events'))!.n;

describe.skipIf(!storeKinds.includes('postgres'))('PostgreSQL ingest hooks', () => {
  it('hand the hooks the stored events in the order sent, exposures with their clamped time, in the same transaction', async () => {
    const { db, env } = await database();
    const seen: string[] = [];
    const funnel: PgFunnelHooks = {
      ...noFunnelHooks,
      async events(sql, environmentId, events, receivedAt) {
        // Inside the batch's transaction: its rows are visible here.
        seen.push(`events ${environmentId} ${events.map((e) => e.id).join(',')} @${receivedAt} rows=${await count(sql)}`);
      },
    };
    const exposures: PgExposureHooks = {
      async exposed(_sql, environmentId, e: ExposureEvent, at) {
        seen.push(`exposed ${environmentId} ${e.id} @${at}`);
      },
      async converted() {},
    };
    const { insertEvents } = pgEvents(db, funnel, exposures);
    const old = Event.parse(track());
    await insertEvents(env, [old], T0);
    seen.length = 0;
    const ahead = exposure({ at: iso(T0 + 60_000) });
    const repeat = exposure({ at: iso(T0 - 60_000) }); // the same person, rule and day: a duplicate
    const third = Event.parse(track());
    expect(await insertEvents(env, [third, old, ahead, repeat], T0)).toEqual({ accepted: 2, duplicates: 2 });
    expect(seen).toEqual([`exposed ${env} ${ahead.id} @${T0}`, `events ${env} ${third.id},${ahead.id} @${T0} rows=3`]);
  });

  it('store nothing when a hook fails', async () => {
    const { db, env } = await database();
    const failing: PgFunnelHooks = {
      ...noFunnelHooks,
      async events() {
        throw new Error('funnel down');
      },
    };
    const { insertEvents } = pgEvents(db, failing, { async exposed() {}, async converted() {} });
    await expect(insertEvents(env, [Event.parse(track())], T0)).rejects.toThrow('funnel down');
    expect(await count(db)).toBe(0);
  });

  it("queue an action's webhook and count its funnel step only when the trial or request was created, in its transaction", async () => {
    const { db, env } = await database();
    const seen: string[] = [];
    const rows = async (sql: Sql) => (await sql.one<{ n: number }>('SELECT (SELECT COUNT(*) FROM trials) + (SELECT COUNT(*) FROM admin_requests) AS n'))!.n;
    const webhooks: PgWebhookHooks = {
      async enqueue(sql, environmentId, message, at) {
        seen.push(`webhook ${environmentId} ${message.type} @${at} rows=${await rows(sql)}`);
        return true;
      },
    };
    const funnel: PgFunnelHooks = {
      ...noFunnelHooks,
      async action(sql, environmentId, action) {
        seen.push(`action ${environmentId} ${action.ruleId} rows=${await rows(sql)}`);
      },
    };
    const actions = pgActions(db, webhooks, funnel);
    const message: WebhookMessage = { id: 'msg_1', type: 'trial.started', payload: '{}' };
    const step = (ruleId: string): FunnelAction => ({ ruleId, variant: null, tier: null, surface: 'modal', locale: null, trigger: null, at: T0 });
    await actions.startTrial(env, 'a1', 'pro', T0, T0 + 1000, message, step('try-pro'));
    await actions.startTrial(env, 'a1', 'pro', T0 + 1, T0 + 1000, message, step('try-pro'));
    const ask = { accountId: 'a1', userId: 'u1', ruleId: 'seats', role: null, note: null };
    await actions.requestAdmin(env, ask, T0 + 2, T0 - 1000, { ...message, type: 'admin_request.created' }, step('ask-admin'));
    await actions.requestAdmin(env, ask, T0 + 3, T0 - 1000, message, step('ask-admin'));
    expect(seen).toEqual([
      `webhook ${env} trial.started @${T0} rows=1`,
      `action ${env} try-pro rows=1`,
      `webhook ${env} admin_request.created @${T0 + 2} rows=2`,
      `action ${env} ask-admin rows=2`,
    ]);
  });
});
