import { afterEach, describe, expect, it } from 'vitest';
import { Event, type ExposureEvent } from '../../shared/schemas/event';
import { openPgDb, type PgDb, type Sql } from '../../server/store/postgres/db';
import { pgEvents } from '../../server/store/postgres/events';
import type { PgExposureHooks, PgFunnelHooks } from '../../server/store/postgres/hooks';
import { noFunnelHooks } from '../../server/store/postgres/hook-stand-ins';
import { migratePg } from '../../server/store/postgres/migrate';
import { impression, track, type RawEvent } from '../helpers/events';
import { storeKinds, tempPgDatabase } from '../helpers/stores';

// The ingest's hooks, as the funnel and exposure modules receive them: the events actually stored,
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
});
