import { Hono } from 'hono';
import { z } from 'zod';
import { forecast } from '../../shared/engine/forecast';
import { own } from '../../shared/engine/own';
import { billingPeriod, parseTime } from '../../shared/engine/period';
import { ExternalId, Key, Timestamp } from '../../shared/schemas/common';
import { MetricValues } from '../../shared/schemas/context';
import type { State } from '../../shared/schemas/state';
import { ApiError, methodNotAllowed, validationError } from '../errors';
import { liveConfig } from '../live-config';
import { publishableKey, type KeyOptions, type PublicEnv } from '../middleware/publishable-key';
import { preflight } from '../middleware/preflight';

const DAY = 86_400_000;
/** How far back /v1/state looks: long enough for 90-day windows, short enough to stay cheap. */
const HISTORY_DAYS = 90;
const FORECAST_DAYS = 62;

/** Query parameters; `usage` and `limits` are JSON objects such as `{"api_calls":8700}`. */
const StateQuery = z.object({
  user: ExternalId,
  account: ExternalId,
  plan: Key.optional(),
  periodStart: Timestamp.optional(),
  // Room for the context's 100 metrics, within Node's 16 KB limit on the request head.
  usage: z.string().max(12_000).optional(),
  limits: z.string().max(12_000).optional(),
});

function metricsParam(raw: string | undefined, name: string): Record<string, number> {
  if (raw === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new ApiError(400, 'invalid_request', `${name} must be a JSON object of numbers`, { issues: [{ path: name, message: 'is not valid JSON' }] });
  }
  const parsed = MetricValues.safeParse(value);
  if (!parsed.success) throw validationError(new z.ZodError(parsed.error.issues.map((i) => ({ ...i, path: [name, ...i.path] }))), 'query');
  return parsed.data;
}

/**
 * `GET /v1/state` (publishable key): one person's prompt history across all their devices, from
 * the events the server stored: latest dismissal per tier, impressions, tracked-event times, and a
 * usage forecast per metric. The usage sent along is kept as that day's snapshot for the forecast.
 */
export function stateRoutes(keys: KeyOptions, clock: () => number) {
  const { store } = keys;
  const app = new Hono<PublicEnv>();
  app.options('/', preflight(keys, 'GET, OPTIONS'));
  app.get('/', publishableKey(keys), async (c) => {
    const query = StateQuery.safeParse(c.req.query());
    if (!query.success) throw validationError(query.error, 'query');
    const { user, account, plan, periodStart } = query.data;
    const usage = metricsParam(query.data.usage, 'usage');
    const limits = metricsParam(query.data.limits, 'limits');
    const env = c.get('environment').id;
    const now = clock();

    // Limits: what the browser sent, else the live catalog's plan. Only the catalog's metrics are
    // kept as snapshots, so a caller cannot fill the table with made-up ones.
    const config = await liveConfig(store, env).catch(() => null);
    const metrics = new Set(config?.catalog.metrics.map((m) => m.id));
    const known = Object.fromEntries(Object.entries(usage).filter(([metric]) => metrics.has(metric)));
    if (Object.keys(known).length) await store.recordUsage(env, account, known, now);
    const history = await store.userHistory(env, account, user, now - HISTORY_DAYS * DAY);

    // Ids and event names come from stored events and may be "constructor" or "toString": build
    // with Maps, never by indexing plain objects, so nothing can reach or change a prototype.
    const byRule = new Map<string, { dismissed?: Record<string, number>; impressions?: number[] }>();
    const ruleOf = (id: string) => byRule.get(id) ?? byRule.set(id, {}).get(id)!;
    for (const d of history.dismissals) {
      if (d.tier !== null) ruleOf(d.ruleId).dismissed = Object.assign(Object.create(null) as Record<string, number>, ruleOf(d.ruleId).dismissed, { [d.tier]: d.at });
    }
    for (const i of history.impressions) (ruleOf(i.ruleId).impressions ??= []).push(i.at);
    const byName = new Map<string, number[]>();
    for (const t of history.tracks) (byName.get(t.name) ?? byName.set(t.name, []).get(t.name)!).push(t.at);
    const rules: State['rules'] = Object.fromEntries(byRule);
    const counts: NonNullable<State['counts']> = Object.fromEntries(byName);

    const planLimits = (plan && config?.catalog.plans.find((p) => p.id === plan)?.limits) || {};
    const since = billingPeriod(now, parseTime(periodStart)).start;
    const projected = new Map<string, NonNullable<State['forecast']>[string]>();
    for (const [metric, snapshots] of Object.entries(await store.usageHistory(env, account, now - FORECAST_DAYS * DAY))) {
      const limit = own(limits, metric) ?? own(planLimits, metric);
      const f = limit === undefined ? null : forecast(snapshots, limit, now, since);
      if (f) projected.set(metric, { ...f, high: Number.isFinite(f.high) ? f.high : null });
    }
    const projections: NonNullable<State['forecast']> = Object.fromEntries(projected);

    c.header('Cache-Control', 'private, no-store');
    const state: State = { rules, counts, forecast: projections };
    return c.json(state);
  });
  app.all('/', methodNotAllowed('GET', 'OPTIONS'));
  return app;
}
