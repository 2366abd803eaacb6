import { Hono } from 'hono';
import { methodNotAllowed } from '../errors';
import type { ScopedDeps, ScopedEnv } from '../middleware/access';
import { ruleOverview } from '../../services/rule-overview';

/**
 * `GET /v1/rule-overview` (read): the rules list with each rule's state against the live version
 * and the clock, unpublished changes, lint warnings and last 7 days' counts. A resource of its
 * own rather than `/v1/rules/overview`, which would shadow a draft rule named "overview".
 */
export function ruleOverviewRoutes({ store, clock, access }: ScopedDeps) {
  const app = new Hono<ScopedEnv>();
  app.get('/', access('read'), async (c) => c.json(await ruleOverview(store, c.get('environment').id, clock())));
  app.all('/', methodNotAllowed('GET'));
  return app;
}
