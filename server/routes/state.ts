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
import { completedPeriods, periodPeaks } from '../usage-periods';

const DAY = 86_400_000;
/** How far back impressions and tracked events reach: long enough for 90-day windows, short enough to stay cheap. */
const HISTORY_DAYS = 90;
/** Tier dismissals reach back a year and a day: a rule's cooldown may last 365 days. */
const DISMISSED_DAYS = 366;
/** Tier impressions matter in the current billing period only (hysteresis); two months cover any period. */
const REACHED_DAYS = 62;
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
 * the events the server stored. Per rule: the latest dismissal and impression of each ladder tier
 * by anyone in the account (a tier fires once per billing period per account), this person's
 * impressions, and their latest dismissal, snooze and click. Also tracked-event times, a usage
 * forecast per metric and the peak usage of recent billing periods. The usage sent along is kept
 * as that day's snapshot for both.
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
    const tiers = await store.accountTiers(env, account, { dismissed: now - DISMISSED_DAYS * DAY, reached: now - REACHED_DAYS * DAY });

    // Ids and event names come from stored events and may be "constructor" or "toString": build
    // with Maps, never by indexing plain objects, so nothing can reach or change a prototype.
    interface Building {
      dismissed?: Map<string, number>;
      reached?: Map<string, number>;
      impressions?: number[];
      dismissedAt?: number;
      snoozedAt?: number;
      clickedAt?: number;
    }
    const byRule = new Map<string, Building>();
    const ruleOf = (id: string) => byRule.get(id) ?? byRule.set(id, {}).get(id)!;
    for (const d of tiers.dismissed) (ruleOf(d.ruleId).dismissed ??= new Map()).set(d.tier, d.at);
    for (const r of tiers.reached) (ruleOf(r.ruleId).reached ??= new Map()).set(r.tier, r.at);
    for (const i of history.impressions) (ruleOf(i.ruleId).impressions ??= []).push(i.at);
    const field = { dismiss: 'dismissedAt', snooze: 'snoozedAt', click: 'clickedAt' } as const;
    for (const l of history.latest) ruleOf(l.ruleId)[field[l.type]] = l.at;
    const rules: State['rules'] = Object.fromEntries(
      [...byRule].map(([id, b]) => {
        const rs: State['rules'][string] = {};
        if (b.dismissed) rs.dismissed = Object.fromEntries(b.dismissed);
        if (b.reached) rs.reached = Object.fromEntries(b.reached);
        if (b.impressions) rs.impressions = b.impressions;
        if (b.dismissedAt !== undefined) rs.dismissedAt = b.dismissedAt;
        if (b.snoozedAt !== undefined) rs.snoozedAt = b.snoozedAt;
        if (b.clickedAt !== undefined) rs.clickedAt = b.clickedAt;
        return [id, rs];
      }),
    );
    const byName = new Map<string, number[]>();
    for (const t of history.tracks) (byName.get(t.name) ?? byName.set(t.name, []).get(t.name)!).push(t.at);
    const counts: NonNullable<State['counts']> = Object.fromEntries(byName);

    // One read of the snapshots serves both the forecast (its own recent window) and the peaks of
    // the completed billing periods the contraction guard compares.
    const anchor = parseTime(periodStart);
    const since = billingPeriod(now, anchor).start;
    const completed = completedPeriods(now, anchor);
    const forecastFrom = now - FORECAST_DAYS * DAY;
    const snapshots = await store.usageHistory(env, account, Math.min(forecastFrom, completed[0]!.start));
    const planLimits = (plan && config?.catalog.plans.find((p) => p.id === plan)?.limits) || {};
    const projected = new Map<string, NonNullable<State['forecast']>[string]>();
    const peaks = new Map<string, number[]>();
    for (const [metric, all] of Object.entries(snapshots)) {
      const limit = own(limits, metric) ?? own(planLimits, metric);
      const f = limit === undefined ? null : forecast(all.filter((s) => s.at >= forecastFrom), limit, now, since);
      if (f) projected.set(metric, { ...f, high: Number.isFinite(f.high) ? f.high : null });
      const run = periodPeaks(all, completed);
      if (run.length) peaks.set(metric, run);
    }

    c.header('Cache-Control', 'private, no-store');
    const state: State = { rules, counts, forecast: Object.fromEntries(projected), periods: Object.fromEntries(peaks) };
    return c.json(state);
  });
  app.all('/', methodNotAllowed('GET', 'OPTIONS'));
  return app;
}
