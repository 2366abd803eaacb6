import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createApp } from '../server/http/app';
import type { Logger } from '../server/http/errors';
import { openSqliteStore } from '../server/store/sqlite';
import { datasetEnd, readManifest } from './dataset/seed-file';
import { int, median, table } from './report';

const WARMUP = 3;
const RUNS = Number(process.env['UPSHIFT_ANALYTICS_RUNS'] ?? 25);
const BUDGET_MS = 300;
const DAY = 86_400_000;

const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const month = (ms: number) => new Date(ms).toISOString().slice(0, 7);

/** The p-th percentile by nearest rank. */
const percentile = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};

/** The dashboards' typical questions on the dataset: the last 30 days, a quarter, the year. */
function queries(end: number): { label: string; path: string }[] {
  const to = day(end - DAY);
  const d30 = day(end - 30 * DAY);
  const d90 = day(end - 90 * DAY);
  const year = day(end - 365 * DAY);
  return [
    { label: 'funnel, 30 days, all rules', path: `/v1/analytics/funnel?from=${d30}&to=${to}` },
    { label: 'funnel, 90 days, by variant', path: `/v1/analytics/funnel?from=${d90}&to=${to}&by=variant` },
    { label: 'funnel, year, one rule by locale', path: `/v1/analytics/funnel?from=${year}&to=${to}&rule=api-ladder&by=locale` },
    // A filter and a breakdown on two different dimensions: the one-dimension sums cannot answer these.
    { label: 'funnel, year, by locale, tier p95', path: `/v1/analytics/funnel?from=${year}&to=${to}&by=locale&tier=p95` },
    { label: 'funnel, year, by surface, variant b', path: `/v1/analytics/funnel?from=${year}&to=${to}&by=surface&variant=b` },
    { label: 'experiments, 90 days (sequential)', path: `/v1/analytics/experiments?from=${d90}&to=${to}` },
    { label: 'experiments, year, fixed', path: `/v1/analytics/experiments?from=${year}&to=${to}&mode=fixed` },
    { label: 'revenue, 12 months', path: `/v1/analytics/revenue?from=${month(end - 365 * DAY)}&to=${month(end - DAY)}` },
    { label: 'revenue, 12 months by plan', path: `/v1/analytics/revenue?from=${month(end - 365 * DAY)}&to=${month(end - DAY)}&segment=plan` },
    { label: 'revenue, 12 months by trait', path: `/v1/analytics/revenue?from=${month(end - 365 * DAY)}&to=${month(end - DAY)}&segment=trait:industry` },
    { label: 'readiness, first page', path: '/v1/analytics/readiness' },
    { label: 'readiness, high band, by account', path: '/v1/analytics/readiness?band=high&sort=account&limit=100' },
    { label: 'readiness, CSV of the whole list', path: '/v1/analytics/readiness?format=csv' },
    { label: 'declines, 90 days', path: `/v1/analytics/declines?from=${d90}&to=${to}` },
  ];
}

/**
 * Each analytics endpoint on the seeded dataset (`npm run bench:seed`), through the real app
 * (`app.request`, secret key) in this process: median and p95 wall time of `RUNS` requests after
 * `WARMUP`, against the 300 ms budget. Without the dataset, says how to make it and skips.
 */
export async function analyticsBench(file: string): Promise<string> {
  const manifest = readManifest(file);
  if (!manifest || !existsSync(file)) {
    return `analytics: skipped, no dataset at ${file}. Seed it first (a few minutes, once): npm run bench:seed`;
  }
  const end = datasetEnd(manifest.params);
  const store = openSqliteStore(file);
  const app = createApp({ store, clock: () => end, logger: quiet, rateLimit: false });
  const headers = { authorization: `Bearer ${manifest.secretKey}` };
  try {
    const rows: string[][] = [['', 'median', 'p95', 'budget', 'within', 'bytes']];
    let worst = 0;
    // UPSHIFT_ANALYTICS_ONLY=funnel times only the queries whose label contains it (while working on one endpoint).
    const only = process.env['UPSHIFT_ANALYTICS_ONLY'];
    for (const q of queries(end).filter((x) => !only || x.label.includes(only))) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const t0 = performance.now();
        const res = await app.request(q.path, { headers });
        const body = await res.text();
        const ms = performance.now() - t0;
        if (res.status !== 200) throw new Error(`${q.path} answered ${res.status}: ${body.slice(0, 300)}`);
        bytes = body.length;
        if (i >= WARMUP) times.push(ms);
      }
      const p95 = percentile(times, 95);
      worst = Math.max(worst, p95);
      rows.push([q.label, `${int(median(times))} ms`, `${int(p95)} ms`, `${BUDGET_MS} ms`, p95 < BUDGET_MS ? 'yes' : 'NO', int(bytes)]);
    }
    const c = manifest.counts;
    return [
      `analytics endpoints on ${file}: ${int(c.eventRows)} events, ${int(manifest.params.accounts)} accounts, ${manifest.params.days} days, ${int(c.conversion + c.subscription)} revenue changes, ${int(c.state)} visits`,
      `  (seeded by npm run bench:seed in ${int(manifest.seconds)} s, ${int(manifest.bytes / 2 ** 20)} MiB)`,
      `  through app.request with a secret key, ${WARMUP} warm-up requests then ${RUNS} timed, wall time`,
      table(rows),
      `  slowest p95: ${int(worst)} ms (budget < ${BUDGET_MS} ms each)`,
    ].join('\n');
  } finally {
    await store.close();
  }
}
