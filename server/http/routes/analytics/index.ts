import { Hono } from 'hono';
import type { ScopedDeps, ScopedEnv } from '../../middleware/access';
import { declineRoutes } from './declines';
import { experimentsRoutes } from './experiments';
import { funnelRoutes } from './funnel';
import { readinessRoutes } from './readiness';
import { revenueRoutes } from './revenue';

/**
 * `/v1/analytics/*` (secret key) and `/v1/admin/environments/:env/analytics/*` (console session,
 * viewer or above): the same read-only routes built over either `access`, as rule-overview is.
 * Each endpoint is its own sub-app in this folder, mounted here by one line.
 */
export function analyticsRoutes(deps: ScopedDeps) {
  const app = new Hono<ScopedEnv>();
  app.route('/funnel', funnelRoutes(deps));
  app.route('/declines', declineRoutes(deps));
  app.route('/experiments', experimentsRoutes(deps));
  app.route('/revenue', revenueRoutes(deps));
  app.route('/readiness', readinessRoutes(deps));
  return app;
}
