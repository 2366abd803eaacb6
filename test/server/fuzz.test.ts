import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContent, publish } from '../../server/demo/seed';
import { openSqliteStore } from '../../server/store/sqlite';
import { ApiErrorBody } from '../../shared/schemas/error';
import { startAppProcess, STAND_IN_ASSETS, type AppProcess } from '../helpers/app-process';
import { impression } from '../helpers/events';
import { seeded } from '../helpers/random';
import { APP_ORIGIN, tempDir, withReadonlyDb } from '../helpers/test-app';
import { sendAll, wireClient, type WireClient, type WireResponse } from '../helpers/wire-client';
import { ENDPOINTS, fixedCases, hostileRequest, isRead, type Endpoint, type FuzzCase } from './fuzz-endpoints';
import { chance, type Rand } from './fuzz-inputs';
import { forwardedFor, type Keys } from './fuzz-requests';

/**
 * Fixed so a failure replays exactly; FUZZ_ONLY (an endpoint's name, as printed) replays one
 * endpoint alone. FUZZ_SEED, FUZZ_N (requests per endpoint), FUZZ_SOCKETS (connections, and
 * requests in flight) and FUZZ_LIMITED_N explore further. Keep any input that failed as a test.
 */
const SEED = Number(process.env['FUZZ_SEED'] ?? 0x5eed_0005);
const ONLY = process.env['FUZZ_ONLY'];
const only = (e: Endpoint) => ONLY === undefined || e.name === ONLY;
const PER_ENDPOINT = Number(process.env['FUZZ_N'] ?? 10_000);
const SOCKETS = Number(process.env['FUZZ_SOCKETS'] ?? 32);
const LIMITED_N = Number(process.env['FUZZ_LIMITED_N'] ?? 2_000);
/**
 * App processes for the main run, each the whole app over the same database. The server side is
 * what runs out of CPU first (the client needs about half a core), and one Node process uses one
 * core: with two, the run takes about a quarter less on two cores.
 */
const REPLICAS = Number(process.env['FUZZ_REPLICAS'] ?? 2);
const BULK_SOCKETS = 4;
const RATE_LIMIT = { limit: 100, windowMs: 60_000 };
const STRIPE_SECRET = 'whsec_fuzzFUZZfuzz0123456789';
/** The routes behind the rate limiter. */
const LIMITED = new Set(['GET /v1/state', 'POST /v1/state', 'POST /v1/events', 'POST /v1/trials', 'POST /v1/admin-requests']);

let tmp: ReturnType<typeof tempDir>;
let file: string;
let apps: AppProcess[];
let keys: Keys;
let open: WireClient[];
/**
 * The fixed cases go on connections of their own: the server answers a multi-megabyte body before
 * reading it, and closes the connection when draining the rest takes over 500 ms
 * (@hono/node-server), which would reset a request queued behind it on the same connection.
 */
let bulk: WireClient;
let limited: WireClient;
let before: ReturnType<typeof stored>;

/**
 * Rows per table and a digest of their content, read by a second connection: what the server
 * really stored. The digest also catches a row changed in place, which a count would miss.
 */
function stored(): Record<string, { rows: number; digest: string }> {
  return withReadonlyDb(file, (db) => {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'schema_migrations' ORDER BY name").all() as { name: string }[];
    return Object.fromEntries(
      tables.map(({ name }) => {
        // Sorted here: some tables have no rowid to order by.
        // A secret key's last use is bookkeeping of a call that was let in, not data a request carried.
        const select = name === 'secret_keys' ? 'SELECT id, environment_id, name, key_hash, prefix, created_at, revoked_at FROM secret_keys' : `SELECT * FROM "${name}"`;
        const rows = db.prepare(select).raw().all().map((row) => JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)));
        return [name, { rows: rows.length, digest: createHash('sha256').update(rows.sort().join('\n')).digest('hex') }];
      }),
    );
  });
}

beforeAll(async () => {
  tmp = tempDir('upshift-fuzz-');
  file = join(tmp.dir, 'upshift.db');
  const store = openSqliteStore(file);
  const { environment, secretKey } = await store.createEnvironment({ name: 'Fuzz', allowedOrigins: [APP_ORIGIN] });
  await publish(store, environment.id, demoContent);
  await store.putStripeSecret(environment.id, STRIPE_SECRET, Date.now());
  await store.close();
  const demoKey = environment.publishableKey;
  // The limiter off for the main run; on, behind a trusted proxy, for the second, in the first process.
  const unlimited = { file, demoKey, rateLimit: false, trustProxy: false } as const;
  apps = await Promise.all(Array.from({ length: REPLICAS }, (_, i) => startAppProcess(i === 0 ? [unlimited, { file, demoKey, rateLimit: RATE_LIMIT, trustProxy: true }] : [unlimited])));
  open = apps.map((app) => wireClient(app.urls[0]!, Math.ceil(SOCKETS / REPLICAS)));
  bulk = wireClient(apps[0]!.urls[0]!, BULK_SOCKETS);
  limited = wireClient(apps[0]!.urls[1]!, SOCKETS);
  keys = {
    publishable: environment.publishableKey,
    secret: secretKey,
    environmentId: environment.id,
    stripeSecret: STRIPE_SECRET,
    origin: APP_ORIGIN,
    ruleIds: new Set(demoContent.rules.map((rule) => rule.id)),
    assets: STAND_IN_ASSETS,
  };
  before = stored();
}, 30_000);

