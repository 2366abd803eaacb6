import type Database from 'better-sqlite3';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { DatasetParams } from './generate';
import { generateInWorker } from './generate-worker';
import { openDatasetTarget } from './target';
import { datasetWriter, type WriteCounts } from './writer';

const DAY = 86_400_000;

/** The bench's year: 50,000 accounts and about 10 million events, ending on 2026-11-01. */
export const BENCH_PARAMS: DatasetParams = {
  seed: 16,
  accounts: 50_000,
  start: Date.UTC(2025, 10, 1),
  days: 365,
  activity: 0.37,
  stripeShare: 0.2,
  configVersion: 1,
  stateDays: 7,
};

export const datasetEnd = (p: DatasetParams): number => p.start + p.days * DAY;

/** What `<file>.json` records once a seed finished: a file without it is an interrupted seed. */
export interface SeedManifest {
  params: DatasetParams;
  environmentId: string;
  secretKey: string;
  counts: WriteCounts;
  seconds: number;
  bytes: number;
}

export const manifestFile = (file: string): string => `${file}.json`;

export function readManifest(file: string): SeedManifest | null {
  if (!existsSync(file) || !existsSync(manifestFile(file))) return null;
  return JSON.parse(readFileSync(manifestFile(file), 'utf8')) as SeedManifest;
}

const sameParams = (a: DatasetParams, b: DatasetParams): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Builds the dataset file, or reuses it when a finished seed with the same parameters is there
 * (unless `force`). A half-written file (no manifest) is deleted and built again. `bulkRows` is
 * the events per batch (and transaction): a test makes it small.
 */
export async function seedFile(file: string, params: DatasetParams, force: boolean, log: (line: string) => void, bulkRows = 50_000): Promise<{ manifest: SeedManifest; reused: boolean }> {
  const existing = readManifest(file);
  if (existing && !force && sameParams(existing.params, params)) return { manifest: existing, reused: true };
  for (const f of [file, `${file}-wal`, `${file}-shm`, manifestFile(file)]) rmSync(f, { force: true });

  const t0 = performance.now();
  // 2 GiB of page cache, a journal in memory and unsynced commits: the indexes stay in memory,
  // each page is written once per transaction, and nothing waits for the disk. Temporary data (the
  // savepoints' journals, the sort that builds the late indexes) stays in memory too, and that
  // sort uses the second core, free again once the generator is done.
  const onOpen = (db: Database.Database) => {
    db.pragma('temp_store = MEMORY');
    db.pragma('threads = 2');
  };
  const target = await openDatasetTarget(file, { cacheMiB: 2048, durable: false, journal: 'memory', onOpen });
  const buildIndexes = target.deferEventIndexes();
  const writer = datasetWriter(target, 'bulk', bulkRows);
  const seconds = () => ((performance.now() - t0) / 1000).toFixed(0);
  await generateInWorker({ ...params, configVersion: target.configVersion }, writer.sink, (done, total) => {
    log(`  month ${done}/${total}: ${writer.counts.eventRows.toLocaleString('en-US')} events, ${(writer.counts.conversion + writer.counts.subscription).toLocaleString('en-US')} revenue changes, ${seconds()} s`);
  });
  await writer.flush();
  const indexing = performance.now();
  buildIndexes();
  log(`  events' remaining indexes built in ${((performance.now() - indexing) / 1000).toFixed(0)} s`);
  await target.store.close();
  const bytes = ['', '-wal'].reduce((n, s) => n + (existsSync(file + s) ? statSync(file + s).size : 0), 0);
  const manifest: SeedManifest = { params, environmentId: target.environmentId, secretKey: target.secretKey, counts: writer.counts, seconds: (performance.now() - t0) / 1000, bytes };
  writeFileSync(manifestFile(file), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return { manifest, reused: false };
}
