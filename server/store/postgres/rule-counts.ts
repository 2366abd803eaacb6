import type { RuleEventCount, Store } from '../types';
import type { PgDb } from './db';

type RuleCountMethods = Pick<Store, 'ruleEventCounts'>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/**
 * Every (rule, type) pair in the order asked, each one COUNT over a range of `events_by_rule`
 * (environment, rule, type, occurred_at) plus its rolled-up days. One statement, so every figure
 * comes from one snapshot, as SQLite's single read transaction gives.
 */
const COUNTS = `SELECT r.rule AS "ruleId", t.type,
    (SELECT COUNT(*) FROM events e WHERE e.environment_id = $1 AND e.rule_id = r.rule AND e.type = t.type AND e.occurred_at >= $4 AND e.occurred_at < $5)
    + (SELECT COALESCE(SUM(u.count), 0) FROM event_rollups u WHERE u.environment_id = $1 AND u.day >= $6 AND u.day <= $7 AND u.rule_id = r.rule AND u.type = t.type)
    AS count
  FROM unnest($2::text[]) WITH ORDINALITY AS r(rule, i) CROSS JOIN unnest($3::text[]) WITH ORDINALITY AS t(type, j)
  ORDER BY r.i, t.j`;

/** Per-rule counts for the rules list over PostgreSQL; the cost follows the rule's own events in the range. */
export function pgRuleCounts(db: PgDb): RuleCountMethods {
  return {
    async ruleEventCounts(environmentId, ruleIds, types, from, to) {
      if (!DAY.test(from) || !DAY.test(to)) throw new RangeError('days must be YYYY-MM-DD');
      const fromMs = Date.parse(`${from}T00:00:00Z`);
      const toMs = Date.parse(`${to}T00:00:00Z`) + DAY_MS;
      return db.all<RuleEventCount>(COUNTS, [environmentId, ruleIds, types, fromMs, toMs, from, to]);
    },
  };
}