afterAll(async () => {
  for (const client of [...(open ?? []), bulk]) client?.close();
  limited?.close();
  await Promise.all((apps ?? []).map((app) => app.stop()));
  tmp?.remove();
});

/** The app processes' reports together: CPU summed, the rest listed. */
async function serverReport() {
  const reports = await Promise.all(apps.map((app) => app.report()));
  return {
    errors: reports.flatMap((r) => r.errors),
    polluted: reports.flatMap((r) => r.polluted),
    rssMb: reports.map((r) => Math.round(r.rss / 2 ** 20)),
    cpuMs: reports.reduce((sum, r) => sum + r.cpuMs, 0),
  };
}

/** What went wrong with one answer, or null when it kept the contract. */
function problem(res: WireResponse): string | null {
  if (res.status === 0) return res.body;
  if (res.status >= 500) return `status ${res.status}: ${res.body.slice(0, 500)}`;
  if (res.status < 400) return null;
  if (res.truncated) return `status ${res.status}, but the connection closed before the whole body arrived`;
  const type = res.headers['content-type'] ?? '';
  if (!/^application\/json/.test(type)) return `status ${res.status} with content-type ${type}`;
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    return `status ${res.status} with a body that is not JSON: ${res.body.slice(0, 200)}`;
  }
  if (!ApiErrorBody.safeParse(json).success || Object.keys(json as object).join() !== 'error') return `status ${res.status} with body ${res.body.slice(0, 200)}`;
  return null;
}

const describeInput = ({ request }: FuzzCase) => {
  const { body } = request;
  const text = body === undefined ? '' : typeof body === 'string' ? body : `bytes ${Buffer.from(body).toString('base64')}`;
  return JSON.stringify({ ...request, path: request.path.slice(0, 500), body: text.slice(0, 2_000), bodyLength: body?.length ?? 0 });
};

/** Statuses per endpoint, and what broke the contract (the first 20 of each kind). */
function findings() {
  const statuses = new Map<string, Map<number, number>>();
  const times = new Map<string, string>();
  const failures: string[] = [];
  const accepted: string[] = [];
  let requests = 0;
  let retried = 0;
  return {
    failures,
    accepted,
    get requests() {
      return requests;
    },
    get retried() {
      return retried;
    },
    /** Records one answer to a request to `e`; `extra` adds checks of its own. */
    record(e: Endpoint, item: FuzzCase, res: WireResponse, i: number, extra?: (res: WireResponse) => string | null) {
      const seen = statuses.get(e.name) ?? statuses.set(e.name, new Map()).get(e.name)!;
      seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
      requests++;
      retried += res.retried;
      const at = `${e.name} #${i}`;
      const wrong = problem(res) ?? extra?.(res) ?? (item.expect !== undefined && res.status !== item.expect ? `status ${res.status}, expected ${item.expect}` : null);
      if (wrong && failures.length < 20) failures.push(`${at}: ${wrong}\n  input: ${describeInput(item)}`);
      if (res.status < 400 && !isRead(e) && accepted.length < 20) accepted.push(`${at}: ${res.status}\n  input: ${describeInput(item)}`);
    },
    time(e: Endpoint, ms: number, serverMs: number) {
      times.set(e.name, `${String(Math.round(ms)).padStart(6)} ms (server CPU ${String(serverMs).padStart(5)} ms)`);
    },
    histogram(): string {
      return [...statuses]
        .map(([name, seen]) => {
          const counts = [...seen].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
          return `  ${name.padEnd(42)} ${times.get(name)}  ${counts.join(' ')}`;
        })
        .join('\n');
    },
    statuses,
  };
}

