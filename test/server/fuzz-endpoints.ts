import { MAX_EVENTS_BODY_BYTES } from '../../server/http/routes/events';
import { demoContent } from '../../server/demo/seed';
import type { WireRequest } from '../helpers/wire-client';
import { compressedBody, compressionBombs } from './fuzz-compressed';
import { chance, extremeBodies, hostileBody, int, pick, strayBody, type BodySpec, type Rand } from './fuzz-inputs';
import {
  absentRuleId,
  absentVersion,
  assetName,
  uiName,
  brokenSecretAuth,
  cachingHeaders,
  CONTENT_TYPES,
  garbageHeader,
  hostileSegment,
  limitQuery,
  analyticsQuery,
  noise,
  preflightHeaders,
  publishableAuth,
  secretAuth,
  stateQuery,
  stripeHeaders,
  WRONG_CONTENT_TYPES,
  type Headers,
  type Keys,
} from './fuzz-requests';

/** Hostile range, rule and mode parameters for the experiments read. */
function experimentsQuery(r: Rand, query: string[]) {
  if (chance(r, 0.2)) return;
  const day = pick(r, ['2026-12-01', '2026-02-30', '0001-01-01', '9999-12-31', '2026-1-1', '', '%FF', 'today', '2026-12-01T00:00:00Z', '1e400']);
  query.push(pick(r, [`from=${day}`, `to=${day}`, `from=${day}&to=2025-01-01`, `from[]=${day}`, 'mode=fixed', 'mode=bayesian', 'mode=fixed&mode=x', 'rule=%00', `rule=${'x'.repeat(300)}`, 'rule=__proto__']));
}

/**
 * Every public HTTP endpoint that takes input, and how the fuzz makes each request to it hostile.
 *
 * The invariant "no row written" holds because no request generated here may succeed at a write:
 * - a JSON endpoint's body always breaks a required field with a value of the wrong type (`body`);
 * - an endpoint that changes state without a body (publish, the two rotates) never gets working
 *   credentials (`auth: 'broken-secret'`);
 * - DELETE /v1/rules/:id names no existing rule and rollback no existing version, however the
 *   path segment is decoded (`absentRuleId`, `absentVersion`);
 * - the reads (GET, OPTIONS) may answer 2xx or 304 but store nothing, GET /v1/state too, whatever
 *   usage its query carries (it never records any; POST /v1/state does, and gets a broken body).
 */

type Auth = 'publishable' | 'secret' | 'broken-secret' | 'stripe' | 'none';

export interface Endpoint {
  /** Method and route, as the histogram shows it. */
  name: string;
  auth: Auth;
  body?: BodySpec;
  /** The route with its parameters filled in; the route as named by default. */
  path?: (r: Rand, keys: Keys) => string;
  /** The endpoint's own hostile query parameters and headers. */
  extra?: (r: Rand, keys: Keys, headers: Headers, query: string[]) => void;
}

export interface FuzzCase {
  request: WireRequest;
  /** The one status the request must get, for the fixed cases whose answer the input decides. */
  expect?: number;
}

const iso = () => new Date().toISOString();
const EVENT_ID = '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f';

const subscription = () => ({
  id: 'sub_fuzz',
  status: 'active',
  currency: 'usd',
  metadata: { upshift_account: 'acct-1' },
  items: { data: [{ price: { id: 'price_1', unit_amount: 4900, recurring: { interval: 'month', interval_count: 1 } }, quantity: 2 }] },
  trial_end: 1_700_000_000,
  canceled_at: 1_700_000_000,
});
const stripeEvent = (type: string) => () => ({ id: 'evt_fuzz', type, created: Math.floor(Date.now() / 1000), data: { object: subscription() } });

const EVENTS: BodySpec = {
  template: () => ({
    events: [
      { id: EVENT_ID, at: iso(), userId: 'user-1', accountId: 'acct-1', type: 'impression', ruleId: demoContent.rules[0]!.id, surface: 'banner', configVersion: 1, props: { n: 1 } },
      { id: EVENT_ID.replace('f5f', 'f60'), at: iso(), userId: 'user-1', accountId: 'acct-1', type: 'dropped', count: 5 },
    ],
  }),
  breakers: [['events', 'array'], ['events.0.id', 'string'], ['events.0.userId', 'string'], ['events.1.at', 'string']],
};

