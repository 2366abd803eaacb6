import { join } from 'node:path';
import { generateDataset, type DatasetParams } from '../../bench/dataset/generate';
import type { Item } from '../../bench/dataset/items';
import { openDatasetTarget } from '../../bench/dataset/target';
import { datasetWriter, type DatasetTarget } from '../../bench/dataset/writer';
import { tempDir } from './test-app';

const DAY = 86_400_000;

/** A small dataset: 300 accounts over 120 days, about 20,000 events, every visitor of the last 30 days visiting at the end. */
export const SMALL_DATASET: DatasetParams = {
  seed: 1601,
  accounts: 300,
  start: Date.UTC(2026, 4, 1),
  days: 120,
  activity: 0.31,
  stripeShare: 0,
  configVersion: 1,
  stateDays: 30,
};

export interface GeneratedDataset {
  target: DatasetTarget;
  /** Every item the generator made, in the order it was sent. */
  items: Item[];
  params: DatasetParams;
  /** Epoch ms just after the last day. */
  end: number;
  cleanup(): Promise<void>;
}

/**
 * Generates `params` into a fresh SQLite file through the real app only (POST /v1/events in
 * batches of 100, /v1/conversions, /v1/trials, /v1/admin-requests, /v1/state), keeping a copy of
 * everything sent so a test can work out the answers on its own.
 */
export async function generateThroughHttp(params: DatasetParams = SMALL_DATASET): Promise<GeneratedDataset> {
  const tmp = tempDir('upshift-kat-');
  // Commits are not synced: nothing here is about durability, and a visit is four transactions.
  const target = await openDatasetTarget(join(tmp.dir, 'upshift.db'), { durable: false });
  const writer = datasetWriter(target, 'http');
  const items: Item[] = [];
  await generateDataset({ ...params, configVersion: target.configVersion }, async (batch) => {
    items.push(...batch);
    await writer.sink(batch);
  });
  await writer.flush();
  const end = params.start + params.days * DAY;
  target.setClock(end);
  return {
    target,
    items,
    params,
    end,
    async cleanup() {
      await target.store.close();
      tmp.remove();
    },
  };
}
