import type { OutgoingHttpHeaders } from 'node:http';
import { startServer, type ServerChild } from './child';
import { measure, type Round } from './measure';
import type { BareInit } from './protocol';
import { int, median, pct, range, ratio, table } from './report';

const CONCURRENCY = 32;
const ROUNDS = 5;
const ROUND_MS = 2_000;
const ROUND_304_MS = 1_500;
const WARMUP_MS = 1_000;
const MAX_REQUESTS = 1_000_000;
/** Transport headers differ per response by nature; every other header must match. */
const TRANSPORT = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

async function fetchConfig(port: number, key: string, etag?: string) {
  const res = await fetch(`http://127.0.0.1:${port}/v1/config`, {
    headers: { 'x-upshift-key': key, ...(etag ? { 'if-none-match': etag } : {}) },
  });
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!TRANSPORT.has(name)) headers[name] = value;
  });
  return { status: res.status, headers, body: await res.text() };
}

const sameAnswer = (a: Awaited<ReturnType<typeof fetchConfig>>, b: Awaited<ReturnType<typeof fetchConfig>>) =>
  a.status === b.status && a.body === b.body && JSON.stringify(Object.entries(a.headers).sort()) === JSON.stringify(Object.entries(b.headers).sort());

/** GET /v1/config through the full app against a bare Hono handler serving the same bytes, each in its own process. */
export async function configBench(full: ServerChild, dir: string): Promise<string> {
  const key = full.publishableKey!;
  const real = await fetchConfig(full.port, key);
  if (real.status !== 200) throw new Error(`GET /v1/config answered ${real.status}: ${real.body}`);
  const etag = real.headers.etag!;
  const real304 = await fetchConfig(full.port, key, etag);
  const init: BareInit = { type: 'init', body: real.body, headers: real.headers, headers304: real304.headers, etag };
  const bare = await startServer('bare-server.ts', { UPSHIFT_BENCH_DIR: dir }, init);
  try {
    const same = sameAnswer(real, await fetchConfig(bare.port, key)) && sameAnswer(real304, await fetchConfig(bare.port, key, etag));

    const headers: OutgoingHttpHeaders = { 'x-upshift-key': key, accept: 'application/json' };
    const headers304: OutgoingHttpHeaders = { ...headers, 'if-none-match': etag };
    const load = (server: ServerChild, durationMs: number, notModified: boolean) =>
      measure(server, {
        port: server.port,
        method: 'GET',
        path: '/v1/config',
        headers: notModified ? headers304 : headers,
        concurrency: CONCURRENCY,
        durationMs,
        maxRequests: MAX_REQUESTS,
        expectStatus: notModified ? 304 : 200,
      });

    // Alternating order per round cancels slow drift (thermal, noisy neighbours) between the two.
    const rounds = async (durationMs: number, notModified: boolean) => {
      await load(bare, WARMUP_MS, notModified);
      await load(full, WARMUP_MS, notModified);
      const b: Round[] = [];
      const f: Round[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        if (i % 2 === 0) {
          b.push(await load(bare, durationMs, notModified));
          f.push(await load(full, durationMs, notModified));
        } else {
          f.push(await load(full, durationMs, notModified));
          b.push(await load(bare, durationMs, notModified));
        }
      }
      return { b, f };
    };
    const ok = await rounds(ROUND_MS, false);
    const nm = await rounds(ROUND_304_MS, true);

    const med = (rs: Round[], pick: (r: Round) => number) => median(rs.map(pick));
    const row = (name: string, rs: Round[]) => [
      name,
      int(med(rs, (r) => r.perSecond)),
      `(${range(rs.map((r) => r.perSecond))})`,
      pct(med(rs, (r) => r.serverCpu)),
      int(med(rs, (r) => r.serverMicrosPerOp)),
      pct(med(rs, (r) => r.clientCpu)),
    ];
    const rps = (x: { b: Round[]; f: Round[] }) => med(x.f, (r) => r.perSecond) / med(x.b, (r) => r.perSecond);
    const cpu = (x: { b: Round[]; f: Round[] }) => med(x.b, (r) => r.serverMicrosPerOp) / med(x.f, (r) => r.serverMicrosPerOp);
    const bareCpu = med(ok.b, (r) => r.serverCpu);
    const failures = [...ok.b, ...ok.f, ...nm.b, ...nm.f].filter((r) => r.failed > 0);
    return [
      `GET /v1/config over HTTP: ${CONCURRENCY} in flight, median of ${ROUNDS} alternating rounds of ${ROUND_MS / 1000} s (304: ${ROUND_304_MS / 1000} s)`,
      table([
        ['', 'req/s', '(min–max)', 'server CPU', 'server µs/req', 'client CPU'],
        row('200  bare Hono, same bytes', ok.b),
        row('200  full app', ok.f),
        row('304  bare Hono', nm.b),
        row('304  full app', nm.f),
      ]),
      `  ratio full/bare by req/s:               200: ${ratio(rps(ok))}   304: ${ratio(rps(nm))}   (budget ≥ 0.8)`,
      `  ratio full/bare by server CPU per req:  200: ${ratio(cpu(ok))}   304: ${ratio(cpu(nm))}`,
      ...(bareCpu < 0.85
        ? [`  note: the bare server was not saturated (${pct(bareCpu)} CPU), so the req/s ratio flatters the full app; trust the CPU ratio more`]
        : []),
      `  same answer from both servers (${int(Buffer.byteLength(real.body))} B body, status, headers but date/length): ${same ? 'yes' : 'NO, the baseline is not comparable'}`,
      ...failures.map((r) => `  ! ${r.failed} failed requests in a round, first: ${r.firstFailure}`),
    ].join('\n');
  } finally {
    await bare.stop();
  }
}
