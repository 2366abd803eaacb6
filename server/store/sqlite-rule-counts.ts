import type Database from 'better-sqlite3';
import type { RuleEventCount, Store } from './types';

type RuleCountMethods = Pick<Store, 'ruleEventCounts'>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/**
 * Per-rule counts for the rules list. Each (rule, type) is one COUNT over a range of the
 * `events_by_rule` index (environment, rule, type, occurred_at), plus the rolled-up days: the cost
 * follows the rule's own events in the range, never the environment's whole event table (which
 * `eventCounts`, grouping every event of the range, would read).
 */
export function sqliteRuleCounts(db: Database.Database): RuleCountMethods {
  const raw = db
    .prepare('SELECT COUNT(*) FROM events WHERE environment_id = @env AND rule_id = @rule AND type = @type AND occurred_at >= @fromMs AND occurred_at < @toMs')
    .pluck();
  const rolled = db
    .prepare('SELECT COALESCE(SUM(count), 0) FROM event_rollups WHERE environment_id = @env AND day >= @from AND day <= @to AND rule_id = @rule AND type = @type')
    .pluck();
  const all = db.transaction((env: string, ruleIds: readonly string[], types: readonly string[], from: string, to: string) => {
    const fromMs = Date.parse(`${from}T00:00:00Z`);
    const toMs = Date.parse(`${to}T00:00:00Z`) + DAY_MS;
    return ruleIds.flatMap((rule) =>
      types.map((type): RuleEventCount => {
        const params = { env, rule, type, from, to, fromMs, toMs };
        return { ruleId: rule, type, count: (raw.get(params) as number) + (rolled.get(params) as number) };
      }),
    );
  });
  return {
    async ruleEventCounts(environmentId, ruleIds, types, from, to) {
      if (!DAY.test(from) || !DAY.test(to)) throw new RangeError('days must be YYYY-MM-DD');
      // One read transaction: every figure comes from the same snapshot.
      return all(environmentId, ruleIds, types, from, to);
    },
  };
}
