import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDataset, type DatasetParams } from '../../bench/dataset/generate';
import { seedFile } from '../../bench/dataset/seed-file';
import { openDatasetTarget } from '../../bench/dataset/target';
import { datasetWriter, type WriteCounts } from '../../bench/dataset/writer';
import { SMALL_DATASET } from '../helpers/analytics-dataset';
import { tempDir, withReadonlyDb } from '../helpers/test-app';

// `npm run bench:seed` loads in bulk (large batches, many items per transaction) for speed; the
// analytics bench is only fair if that file holds exactly what the item-by-item path writes.

const PARAMS: DatasetParams = { ...SMALL_DATASET, accounts: 120, days: 75, stripeShare: 0.25, stateDays: 10 };
/** Events per batch: small, so the load spans many batches (transactions, as seeded) and month boundaries fall inside some. */
const BATCH = 1_500;

/**
 * Tables holding the environment's keys, config and set-up (made with random ids and the wall
 * clock before any item); every other table, raw rows and roll-ups alike, is compared, so a
 * roll-up added later is too.
 */
const SET_UP = new Set(['environments', 'secret_keys', 'audit_log', 'identity_settings', 'config_versions', 'schema_migrations', 'sqlite_sequence']);

/** Columns that differ between two files by construction: random ids (a conversion's among them) and the environment's own id. */
const RANDOM = new Set(['seq', 'id', 'environment_id', 'conversion_id']);

interface Loaded {
  counts: WriteCounts;
  tables: Record<string, { rows: number; sha: string }>;
  /** Every table's, index's and trigger's DDL, in name order. */
  schema: string[];
  integrity: string;
}

/** The old bulk path: small batches, each store call committing on its own, every index kept up as events arrive. */
async function loadItemByItem(file: string): Promise<WriteCounts> {
  const target = await openDatasetTarget(file, { durable: false });
  target.inOneTransaction = (write) => write();
  const writer = datasetWriter(target, 'bulk', BATCH);
  await generateDataset({ ...PARAMS, configVersion: target.configVersion }, writer.sink);
  await writer.flush();
  await target.store.close();
  return { ...writer.counts };
}

/** `npm run bench:seed`'s own path, with the same batches (they set the events' receipt times). */
async function loadAsSeeded(file: string): Promise<WriteCounts> {
  const { manifest } = await seedFile(file, PARAMS, true, () => {}, BATCH);
  return manifest.counts;
}

async function load(write: (file: string) => Promise<WriteCounts>): Promise<Loaded> {
  const tmp = tempDir('upshift-bulk-');
  const file = join(tmp.dir, 'upshift.db');
  try {
    const counts = await write(file);
    const [tables, schema, integrity] = withReadonlyDb(file, (db) => [
      Object.fromEntries(
        (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]).filter((t) => !SET_UP.has(t)).map((table) => {
          const columns = (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[]).filter((c) => !RANDOM.has(c));
          const rows = db.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}"`).raw().all().map((r) => JSON.stringify(r)).sort();
          return [table, { rows: rows.length, sha: createHash('sha256').update(rows.join('\n')).digest('hex') }];
        }),
      ),
      db.prepare("SELECT type || ' ' || name || ': ' || sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name").pluck().all() as string[],
      db.prepare('PRAGMA integrity_check').pluck().all().join('; '),
    ] as const);
    return { counts, tables, schema, integrity };
  } finally {
    tmp.remove();
  }
}

let itemByItem: Loaded;
let bulk: Loaded;

beforeAll(async () => {
  itemByItem = await load(loadItemByItem);
  bulk = await load(loadAsSeeded);
}, 60_000);

describe('the bench dataset loaded in bulk', () => {
  it('writes every kind of item', () => {
    for (const [kind, n] of Object.entries(itemByItem.counts)) expect(n, kind).toBeGreaterThan(0);
    for (const table of ['events', 'conversions', 'stripe_events', 'funnel_daily', 'exposure_cohorts', 'mrr_movements', 'account_readiness']) {
      expect(itemByItem.tables[table]!.rows, table).toBeGreaterThan(0);
    }
  });

  it('holds the same rows in every table, roll-ups included, as the item-by-item load', () => {
    expect(bulk.counts).toEqual(itemByItem.counts);
    expect(bulk.tables).toEqual(itemByItem.tables);
  });

  it('has the same tables and indexes, every index matching its table', () => {
    expect(bulk.schema.filter((s) => s.startsWith('index events_'))).toHaveLength(7);
    expect(bulk.schema).toEqual(itemByItem.schema);
    expect(bulk.integrity).toBe('ok');
    expect(itemByItem.integrity).toBe('ok');
  });
});
