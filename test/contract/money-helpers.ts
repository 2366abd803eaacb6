import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach } from 'vitest';
import { secretBox } from '../../server/infra/secrets/box';
import { newMasterKey } from '../../server/infra/secrets/master-key';
import { openSqliteStore } from '../../server/store/sqlite';
import { openPostgresStore, type PostgresStore } from '../../server/store/postgres/store';
import type { AttributionWindow } from '../../server/store/conversion-types';
import type { RevenueRollup } from '../../server/store/revenue-types';
import type { Store } from '../../server/store/types';
import { tempPgDatabase, type StoreKind } from '../helpers/stores';

/** 2026-11-22 12:00 UTC. */
export const T0 = Date.UTC(2026, 10, 22, 12);
export const MIN = 60_000;

/** A rollup that moves nothing: these cases are about conversions, not the revenue scoreboard. */
export const noRollup: RevenueRollup = () => ({ movements: [], months: [] });

export const window = (since: number, over: Partial<AttributionWindow> = {}): AttributionWindow => ({
  since,
  credit: true,
  impressions: true,
  holdout: { global: false, rules: [] },
  ...over,
});

/**
 * A live environment's id. Through the store's own `createEnvironment` where it has one; the
 * PostgreSQL store gets that method from another branch of issue 17, so until then its row is
 * written directly (the columns every environment needs, nothing more).
 */
export async function seedEnvironment(store: Store): Promise<string> {
  if (typeof store.createEnvironment === 'function') return (await store.createEnvironment({ name: 'Production', allowedOrigins: [] })).environment.id;
  const id = `env_${randomUUID()}`;
  await (store as PostgresStore).db.run(
    `INSERT INTO environments (id, name, publishable_key, secret_key_hash, created_at) VALUES ($1, 'Production', $2, $3, $4)`,
    [id, `pk_${randomUUID()}`, `h_${randomUUID()}`, new Date(T0).toISOString()],
  );
  return id;
}

export interface PromptEvent {
  type: 'click' | 'impression';
  at: number;
  accountId?: string;
  ruleId?: string;
  variant?: string;
}

/** Stores prompt events as ingestion would (through `insertEvents`, or directly while the PostgreSQL store has none yet). */
export async function seedPromptEvents(store: Store, env: string, events: readonly PromptEvent[]): Promise<void> {
  const full = events.map((e) => ({
    id: randomUUID(),
    type: e.type,
    at: new Date(e.at).toISOString(),
    userId: 'u1',
    accountId: e.accountId ?? 'acct-1',
    ruleId: e.ruleId ?? 'ladder',
    tier: 'p85',
    surface: 'banner',
    variant: e.variant ?? 'b',
  }));
  if (typeof store.insertEvents === 'function') {
    await store.insertEvents(env, full, T0 + 365 * 86_400_000);
    return;
  }
  for (const [i, e] of full.entries()) {
    await (store as PostgresStore).db.run(
      `INSERT INTO events (environment_id, event_id, type, user_id, account_id, rule_id, tier, variant, surface, occurred_at, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
      [env, e.id, e.type, e.userId, e.accountId, e.ruleId, e.tier, e.variant, e.surface, events[i]!.at],
    );
  }
}

/**
 * Two stores of `kind` over ONE database (one file, or one PostgreSQL database), as two nodes
 * would have, closed and removed after the test.
 */
export function twoStores(): (kind: StoreKind) => Promise<[Store, Store]> {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });
  return async (kind) => {
    if (kind === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'upshift-two-'));
      const box = secretBox(newMasterKey());
      const a = openSqliteStore(join(dir, 'upshift.db'), { secrets: box });
      const b = openSqliteStore(join(dir, 'upshift.db'), { secrets: box });
      cleanups.push(async () => {
        await a.close();
        await b.close();
        rmSync(dir, { recursive: true, force: true });
      });
      return [a, b];
    }
    const database = await tempPgDatabase();
    const box = secretBox(newMasterKey());
    const a = await openPostgresStore(database.url, { secrets: box });
    const b = await openPostgresStore(database.url, { secrets: box });
    cleanups.push(async () => {
      await a.close();
      await b.close();
      await database.drop();
    });
    return [a, b];
  };
}
