import { expect, it } from 'vitest';
import { retentionCutoff, runRetention, DEFAULT_RETENTION_DAYS } from '../../server/services/retention';
import { localExclusive, type Exclusive } from '../../server/store/exclusive';
import type { PgDb } from '../../server/store/postgres/db';
import type { PostgresStore } from '../../server/store/postgres/store';
import { pgExclusive } from '../../server/store/postgres/exclusive';
import { Event } from '../../shared/schemas/event';
import { track } from '../helpers/events';
import { describeStores, type StoreKind } from '../helpers/stores';
import { newEnvironmentId, pairOpener, type StorePair } from '../helpers/store-pair';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 6, 1);

/** A promise and the function that settles it: the signal a test waits on instead of a clock. */
function signal<T = void>(): { promise: Promise<T>; fire(value: T): void } {
  let fire!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (fire = resolve));
  return { promise, fire };
}

interface Nodes {
  pair: StorePair;
  /** Each node's guard: on PostgreSQL over its own store's pool, as two processes have. */
  guards: [Exclusive, Exclusive];
  /** PostgreSQL's pools, to cut a node's connections. */
  pools: PgDb[];
}

async function nodes(kind: StoreKind): Promise<Nodes> {
  const pair = await pairOpener(kind)(() => NOW);
  if (kind === 'sqlite') {
    // One file is served by one process: its guard is that process's.
    const guard = localExclusive();
    return { pair, guards: [guard, guard], pools: [] };
  }
  const pools = [(pair.a as PostgresStore).db, (pair.b as PostgresStore).db];
  return { pair, guards: [pgExclusive(pools[0]!), pgExclusive(pools[1]!)], pools };
}

describeStores('one node at a time', ({ kind }) => {
  it('runs a job on one node while the other, trying at the same time, skips it; then either may run it', async () => {
    const { guards: [one, two] } = await nodes(kind);
    const started = signal();
    const release = signal();
    const first = one.runExclusive('retention', async () => {
      started.fire();
      await release.promise;
      return 'rolled up';
    });
    await started.promise;
    let ranSecond = false;
    expect(await two.runExclusive('retention', async () => (ranSecond = true))).toEqual({ status: 'skipped' });
    expect(ranSecond).toBe(false);
    // Another job is not held off by this one.
    expect(await two.runExclusive('analytics', async () => 'other job')).toEqual({ status: 'ran', value: 'other job' });
    release.fire();
    expect(await first).toEqual({ status: 'ran', value: 'rolled up' });
    expect(await two.runExclusive('retention', async () => 'second')).toEqual({ status: 'ran', value: 'second' });
  });

  it('releases the job when the run fails', async () => {
    const { guards: [one, two] } = await nodes(kind);
    await expect(one.runExclusive('retention', async () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    expect(await two.runExclusive('retention', async () => 1)).toEqual({ status: 'ran', value: 1 });
  });

  it('reports the retention run skipped while another node rolls up, and rolls up once it is free', async () => {
    const { pair, guards: [one, two] } = await nodes(kind);
    const env = await newEnvironmentId(pair.a);
    await pair.a.insertEvents(env, [Event.parse(track({ at: new Date(NOW - 200 * DAY).toISOString() }))], NOW - 200 * DAY);
    const started = signal();
    const release = signal();
    const holder = one.runExclusive('retention', async () => {
      started.fire();
      await release.promise;
    });
    await started.promise;
    const job = { store: pair.b, days: DEFAULT_RETENTION_DAYS, clock: () => NOW, exclusive: two };
    expect(await runRetention(job)).toEqual({ status: 'skipped' });
    expect(await pair.read('SELECT event_id FROM events')).toHaveLength(1);
    release.fire();
    await holder;
    expect(retentionCutoff(NOW, DEFAULT_RETENTION_DAYS)).toBeGreaterThan(NOW - 200 * DAY);
    expect(await runRetention(job)).toEqual({ status: 'ran', events: 1 });
  });

  if (kind === 'postgres') {
    it('frees the job when the node running it dies (its session ends)', async () => {
      const { guards: [one, two], pools } = await nodes(kind);
      const started = signal();
      const dying = one.runExclusive('retention', async () => {
        started.fire();
        // The node's connection is cut mid-run, as when its process is killed. The timeout makes the
        // call wait until that backend has exited, and with it released the lock (PostgreSQL 14+).
        await pools[1]!.run(
          `SELECT pg_terminate_backend(pid, 10000) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        );
      });
      await started.promise;
      await dying.catch(() => undefined);
      expect(await two.runExclusive('retention', async () => 'took over')).toEqual({ status: 'ran', value: 'took over' });
    });
  }
});

