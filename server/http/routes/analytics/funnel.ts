import { Hono } from 'hono';
import { FunnelQuery } from '../../../../shared/schemas/analytics';
import { buildFunnel, storeBy } from '../../../services/analytics/funnel';
import { timesToConversion } from '../../../services/analytics/funnel-delays';
import { parseQuery, resolveRange } from '../../../services/analytics/range';
import { ruleTriggers } from '../../../services/analytics/rule-triggers';
import { methodNotAllowed } from '../../errors';
import type { ScopedDeps, ScopedEnv } from '../../middleware/access';

/** `GET /v1/analytics/funnel` (read): per rule, exposed → impression → click → action → conversion, from the daily roll-up. */
export function funnelRoutes({ store, clock, access }: ScopedDeps) {
  const app = new Hono<ScopedEnv>();
  app.get('/', access('read'), async (c) => {
    const query = parseQuery(c, FunnelQuery);
    const range = resolveRange(query, clock());
    const environmentId = c.get('environment').id;
    const { tier, variant, surface, locale } = query;
    const selection = {
      from: range.from,
      to: range.to,
      ruleId: query.rule,
      filters: { ...(tier && { tier }), ...(variant && { variant }), ...(surface && { surface }), ...(locale && { locale }) },
    };
    const totals = await store.funnelCounts(environmentId, { ...selection, per: 'rule', by: storeBy(query.by) });
    const triggers = await ruleTriggers(store, environmentId, new Set(totals.map((r) => r.ruleId)));
    // The series of a trigger: counts stored with it, and those stored without one for rules that have it.
    const trigger = query.trigger === undefined ? undefined : { value: query.trigger, rules: [...triggers].filter(([, t]) => t === query.trigger).map(([id]) => id) };
    const days = await store.funnelCounts(environmentId, { ...selection, per: 'day', trigger });
    // Accounts first exposed in the range that converted since, per rule (the dimension filters do not narrow it).
    const times = await timesToConversion(store, environmentId, { from: range.from, to: range.to, ruleId: query.rule });
    return c.json(buildFunnel({ query, range, totals, days, triggers, times }));
  });
  app.all('/', methodNotAllowed('GET'));
  return app;
}
