// `npm run bench:seed [-- --file data/bench-analytics.db] [--accounts 50000] [--days 365] [--force]`: the analytics
// dataset (about 10 million events over 50,000 accounts and a year) in a SQLite file, written
// through the store's and the app's real write paths. A finished file with the same parameters is
// reused unless `--force`.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_PARAMS, seedFile } from './dataset/seed-file';

export const DEFAULT_DATASET_FILE = 'data/bench-analytics.db';

const { values } = parseArgs({
  options: { file: { type: 'string', default: DEFAULT_DATASET_FILE }, accounts: { type: 'string' }, days: { type: 'string' }, force: { type: 'boolean', default: false } },
});
const file = values.file;
/** A whole number above 0 from a flag, or the bench's own figure without it. */
function count(flag: 'accounts' | 'days'): number {
  const raw = values[flag];
  const n = raw === undefined ? BENCH_PARAMS[flag] : Number(raw);
  if (Number.isInteger(n) && n > 0) return n;
  console.error(`--${flag} must be a whole number above 0, not "${raw}"`);
  process.exit(2);
}
const accounts = count('accounts');
const days = count('days');
mkdirSync(dirname(file), { recursive: true });
const log = (line: string) => process.stdout.write(`${line}\n`);
log(`seeding ${file}: ${accounts.toLocaleString('en-US')} accounts over ${days} days${values.force ? ' (--force)' : ''}`);
const { manifest, reused } = await seedFile(file, { ...BENCH_PARAMS, accounts, days }, values.force, log);
const c = manifest.counts;
log(
  [
    reused ? `reused ${file} (seeded earlier in ${manifest.seconds.toFixed(0)} s; --force to rebuild)` : `seeded ${file} in ${manifest.seconds.toFixed(0)} s`,
    `  ${c.eventRows.toLocaleString('en-US')} events, ${c.conversion.toLocaleString('en-US')} conversions, ${c.subscription.toLocaleString('en-US')} Stripe subscription changes,`,
    `  ${c.trial.toLocaleString('en-US')} trials, ${c.admin.toLocaleString('en-US')} admin requests, ${c.state.toLocaleString('en-US')} state visits; ${(manifest.bytes / 2 ** 20).toFixed(0)} MiB`,
  ].join('\n'),
);
