import { Hono } from 'hono';
import { DeclinesQuery } from '../../../../shared/schemas/analytics';
import { declines } from '../../../services/analytics/declines';
import { parseQuery, resolveRange } from '../../../services/analytics/range';
import { methodNotAllowed } from '../../errors';
import type { ScopedDeps, ScopedEnv } from '../../middleware/access';

/** `GET /v1/analytics/declines` (read): per rule, declines by reason and the newest notes, in the range. */
export function declineRoutes({ store, clock, access }: ScopedDeps) {
  const app = new Hono<ScopedEnv>();
  app.get('/', access('read'), async (c) => {
    const query = parseQuery(c, DeclinesQuery);
    return c.json(await declines(store, c.get('environment').id, resolveRange(query, clock()), query.rule));
  });
  app.all('/', methodNotAllowed('GET'));
  return app;
}
