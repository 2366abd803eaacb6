import { Hono } from 'hono';
import { z } from 'zod';
import { forecast } from '../../shared/engine/forecast';
import { billingPeriod, parseTime } from '../../shared/engine/period';
import { Catalog } from '../../shared/schemas/catalog';
import { ExternalId, Key, Timestamp } from '../../shared/schemas/common';
import { MetricValues } from '../../shared/schemas/context';
import type { State } from '../../shared/schemas/state';
import { ApiError, methodNotAllowed, validationError } from '../errors';
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
  usage: z.string().max(4096).optional(),
  limits: z.string().max(4096).optional(),
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

    if (Object.keys(usage).length) await store.recordUsage(env, account, usage, now);
    const history = await store.userHistory(env, account, user, now - HISTORY_DAYS * DAY);

    const rules: State['rules'] = {};
    for (const d of history.dismissals) {
      if (d.tier === null) continue;
      const rule = (rules[d.ruleId] ??= {});
      rule.dismissed = { ...rule.dismissed, [d.tier]: d.at };
    }
    for (const i of history.impressions) ((rules[i.ruleId] ??= {}).impressions ??= []).push(i.at);
    const counts: NonNullable<State['counts']> = {};
    for (const t of history.tracks) (counts[t.name] ??= []).push(t.at);

    // Limits: what the browser sent, else the live catalog's plan.
    const live = plan ? await store.getLiveConfig(env) : null;
    const catalog = live ? Catalog.safeParse((JSON.parse(live.body) as { catalog?: unknown }).catalog) : null;
    const planLimits = catalog?.success ? catalog.data.plans.find((p) => p.id === plan)?.limits ?? {} : {};
    const since = billingPeriod(now, parseTime(periodStart)).start;
    const projections: NonNullable<State['forecast']> = {};
    for (const [metric, snapshots] of Object.entries(await store.usageHistory(env, account, now - FORECAST_DAYS * DAY))) {
      const limit = limits[metric] ?? planLimits[metric];
      const f = limit === undefined ? null : forecast(snapshots, limit, now, since);
      if (f) projections[metric] = { ...f, high: Number.isFinite(f.high) ? f.high : null };
    }

    c.header('Cache-Control', 'private, no-store');
    const state: State = { rules, counts, forecast: projections };
    return c.json(state);
  });
  app.all('/', methodNotAllowed('GET', 'OPTIONS'));
  return app;
}
