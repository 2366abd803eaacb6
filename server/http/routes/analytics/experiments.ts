import { Hono } from 'hono';
import { ExperimentsQuery, type ExperimentsAnswer } from '../../../../shared/schemas/analytics';
import { DEFAULT_SEQUENTIAL_TUNING } from '../../../../shared/stats';
import { DEFAULT_MIN_USEFUL_LIFT, analyseExperiments } from '../../../services/analytics/experiments';
import { parseQuery, resolveRange } from '../../../services/analytics/range';
import { ApiError, methodNotAllowed } from '../../errors';
import { liveConfig } from '../../../services/live-config';
import type { ScopedDeps, ScopedEnv } from '../../middleware/access';

/**
 * `GET /v1/analytics/experiments` (read): each rule's arms among the accounts first exposed in the
 * range, compared with the holdout as gbstats does, sequential unless `mode=fixed`. The expected
 * split (for SRM) and the settings come from the live config; before any publish there is none,
 * so SRM is left out and the defaults apply.
 */
export function experimentsRoutes({ store, clock, access }: ScopedDeps) {
  const app = new Hono<ScopedEnv>();
  app.get('/', access('read'), async (c) => {
    const query = parseQuery(c, ExperimentsQuery);
    const range = resolveRange(query, clock());
    const env = c.get('environment').id;
    const config = await liveConfig(store, env).catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    });
    const rows = await store.exposureCohorts(env, { from: range.from, to: range.to, ruleId: query.rule });
    const analytics = config?.settings?.analytics;
    const answer = analyseExperiments(
      rows,
      { globalHoldout: config?.settings?.holdout, rules: new Map((config?.rules ?? []).map((r) => [r.id, r])) },
      { mode: query.mode ?? 'sequential', tuning: analytics?.sequentialTuning ?? DEFAULT_SEQUENTIAL_TUNING, minUsefulLift: analytics?.minUsefulLift ?? DEFAULT_MIN_USEFUL_LIFT },
    );
    return c.json({ from: range.from, to: range.to, ...answer } satisfies ExperimentsAnswer);
  });
  app.all('/', methodNotAllowed('GET'));
  return app;
}
