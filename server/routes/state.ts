import { Hono } from 'hono';
import { z } from 'zod';
import { ExternalId, Key, Timestamp } from '../../shared/schemas/common';
import { methodNotAllowed, validationError } from '../errors';
import { assertSamePerson, verifiedIdentity } from '../identity';
import { liveConfig } from '../live-config';
import { publishableKey, type KeyOptions, type PublicEnv } from '../middleware/publishable-key';
import { preflight } from '../middleware/preflight';
import { personState, type PersonQuery } from '../person-state';

/** Who is asking: refused with a 400 when missing or malformed, since nothing can be answered without them. */
const Person = z.object({ user: ExternalId, account: ExternalId });

// Room for the context's 100 metrics (64-character keys and long numbers), within Node's 16 KB
// limit on the request head. A longer parameter cannot be a valid context and is not read.
const MAX_METRICS_CHARS = 12_000;
const MAX_ADDONS = 100;

const valid = <T>(schema: z.ZodType<T>, value: unknown): T | undefined => {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

/**
 * A JSON object of metric values, keeping only the entries the engine could use: a valid Key and a
 * finite number ≥ 0. Anything else, and a parameter that is not a JSON object at all, is dropped.
 */
function metricsParam(raw: string | undefined): Record<string, number> {
  if (raw === undefined || raw.length > MAX_METRICS_CHARS) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return {};
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  // Object.entries reads own properties only; a JSON `__proto__` key is own, and fails Key.
  const kept = Object.entries(value).filter((e): e is [string, number] => Key.safeParse(e[0]).success && typeof e[1] === 'number' && Number.isFinite(e[1]) && e[1] >= 0);
  return Object.fromEntries(kept);
}

/** Comma-separated add-on ids: the valid ones, at most 100. */
function addonsParam(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  return [...new Set(raw.split(',').filter((id) => Key.safeParse(id).success))].slice(0, MAX_ADDONS);
}

/**
 * `GET /v1/state` (publishable key): one person's prompt history across all their devices (see
 * `personState`). The usage sent along is kept as that day's snapshot for the forecast and the
 * billing-period peaks; only the catalog's metrics are kept, so a caller cannot fill the table
 * with made-up ones.
 *
 * Query: `user` and `account` are required and strictly checked (400 otherwise). The rest is the
 * widget's context and read leniently, since the widget accepts contexts the server cannot use
 * and should not lose the person's history over them: `plan` (a Key), `periodStart` (a Timestamp),
 * `usage` and `limits` (JSON objects such as `{"api_calls":8700}`) and `addons` (comma-separated
 * add-on ids, at most 100). A `plan` or `periodStart` that is not valid, an add-on id that is not
 * a Key, a usage or limits entry whose key is not a Key or whose value is not a finite number ≥ 0,
 * and a usage or limits parameter that is not a JSON object are each ignored, never refused.
 */
export function stateRoutes(keys: KeyOptions, clock: () => number) {
  const { store } = keys;
  const app = new Hono<PublicEnv>();
  app.options('/', preflight(keys, 'GET, OPTIONS'));
  app.get('/', publishableKey(keys), async (c) => {
    const raw = c.req.query();
    const person = Person.safeParse(raw);
    if (!person.success) throw validationError(person.error, 'query');
    const env = c.get('environment').id;
    const now = clock();
    const identity = await verifiedIdentity(c, store, env, now);
    assertSamePerson(identity, person.data.user, person.data.account, 'state query');
    const usage = metricsParam(raw['usage']);
    const query: PersonQuery = {
      ...person.data,
      // What the host's backend signed wins over what the browser sent.
      plan: identity?.plan ?? valid(Key, raw['plan']),
      periodStart: valid(Timestamp, raw['periodStart']),
      limits: identity?.limits ?? metricsParam(raw['limits']),
      addons: addonsParam(raw['addons']),
    };

    const config = await liveConfig(store, env).catch(() => null);
    const metrics = new Set(config?.catalog.metrics.map((m) => m.id));
    const known = Object.fromEntries(Object.entries(usage).filter(([metric]) => metrics.has(metric)));
    if (Object.keys(known).length) await store.recordUsage(env, query.account, known, now);

    c.header('Cache-Control', 'private, no-store');
    return c.json(await personState(store, env, query, config, now));
  });
  app.all('/', methodNotAllowed('GET', 'OPTIONS'));
  return app;
}
