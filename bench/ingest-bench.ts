import type { ServerChild } from './child';
import { eventRow } from '../server/store/sqlite';
import { makeBatches, seeded } from './events';
import { measure, type Round } from './measure';
import { openRawInserter } from './raw-sqlite';
import { int, median, pct, range, ratio, table } from './report';

const BATCH = 50;
const CONCURRENCY = 8;
const ROUNDS = 3;
const ROUND_MS = 3_000;
const WARMUP_BATCHES = 60;
const MAX_BATCHES_PER_ROUND = 4_000;

/** POST /v1/events with batches of 50 against raw better-sqlite3 inserts of the very same rows. */
export async function ingestBench(full: ServerChild, dir: string): Promise<string> {
  const raw = await openRawInserter(dir);
  try {
    const rand = seeded(5);
    const receivedAt = Date.now();
    const headers = { 'x-upshift-key': full.publishableKey!, 'content-type': 'application/json' };

    /** Builds every body and row before the clock starts; sends over HTTP, then inserts the rows that were sent. */
    const round = async (batchCount: number, durationMs: number) => {
      const batches = makeBatches(batchCount, BATCH, rand, Date.now());
      const bodies = batches.map((events) => Buffer.from(JSON.stringify({ events })));
      const rows = batches.map((events) => events.map((e) => eventRow(raw.environmentId, e, receivedAt)));
      const http = await measure(
        full,
        {
          port: full.port,
          method: 'POST',
          path: '/v1/events',
          headers,
          concurrency: CONCURRENCY,
          durationMs,
          maxRequests: batchCount,
          bodies,
          expectStatus: 200,
          checkBody: (text) => (JSON.parse(text) as { accepted: number }).accepted === BATCH,
        },
        BATCH,
      );
      const inserted = raw.insert(rows.slice(0, http.sent));
      return { http, raw: { perSecond: inserted.rows / inserted.seconds, microsPerRow: inserted.cpuMicros / inserted.rows, rows: inserted.rows } };
    };

    // The warm-up also sizes the rounds, so slow machines do not build batches they never send.
    const warm = await round(WARMUP_BATCHES, 30_000);
    if (warm.http.failed > 0) throw new Error(`POST /v1/events failed during warm-up: ${warm.http.firstFailure}`);
    const perRound = Math.max(20, Math.min(MAX_BATCHES_PER_ROUND, Math.ceil(((warm.http.perSecond / BATCH) * ROUND_MS * 1.5) / 1000)));
    const h: Round[] = [];
    const r: { perSecond: number; microsPerRow: number }[] = [];
    let rows = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const x = await round(perRound, ROUND_MS);
      h.push(x.http);
      r.push(x.raw);
      rows += x.raw.rows;
    }
    const rawRate = median(r.map((x) => x.perSecond));
    const rawMicros = median(r.map((x) => x.microsPerRow));
    const httpRate = median(h.map((x) => x.perSecond));
    const httpMicros = median(h.map((x) => x.serverMicrosPerOp));

    const failures = h.filter((x) => x.failed > 0);
    return [
      `POST /v1/events: batches of ${BATCH}, ${CONCURRENCY} in flight over HTTP, median of ${ROUNDS} rounds (≤ ${ROUND_MS / 1000} s each, ${int(rows)} rows in all)`,
      table([
        ['', 'rows/s', '(min–max)', 'server CPU', 'CPU µs/row', 'client CPU'],
        ['raw better-sqlite3, same rows', int(rawRate), `(${range(r.map((x) => x.perSecond))})`, '', int(rawMicros), ''],
        [
          'HTTP, full app',
          int(httpRate),
          `(${range(h.map((x) => x.perSecond))})`,
          pct(median(h.map((x) => x.serverCpu))),
          int(httpMicros),
          pct(median(h.map((x) => x.clientCpu))),
        ],
      ]),
      `  ratio HTTP/raw by rows/s:           ${ratio(httpRate / rawRate)}   (budget ≥ 0.6)`,
      `  ratio HTTP/raw by CPU per row:      ${ratio(rawMicros / httpMicros)}   (raw µs/row ÷ server µs/row)`,
      ...failures.map((x) => `  ! ${x.failed} failed requests in a round, first: ${x.firstFailure}`),
    ].join('\n');
  } finally {
    raw.close();
  }
}
