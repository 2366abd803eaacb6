// `npm run bench:seed [-- --file data/bench-analytics.db] [--accounts 50000] [--force]`: the analytics
// dataset (about 10 million events over 50,000 accounts and a year) in a SQLite file, written
// through the store's and the app's real write paths. A finished file with the same parameters is
// reused unless `--force`.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_PARAMS, seedFile } from './dataset/seed-file';

export const DEFAULT_DATASET_FILE = 'data/bench-analytics.db';

const { values } = parseArgs({
  options: { file: { type: 'string', default: DEFAULT_DATASET_FILE }, accounts: { type: 'string' }, force: { type: 'boolean', default: false } },
});
const file = values.file;
const accounts = values.accounts === undefined ? BENCH_PARAMS.accounts : Number(values.accounts);
if (!Number.isInteger(accounts) || accounts < 1) {
  console.error(`--accounts must be a whole number above 0, not "${values.accounts}"`);
  process.exit(2);
}
mkdirSync(dirname(file), { recursive: true });
const log = (line: string) => process.stdout.write(`${line}\n`);
log(`seeding ${file}: ${accounts.toLocaleString('en-US')} accounts over ${BENCH_PARAMS.days} days${values.force ? ' (--force)' : ''}`);
const { manifest, reused } = await seedFile(file, { ...BENCH_PARAMS, accounts }, values.force, log);
const c = manifest.counts;
log(
  [
    reused ? `reused ${file} (seeded earlier in ${manifest.seconds.toFixed(0)} s; --force to rebuild)` : `seeded ${file} in ${manifest.seconds.toFixed(0)} s`,
    `  ${c.eventRows.toLocaleString('en-US')} events, ${c.conversion.toLocaleString('en-US')} conversions, ${c.subscription.toLocaleString('en-US')} Stripe subscription changes,`,
    `  ${c.trial.toLocaleString('en-US')} trials, ${c.admin.toLocaleString('en-US')} admin requests, ${c.state.toLocaleString('en-US')} state visits; ${(manifest.bytes / 2 ** 20).toFixed(0)} MiB`,
  ].join('\n'),
);
