import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorBody } from '../../shared/schemas/error';
import { impression } from '../helpers/events';
import { BASE, postEvents } from '../helpers/http';
import { seeded } from '../helpers/random';
import { APP_ORIGIN, createTestApp, withReadonlyDb, type TestApp } from '../helpers/test-app';
import { ENDPOINTS, extremeBodies, hostileRequest, type FuzzRequest, type Keys } from './fuzz-inputs';

/** Fixed so a failure replays exactly; FUZZ_SEED, FUZZ_N (requests per endpoint) and FUZZ_BATCH explore further. Keep any input that failed as a test. */
const SEED = Number(process.env['FUZZ_SEED'] ?? 0x5eed_0005);
const PER_ENDPOINT = Number(process.env['FUZZ_N'] ?? 10_000);
const BATCH = Number(process.env['FUZZ_BATCH'] ?? 16);
const STRIPE_SECRET = 'whsec_fuzzFUZZfuzz0123456789';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ rateLimit: false });
  await t.store.putStripeSecret(t.environment.id, STRIPE_SECRET, Date.now());
});
afterAll(async () => {
  await t.cleanup();
});

/** Rows per table, read by a second connection: what the server really stored. */
function rowCounts(file: string): Record<string, number> {
  return withReadonlyDb(file, (db) => {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'schema_migrations' ORDER BY name").all() as { name: string }[];
    return Object.fromEntries(tables.map(({ name }) => [name, (db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n]));
  });
}

/** What went wrong with one response, or null when it kept the contract. */
async function problem(res: Response): Promise<string | null> {
  if (res.status >= 500) return `status ${res.status}: ${await res.text()}`;
  if (res.status < 400) return null;
  if (!/^application\/json/.test(res.headers.get('content-type') ?? '')) return `status ${res.status} with content-type ${res.headers.get('content-type')}`;
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return `status ${res.status} with a body that is not JSON: ${text.slice(0, 200)}`;
  }
  if (!ApiErrorBody.safeParse(json).success || Object.keys(json as object).join() !== 'error') return `status ${res.status} with body ${text.slice(0, 200)}`;
  return null;
}

const describeInput = ({ url, init }: FuzzRequest) => {
  const body = init.body === undefined ? '' : typeof init.body === 'string' ? init.body : `bytes ${Buffer.from(init.body).toString('base64')}`;
  return JSON.stringify({ url: url.slice(0, 500), method: init.method, headers: init.headers, body: body.slice(0, 2_000), bodyLength: body.length });
};

describe(`fuzzing every public endpoint (seed ${SEED})`, () => {
  it(`survives ${PER_ENDPOINT} hostile requests per endpoint and stores nothing they carry`, async () => {
    const keys: Keys = { publishable: t.key, secret: t.secretKey, environmentId: t.environment.id, stripeSecret: STRIPE_SECRET, origin: APP_ORIGIN };
    const before = rowCounts(t.file);
    const random = seeded(SEED);
    const statuses = new Map<string, Map<number, number>>();
    const failures: string[] = [];
    const accepted: string[] = [];
    const times = new Map<string, number>();
    let total = 0;
    const started = performance.now();

    for (const endpoint of ENDPOINTS) {
      const seen = new Map<number, number>();
      statuses.set(endpoint.name, seen);
      const t0 = performance.now();
      const extremes = extremeBodies(random, endpoint);
      const count = PER_ENDPOINT + extremes.length;
      // Sent in small concurrent batches, generated in order so the seed still fixes every input.
      for (let start = 0; start < count; start += BATCH) {
        const batch = Array.from({ length: Math.min(BATCH, count - start) }, (_, j) => hostileRequest(random, endpoint, keys, extremes[start + j - PER_ENDPOINT]));
        await Promise.all(
          batch.map(async (request, j) => {
            const res = await t.app.request(request.url, request.init);
            seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
            const wrong = await problem(res);
            const at = `${endpoint.name} #${start + j}`;
            if (wrong && failures.length < 20) failures.push(`${at}: ${wrong}\n  input: ${describeInput(request)}`);
            // Only the reads may answer 2xx or 304: GET /v1/config always can, GET /v1/state for a valid person with unusable usage.
            if (res.status < 400 && endpoint.method !== 'GET' && accepted.length < 20) accepted.push(`${at}: ${res.status}\n  input: ${describeInput(request)}`);
          }),
        );
      }
      total += count;
      times.set(endpoint.name, Math.round(performance.now() - t0));
    }

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const histogram = [...statuses].map(([name, seen]) => {
      const counts = [...seen].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
      return `  ${name.padEnd(42)} ${String(times.get(name)).padStart(6)} ms  ${counts.join(' ')}`;
    });
    console.info(`fuzz seed ${SEED}: ${total} requests in ${seconds} s\n${histogram.join('\n')}`);

    expect(failures, failures.join('\n')).toEqual([]);
    expect(accepted, accepted.join('\n')).toEqual([]);
    expect(rowCounts(t.file)).toEqual(before);

    // Still serving, and still storing what is valid.
    expect((await t.app.request(`${BASE}/healthz`)).status).toBe(200);
    const res = await postEvents(t.app, t.key, { events: [impression()] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0 });
  }, 180_000);
});