const rulePath = (r: Rand, keys: Keys) => `/v1/rules/${chance(r, 0.5) ? pick(r, [...keys.ruleIds]) : hostileSegment(r)}`;
const versionPath = (suffix: string) => (r: Rand) => `/v1/versions/${chance(r, 0.3) ? '1' : absentVersion(r)}${suffix}`;
const pagePath = (page: string) => (r: Rand) => (chance(r, 0.4) ? `/${page}` : `/${page}/${Array.from({ length: 1 + int(r, 3) }, () => hostileSegment(r)).join('/')}`);

export const ENDPOINTS: readonly Endpoint[] = [
  // The widget's API, by publishable key.
  { name: 'GET /v1/config', auth: 'publishable', extra: (r, _k, h) => cachingHeaders(r, h) },
  { name: 'OPTIONS /v1/config', auth: 'none', extra: preflightHeaders },
  { name: 'GET /v1/state', auth: 'publishable', extra: (r, _k, _h, q) => stateQuery(r, q) },
  {
    name: 'POST /v1/state',
    auth: 'publishable',
    body: { template: () => ({ user: 'user-1', account: 'acct-1', plan: 'starter', usage: { api_calls: 9000 }, addons: ['seat-pack'] }), breakers: [['user', 'string'], ['account', 'string'], ['plan', 'string']] },
  },
  { name: 'OPTIONS /v1/state', auth: 'none', extra: preflightHeaders },
  { name: 'POST /v1/events', auth: 'publishable', body: EVENTS },
  { name: 'OPTIONS /v1/events', auth: 'none', extra: preflightHeaders },
  {
    name: 'POST /v1/trials',
    auth: 'publishable',
    body: { template: () => ({ userId: 'user-1', accountId: 'acct-1', ruleId: 'try-reports', feature: 'scheduled_reports' }), breakers: [['userId', 'string'], ['accountId', 'string'], ['feature', 'string']] },
  },
  { name: 'OPTIONS /v1/trials', auth: 'none', extra: preflightHeaders },
  {
    name: 'POST /v1/admin-requests',
    auth: 'publishable',
    body: { template: () => ({ userId: 'user-1', accountId: 'acct-1', ruleId: demoContent.rules[0]!.id, note: 'please' }), breakers: [['userId', 'string'], ['ruleId', 'string']] },
  },
  { name: 'OPTIONS /v1/admin-requests', auth: 'none', extra: preflightHeaders },

  // The host's backend, by secret key.
  {
    name: 'POST /v1/conversions',
    auth: 'secret',
    body: { template: () => ({ account: 'acct-1', type: 'upgrade', mrrDelta: 4900, currency: 'USD', plan: 'pro', at: iso(), idempotencyKey: 'fuzz-1' }), breakers: [['mrrDelta', 'number'], ['account', 'string'], ['currency', 'string']] },
  },
  { name: 'GET /v1/conversions', auth: 'secret', extra: (r, _k, _h, q) => limitQuery(r, q) },
  {
    name: 'POST /v1/decide',
    auth: 'secret',
    body: {
      template: () => ({
        context: {
          user: { id: 'user-1', role: 'owner', traits: { seats: 3 } },
          account: { id: 'acct-1', plan: 'starter', createdAt: '2020-01-01T00:00:00Z', periodStart: '2026-01-01', health: 50, openTickets: 0 },
          usage: { api_calls: 9_000 },
          limits: { api_calls: 10_000 },
        },
        at: iso(),
      }),
      breakers: [['context', 'object'], ['context.user.id', 'string'], ['context.account.plan', 'string']],
    },
  },
  { name: 'GET /v1/accounts', auth: 'secret', extra: (r, _k, _h, q) => limitQuery(r, q) },
  {
    name: 'POST /v1/preview',
    auth: 'secret',
    body: {
      template: () => ({
        context: { user: { id: 'user-1', locale: 'en' }, account: { id: 'acct-1', plan: 'starter', createdAt: '2020-01-01', health: 50 }, usage: { api_calls: 9_000 } },
        rule: { ...structuredClone(demoContent.rules[0]!), id: 'fuzz-rule' },
      }),
      breakers: [['context', 'object'], ['context.account.plan', 'string'], ['rule.priority', 'number']],
    },
  },
  {
    name: 'POST /v1/reach',
    auth: 'secret',
    body: { template: () => ({ rule: { ...structuredClone(demoContent.rules[0]!), id: 'fuzz-rule' } }), breakers: [['rule', 'object'], ['rule.priority', 'number'], ['rule.surface', 'string']] },
  },
  { name: 'GET /v1/rules', auth: 'secret' },
  { name: 'GET /v1/rule-overview', auth: 'secret' },
  { name: 'GET /v1/analytics/funnel', auth: 'secret', extra: (r, _k, _h, q) => analyticsQuery(r, q) },
  { name: 'GET /v1/analytics/declines', auth: 'secret', extra: (r, _k, _h, q) => analyticsQuery(r, q) },
  { name: 'GET /v1/analytics/experiments', auth: 'secret', extra: (r, _k, _h, q) => experimentsQuery(r, q) },
  { name: 'GET /v1/analytics/readiness', auth: 'secret' },
  { name: 'GET /v1/rules/:id', auth: 'secret', path: rulePath },
  {
    name: 'PUT /v1/rules/:id',
    auth: 'secret',
    body: { template: () => ({ ...structuredClone(demoContent.rules[0]!), id: 'fuzz-rule' }), breakers: [['priority', 'number'], ['name', 'string'], ['id', 'string']] },
    path: (r) => `/v1/rules/${chance(r, 0.85) ? 'fuzz-rule' : hostileSegment(r)}`,
  },
  { name: 'DELETE /v1/rules/:id', auth: 'secret', path: (r, keys) => `/v1/rules/${absentRuleId(r, keys)}` },
  { name: 'GET /v1/catalog', auth: 'secret' },
  {
    name: 'PUT /v1/catalog',
    auth: 'secret',
    body: { template: () => structuredClone(demoContent.catalog) as unknown as Record<string, unknown>, breakers: [['plans', 'array'], ['metrics', 'array']] },
  },
  { name: 'GET /v1/settings', auth: 'secret' },
  { name: 'PUT /v1/settings', auth: 'secret', body: { template: () => ({ budget: { day: 1, week: 3 }, holdout: 5 }), breakers: [['budget', 'object'], ['budget.day', 'number'], ['holdout', 'number']] } },
  { name: 'POST /v1/publish', auth: 'broken-secret' },
  { name: 'GET /v1/versions', auth: 'secret' },
  { name: 'GET /v1/versions/:n', auth: 'secret', path: versionPath('') },
  { name: 'POST /v1/versions/:n/rollback', auth: 'secret', path: (r) => `/v1/versions/${absentVersion(r)}/rollback` },
  { name: 'GET /v1/versions/:n/changes', auth: 'secret', path: versionPath('/changes') },
  { name: 'GET /v1/changes', auth: 'secret' },
  { name: 'GET /v1/export', auth: 'secret' },
  {
    name: 'POST /v1/import',
    auth: 'secret',
    body: {
      template: () => ({ file: { format: 'upshift-export', formatVersion: 1, exportedAt: iso(), environment: { name: 'Fuzz' }, catalog: structuredClone(demoContent.catalog), rules: [], settings: {} }, dryRun: false }),
      breakers: [['file', 'object'], ['file.format', 'string'], ['file.rules', 'array'], ['dryRun', 'boolean']],
    },
  },
  { name: 'GET /v1/identity', auth: 'secret' },
  { name: 'PUT /v1/identity', auth: 'secret', body: { template: () => ({ required: true }), breakers: [['required', 'boolean']] } },
  { name: 'POST /v1/identity/rotate', auth: 'broken-secret' },
  { name: 'GET /v1/webhooks', auth: 'secret' },
  {
    name: 'PUT /v1/webhooks',
    auth: 'secret',
    body: { template: () => ({ url: 'https://hooks.example.test/upshift', events: ['trial.started'] }), breakers: [['url', 'string'], ['events', 'array']] },
  },
  { name: 'POST /v1/webhooks/rotate', auth: 'broken-secret' },
  { name: 'GET /v1/webhooks/deliveries', auth: 'secret', extra: (r, _k, _h, q) => limitQuery(r, q) },
  { name: 'GET /v1/webhooks/stripe/secret', auth: 'secret' },
  { name: 'PUT /v1/webhooks/stripe/secret', auth: 'secret', body: { template: () => ({ secret: 'whsec_fuzzOTHER0123456789' }), breakers: [['secret', 'string']] } },

  // Stripe, by its signature.
  {
    name: 'POST /v1/webhooks/stripe/:environmentId',
    auth: 'stripe',
    body: { template: stripeEvent('customer.subscription.updated'), breakers: [['created', 'number'], ['id', 'string']] },
    path: (r, keys) => `/v1/webhooks/stripe/${chance(r, 0.85) ? keys.environmentId : hostileSegment(r)}`,
  },
  { name: 'POST /v1/webhooks/stripe', auth: 'stripe', body: { template: stripeEvent('customer.subscription.created'), breakers: [['type', 'string'], ['data', 'object']] } },

  // No credentials: health, the embed script and the pages.
  { name: 'GET /healthz', auth: 'none' },
  { name: 'GET /upshift.js', auth: 'none', extra: (r, _k, h) => cachingHeaders(r, h) },
  { name: 'GET /upshift-debug.js', auth: 'none', extra: (r, _k, h) => cachingHeaders(r, h) },
  { name: 'GET /upshift.d.ts', auth: 'none', extra: (r, _k, h) => cachingHeaders(r, h) },
  { name: 'GET /upshift-ui.:hash.js', auth: 'none', extra: (r, _k, h) => cachingHeaders(r, h), path: (r) => `/${uiName(r)}` },
  { name: 'GET /assets/:name', auth: 'none', extra: (r, _k, h) => cachingHeaders(r, h), path: (r, keys) => `/assets/${assetName(r, keys)}` },
  { name: 'GET /demo', auth: 'none', path: pagePath('demo') },
  { name: 'GET /admin', auth: 'none', path: pagePath('admin') },
];