/** Each endpoint's own seed, so FUZZ_ONLY can replay one endpoint's inputs exactly (FNV-1a of the name). */
function seedFor(seed: number, e: Endpoint): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < e.name.length; i++) h = Math.imul(h ^ e.name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Sends `count` generated requests to `e` (plus its fixed cases when `fixed`), recording every answer. */
async function fuzz(clients: readonly WireClient[], e: Endpoint, seed: number, count: number, found: ReturnType<typeof findings>, options: { fixed?: boolean; tweak?: (r: Rand, c: FuzzCase) => void; extra?: (res: WireResponse) => string | null } = {}) {
  const r = seeded(seedFor(seed, e));
  const t0 = performance.now();
  const cpu0 = (await serverReport()).cpuMs;
  const fixed = options.fixed ? fixedCases(r, e, keys) : [];
  await Promise.all([
    sendAll(
      clients,
      count,
      SOCKETS,
      () => {
        const item = hostileRequest(r, e, keys);
        options.tweak?.(r, item);
        return item;
      },
      (item, res, i) => found.record(e, item, res, i, options.extra),
    ),
    sendAll([bulk], fixed.length, BULK_SOCKETS, (i) => fixed[i]!, (item, res, i) => found.record(e, item, res, count + i)),
  ]);
  found.time(e, performance.now() - t0, (await serverReport()).cpuMs - cpu0);
}

describe(`fuzzing every public endpoint over HTTP (seed ${SEED})`, () => {
  it(`answers ${PER_ENDPOINT} hostile requests to each of ${ENDPOINTS.length} endpoints with no 5xx, the error shape, and no write accepted`, async () => {
    const found = findings();
    const started = performance.now();
    const cpu = process.cpuUsage();
    const serverCpu = (await serverReport()).cpuMs;
    for (const e of ENDPOINTS.filter(only)) await fuzz(open, e, SEED, PER_ENDPOINT, found, { fixed: true });
    const seconds = (performance.now() - started) / 1000;
    const { user, system } = process.cpuUsage(cpu);
    const server = await serverReport();
    console.info(
      `fuzz seed ${SEED}: ${found.requests} requests in ${seconds.toFixed(1)} s (${Math.round(found.requests / seconds)}/s; CPU ${((user + system) / 1e6).toFixed(1)} s here, ` +
        `${((server.cpuMs - serverCpu) / 1000).toFixed(1)} s in ${REPLICAS} server processes; ${found.retried} resent after the connection closed unanswered)\n${found.histogram()}`,
    );

    expect(found.failures, found.failures.join('\n')).toEqual([]);
    expect(found.accepted, found.accepted.join('\n')).toEqual([]);
    expect(found.statuses.size).toBe(ENDPOINTS.filter(only).length);
    for (const [name, seen] of found.statuses) expect([...seen.values()].reduce((a, b) => a + b), name).toBeGreaterThanOrEqual(PER_ENDPOINT);
  }, 600_000);

  it('with the rate limiter on, answers 429 in the error shape with Retry-After', async () => {
    const found = findings();
    const rateLimited = (res: WireResponse): string | null => {
      if (res.status !== 429) return null;
      const code = (JSON.parse(res.body) as ApiErrorBody).error.code;
      if (code !== 'rate_limited') return `429 with code ${code}`;
      if (!/^\d+$/.test(String(res.headers['retry-after']))) return `429 with Retry-After ${res.headers['retry-after']}`;
      return res.headers['ratelimit-limit'] === String(RATE_LIMIT.limit) ? null : `429 with RateLimit-Limit ${res.headers['ratelimit-limit']}`;
    };
    // Behind a trusted proxy the limiter reads X-Forwarded-For: a third of the requests make one up.
    const tweak = (r: Rand, c: FuzzCase) => chance(r, 0.33) && forwardedFor(r, c.request.headers);
    for (const e of ENDPOINTS.filter((x) => LIMITED.has(x.name) && only(x))) await fuzz([limited], e, SEED + 1, LIMITED_N, found, { tweak, extra: rateLimited });
    console.info(`fuzz seed ${SEED + 1}, rate limit ${RATE_LIMIT.limit} a minute: ${found.requests} requests\n${found.histogram()}`);

    expect(found.failures, found.failures.join('\n')).toEqual([]);
    expect(found.accepted, found.accepted.join('\n')).toEqual([]);
    for (const [name, seen] of found.statuses) expect(seen.get(429) ?? 0, name).toBeGreaterThan(0);
  }, 120_000);

  it('stored nothing those requests carried, logged no unexpected error, and still serves', async () => {
    expect(stored()).toEqual(before);
    const report = await serverReport();
    console.info(`app processes after the fuzz: ${report.rssMb.join(' MB, ')} MB resident`);
    expect(report.errors).toEqual([]);
    expect(report.polluted).toEqual([]);
    for (const app of apps) {
      expect(app.alive()).toBe(true);
      for (const url of app.urls) expect((await fetch(`${url}/healthz`)).status).toBe(200);
    }
    const res = await fetch(`${apps[0]!.urls[0]}/v1/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Upshift-Key': keys.publishable },
      body: JSON.stringify({ events: [impression()] }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(stored()['events']?.rows).toBe(before['events']!.rows + 1);
  });
});
