// `npm run bench`: throughput ratios against baselines measured in the same run. Nothing here
// asserts on timing; the report is for reading next to the budgets in ARCHITECTURE.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startServer, type ServerChild } from './child';
import { analyticsBench } from './analytics-bench';
import { configBench } from './config-bench';
import { engineBench } from './engine-bench';
import { ingestBench } from './ingest-bench';
import { postgresBench } from './postgres-bench';
import { promptBench } from './prompt-bench';
import { reachBench } from './reach-bench';

const t0 = performance.now();
const dir = mkdtempSync(join(tmpdir(), 'upshift-bench-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

// `npm run bench -- config` runs only the sections named; no names run them all.
const only = new Set(process.argv.slice(2));
const wanted = (section: string) => only.size === 0 || only.has(section);

const cpu = cpus();
console.log('Upshift benchmarks: ratios against baselines measured in this run (nothing is asserted)');
console.log(`machine: ${cpu[0]?.model.trim() ?? 'unknown cpu'}, ${cpu.length} cores, node ${process.version}, ${process.platform} ${process.arch}`);
console.log('each server runs in its own process; the load generator (node:http, keep-alive) runs in this one\n');

let full: ServerChild | undefined;
let pages: ServerChild | undefined;
try {
  if (wanted('engine')) console.log(`${await engineBench()}\n`);
  if (wanted('reach')) console.log(`${await reachBench(dir)}\n`);
  if (wanted('config') || wanted('ingest') || wanted('postgres')) full = await startServer('full-server.ts', { UPSHIFT_BENCH_DIR: dir });
  if (full && wanted('config')) console.log(`${await configBench(full, dir)}\n`);
  if (full && wanted('ingest')) console.log(`${await ingestBench(full, dir)}\n`);
  if (full && wanted('postgres')) console.log(`${await postgresBench(full, dir)}\n`);
  if (wanted('prompt')) {
    pages = await startServer('page-server.ts', { UPSHIFT_BENCH_DIR: dir });
    console.log(`${await promptBench(pages)}\n`);
  }
  // The analytics dataset is seeded once by `npm run bench:seed` (minutes); this section only reads it.
  if (wanted('analytics')) console.log(`${await analyticsBench(process.env['UPSHIFT_ANALYTICS_DB'] ?? 'data/bench-analytics.db')}\n`);
  console.log(`done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
} catch (e) {
  console.error(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exitCode = 1;
} finally {
  await full?.stop();
  await pages?.stop();
}