/** Only reads may answer below 400. */
export const isRead = (e: Endpoint) => /^(GET|OPTIONS) /.test(e.name);

/** One hostile request to `e`; `fixedBody` replaces the generated one. */
export function hostileRequest(r: Rand, e: Endpoint, keys: Keys, fixedBody?: string): FuzzCase {
  const [method, route] = e.name.split(' ') as [string, string];
  const headers: Headers = {};
  const query: string[] = [];
  if (e.auth === 'publishable') publishableAuth(r, keys, headers, query);
  else if (e.auth === 'secret') secretAuth(r, keys, headers);
  else if (e.auth === 'broken-secret') brokenSecretAuth(r, keys, headers);
  e.extra?.(r, keys, headers, query);
  // Where the body or the endpoint's own extras carry nothing hostile, the noise is what does.
  noise(r, headers, query, e.body || e.extra ? 0.1 : 0.3);
  const path = `${e.path ? e.path(r, keys) : route}${query.length ? `?${query.join('&')}` : ''}`;
  // Now and then a method no route takes, refused whatever else the request carries.
  const request: WireRequest = { method: chance(r, 0.01) ? pick(r, ['PATCH', 'PROPFIND', 'FOO']) : method, path, headers };
  if (e.body) {
    let body: string | Uint8Array = fixedBody ?? hostileBody(r, e.body);
    if (e.auth === 'stripe') stripeHeaders(r, keys, headers, body);
    else if (chance(r, 0.8)) headers['Content-Type'] = pick(r, CONTENT_TYPES);
    else if (chance(r, 0.9)) headers['Content-Type'] = pick(r, WRONG_CONTENT_TYPES);
    if (e.name === 'POST /v1/events' && fixedBody === undefined && chance(r, 0.15)) {
      const packed = compressedBody(r, body);
      body = packed.body;
      headers['Content-Encoding'] = packed.encoding;
    } else if (chance(r, 0.02)) headers['Content-Encoding'] = pick(r, ['gzip', 'br', 'identity', garbageHeader(r).slice(0, 20)]);
    request.body = body;
  } else if (chance(r, e.auth === 'broken-secret' ? 0.3 : 0.02)) {
    request.body = strayBody(r);
    headers['Content-Type'] = pick(r, [...CONTENT_TYPES, ...WRONG_CONTENT_TYPES]);
  }
  // Some bodies go in pieces, with chunked transfer encoding and no Content-Length.
  if (request.body !== undefined && chance(r, 0.1)) request.chunks = 2 + int(r, 3);
  return { request };
}

/**
 * The inputs too large to send at random, once per endpoint: huge and deeply nested bodies, and
 * for `/v1/events` compression bombs, sent with valid credentials so the cap itself is what answers.
 */
export function fixedCases(r: Rand, e: Endpoint, keys: Keys): FuzzCase[] {
  if (!e.body) return [];
  const cases = extremeBodies(r, e.body).map((body) => hostileRequest(r, e, keys, body));
  if (e.name === 'POST /v1/events') {
    const headers = (encoding: string) => ({ 'X-Upshift-Key': keys.publishable, Origin: keys.origin, 'Content-Type': 'application/json', 'Content-Encoding': encoding });
    for (const bomb of compressionBombs('{"events":1}', MAX_EVENTS_BODY_BYTES)) {
      cases.push({ request: { method: 'POST', path: '/v1/events', headers: headers(bomb.encoding), body: bomb.body }, expect: bomb.expect });
    }
  }
  return cases;
}
