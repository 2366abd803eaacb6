import { Hono } from 'hono';
import { DAY } from '../../../shared/engine/period';
import { AccountsQuery, PreviewRequest, ReachRequest, type AccountsResponse } from '../../../shared/schemas/customer';
import { previewCustomer } from '../../services/customer-preview';
import { methodNotAllowed, validationError } from '../errors';
import { jsonBody } from '../middleware/json-body';
import type { AccountsAnswer, PreviewAnswer, ReachAnswer } from '../../../shared/schemas/answers';
import type { ScopedDeps, ScopedEnv } from '../middleware/access';
import { estimateReach, REACH_DAYS } from '../../services/reach';

/**
 * `GET /accounts?q=&limit=`: accounts seen in the last 30 days (by their latest `POST /v1/state`),
 * most recent first, those whose id starts with `q` ahead of those that merely contain it.
 */
export function accountRoutes({ store, clock, access }: ScopedDeps) {
  const app = new Hono<ScopedEnv>();
  app.get('/', access('read'), async (c) => {
    const query = AccountsQuery.safeParse(c.req.query());
    if (!query.success) throw validationError(query.error, 'query');
    const { q, limit } = query.data;
    const found = await store.recentAccounts(c.get('environment').id, { since: clock() - REACH_DAYS * DAY, search: q?.trim() || undefined, limit });
    const body: AccountsResponse = {
      accounts: found.map((s) => ({ accountId: s.accountId, plan: s.plan, lastSeen: new Date(s.seenAt).toISOString(), usage: s.context.usage ?? {}, userId: s.userId, context: s.context })),
    };
    return c.json(body satisfies AccountsAnswer);
  });
  app.all('/', methodNotAllowed('GET'));
  return app;
}

/** `POST /preview`: what a recent account, or a context filled in by hand, would see with the drafts and live. Reads only. */
export function previewRoutes({ store, clock, access }: ScopedDeps) {
  const app = new Hono<ScopedEnv>();
  app.post('/', access('read'), jsonBody(PreviewRequest, 'preview request'), async (c) => c.json((await previewCustomer(store, c.get('environment').id, c.req.valid('json'), clock())) satisfies PreviewAnswer));
  app.all('/', methodNotAllowed('POST'));
  return app;
}

/** `POST /reach`: how many recent accounts a draft rule would reach today, and whose place it takes. Reads only. */
export function reachRoutes({ store, clock, access }: ScopedDeps) {
  const app = new Hono<ScopedEnv>();
  app.post('/', access('read'), jsonBody(ReachRequest, 'reach request'), async (c) => c.json((await estimateReach(store, c.get('environment').id, c.req.valid('json').rule, clock())) satisfies ReachAnswer));
  app.all('/', methodNotAllowed('POST'));
  return app;
}
