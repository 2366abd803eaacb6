import { Hono } from 'hono';
import { RevenueQuery } from '../../../../shared/schemas/analytics';
import { parseQuery } from '../../../services/analytics/range';
import { revenueReport } from '../../../services/analytics/revenue';
import { methodNotAllowed } from '../../errors';
import type { ScopedDeps, ScopedEnv } from '../../middleware/access';

/**
 * `GET /v1/analytics/revenue?from=YYYY-MM&to=YYYY-MM&segment=plan|trait:<name>&currency=USD`
 * (read): the revenue scoreboard, month by month, from the MRR movement rollups.
 */
export function revenueRoutes({ store, clock, access }: ScopedDeps) {
  const app = new Hono<ScopedEnv>();
  app.get('/', access('read'), async (c) => c.json(await revenueReport(store, c.get('environment').id, parseQuery(c, RevenueQuery), clock())));
  app.all('/', methodNotAllowed('GET'));
  return app;
}
